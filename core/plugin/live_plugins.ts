/**
 * The grader and provider plugin processes this process runs, for `plugins_list`: the grader
 * pool and the providers register what they start here (guards have their own,
 * `liveGuardCheckers`), so an operator sees a provider or grader as running, down or broken,
 * with its meta, its last error and its calls.
 *
 * @module
 */

import { errorMessage } from "../errors.ts";
import type { SandboxedPlugin } from "../sandbox.ts";
import type { PluginKind, PluginMeta } from "./types.ts";

/** One started grader or provider, as `plugins_list` shows it. */
export interface LivePluginState {
  /** `grader` or `provider`. */
  kind: PluginKind;
  /** Its configured (or built-in) name. */
  name: string;
  /** Where it loads from. */
  from: string;
  /** `starting`, `running` (its process serves), `down` (the next call restarts it), `broken`. */
  state: "starting" | "running" | "down" | "broken";
  /** Its meta, once it said hello. */
  meta?: PluginMeta;
  /** Why it failed to start or last failed a call. */
  lastError?: string;
  /** Calls answered and failed (timeouts included in failed). */
  calls: { ok: number; failed: number };
}

/** A plugin a registry tracks: its start, then its outcomes. */
export interface LivePlugin {
  /** Counts an answered call. */
  ok(): void;
  /** Counts a failed call and keeps its reason. */
  failed(error: unknown): void;
}

const entries = new Set<Entry>();

interface Entry {
  kind: PluginKind;
  name: string;
  from: string;
  plugin?: SandboxedPlugin;
  startError?: string;
  lastError?: string;
  calls: { ok: number; failed: number };
}

/**
 * Registers a plugin being started; forget it with the returned function's `remove` when its
 * owner closes. The state follows the sandbox's status.
 *
 * @example
 * ```ts
 * import { livePluginStates, trackPlugin } from "./live_plugins.ts";
 * const tracked = trackPlugin("provider", "never", "./never.ts", new Promise(() => {}));
 * console.assert(livePluginStates().some((s) => s.name === "never" && s.state === "starting"));
 * tracked.remove();
 * ```
 */
export function trackPlugin(
  kind: PluginKind,
  name: string,
  from: string,
  starting: Promise<SandboxedPlugin>,
): LivePlugin & { remove(): void } {
  const entry: Entry = { kind, name, from, calls: { ok: 0, failed: 0 } };
  entries.add(entry);
  starting.then(
    (plugin) => entry.plugin = plugin,
    (error) => entry.startError = errorMessage(error),
  );
  return {
    ok: () => void entry.calls.ok++,
    failed: (error) => {
      entry.calls.failed++;
      entry.lastError = errorMessage(error);
    },
    remove: () => void entries.delete(entry),
  };
}

/** What every tracked grader and provider of this process looks like now. */
export function livePluginStates(): LivePluginState[] {
  return [...entries].map((entry) => {
    const status = entry.plugin?.status().state;
    const state: LivePluginState["state"] = entry.startError !== undefined
      ? "broken"
      : entry.plugin === undefined
      ? "starting"
      : status === "ready"
      ? "running"
      : status === "broken"
      ? "broken"
      : "down";
    return {
      kind: entry.kind,
      name: entry.name,
      from: entry.from,
      state,
      ...(entry.plugin ? { meta: entry.plugin.meta } : {}),
      ...(entry.startError ?? entry.lastError
        ? { lastError: entry.startError ?? entry.lastError }
        : {}),
      calls: { ...entry.calls },
    };
  });
}
