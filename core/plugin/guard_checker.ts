/**
 * Guard plugins as a {@linkcode Checker}: every configured, enabled guard runs in its own
 * sandboxed process (`core/sandbox.ts`), started on the first event that needs it. Guards
 * are consulted concurrently, each within its time budget (`timeout_ms`): a guard that
 * overruns becomes a low `warn` finding `plugin.<name>.timeout` (its process is killed and
 * restarts on a later event), never a crash, and the other checkers still answer. A guard
 * that cannot start, or that fails too often, is broken: it is reported once (one finding
 * `plugin.<name>.broken` and one line in `problems`) and skipped afterwards. A result whose
 * `verdict` is `unknown` adds nothing.
 *
 * Cost: a plugin process starts in ~60–115 ms, so guards belong to the long-lived doors
 * (`taskorch serve`, `POST /hook`, `taskorch check`). The `taskorch hook` process (one per
 * event) runs only the guards marked `hook: true`.
 *
 * @module
 */

import type { PluginConfig } from "../config.ts";
import type { PluginCacheStore } from "./kv_cache.ts";
import type { Checker } from "../engine.ts";
import { errorMessage, TaskorchError } from "../errors.ts";
import type { AgentEvent } from "../event.ts";
import { type SandboxedPlugin, startPlugin } from "../sandbox.ts";
import { checkSkipped, type Finding } from "../verdict.ts";
import type { PluginMeta } from "./types.ts";
import type { PluginAnswer } from "../rules/matchers/plugin.ts";
import type { PluginHost, PluginPresence } from "../rules/plugin_rules.ts";

/** Where a configured plugin stands in this process. */
export interface GuardState {
  /** Its configured name (the specifier until it says its own). */
  name: string;
  /** The configuration it runs with. */
  config: PluginConfig;
  /** `not started` until an event needs it; `disabled` by config; `skipped` in the hook. */
  state: "not started" | "starting" | "running" | "down" | "broken" | "disabled" | "skipped";
  /** Its meta, once it said hello. */
  meta?: PluginMeta;
  /** The last error it caused, if any. */
  lastError?: string;
  /** Calls answered, timed out and failed in this process. */
  calls: { ok: number; timeouts: number; failed: number };
}

/** Options of {@linkcode createGuardChecker}. */
export interface GuardCheckerOptions {
  /** The configured plugins; only enabled guards run. */
  plugins: readonly PluginConfig[];
  /** The workspace the plugins run in (default: cwd). */
  cwd?: string;
  /** Run only plugins marked `hook: true` (the one-event `taskorch hook` process). */
  hookOnly?: boolean;
  /** Broken plugins are reported here once (the runtime's `problems`). */
  problems?: string[];
  /** Failures in a row after which the sandbox reports a plugin broken (default 3). */
  maxCrashes?: number;
  /** Serves the guards' `ctx.cache` (the host brokers it; plugins never touch the store). */
  cache?: PluginCacheStore;
  /**
   * Plugins that rules use through `plugin:` leaves: they answer those rules only and do not
   * also run on every event on their own (their findings would come twice).
   */
  ruleOnly?: readonly string[];
}

/**
 * The guard checker: a {@linkcode Checker} plus what operators ask about it; it is also the
 * {@linkcode PluginHost} of rules' `plugin:` leaves.
 */
export interface GuardChecker extends Checker, PluginHost {
  /** Whether any plugin would run (false: `check` does nothing and starts nothing). */
  readonly active: boolean;
  /** The state of every configured plugin. */
  states(): GuardState[];
  /** Stops every plugin process. */
  close(): Promise<void>;
}

const live = new Set<GuardChecker>();

/** The guard checkers alive in this process (for `plugins_list`). */
export function liveGuardCheckers(): GuardChecker[] {
  return [...live];
}

function ruleName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_.-]+/g, "-").replace(/^-+|-+$/g, "") || "plugin";
}

/**
 * Creates the guard checker. No process starts until `check` sees an event.
 *
 * @example
 * ```ts
 * import { createGuardChecker } from "./guard_checker.ts";
 * const guards = createGuardChecker({ plugins: [] });
 * console.assert(!guards.active);
 * const findings = await guards.check({ hook_event_name: "UserPromptSubmit", prompt: "hi" });
 * console.assert(findings.length === 0);
 * await guards.close();
 * ```
 */
export function createGuardChecker(options: GuardCheckerOptions): GuardChecker {
  const cwd = options.cwd ?? Deno.cwd();
  const states: GuardState[] = options.plugins.filter((p) => p.kind === "guard").map((config) => ({
    name: config.name,
    config,
    state: !config.enabled
      ? "disabled"
      : options.hookOnly && !config.hook
      ? "skipped"
      : "not started",
    calls: { ok: 0, timeouts: 0, failed: 0 },
  }));
  const handles = new Map<GuardState, Promise<SandboxedPlugin>>();
  const ruleOnly = new Set(options.ruleOnly ?? []);
  const standalone = states.filter((s) => !ruleOnly.has(s.config.name));
  let closed = false;

  function stateOf(name: string): GuardState | undefined {
    return states.find((s) => s.config.name === name);
  }

  function broken(state: GuardState, message: string): Finding[] {
    if (state.state === "broken") return [];
    state.state = "broken";
    state.lastError = message;
    options.problems?.push(`Guard plugin "${state.name}" is broken and skipped: ${message}`);
    return [
      checkSkipped(
        `plugin.${ruleName(state.name)}.broken`,
        `The guard plugin "${state.name}" is broken and was skipped: ${message}`,
      ),
    ];
  }

  function plugin(state: GuardState): Promise<SandboxedPlugin> {
    let handle = handles.get(state);
    if (handle === undefined) {
      state.state = "starting";
      const { config } = state;
      handle = startPlugin(config.from, {
        kind: "guard",
        grant: config.grant,
        options: config.options,
        cwd,
        timeoutMs: config.timeoutMs,
        startTimeoutMs: Math.max(10_000, config.timeoutMs),
        maxCrashes: options.maxCrashes,
        cache: options.cache,
      }).then((p) => {
        state.meta = p.meta;
        if (!config.named) state.name = p.meta.name;
        state.state = "running";
        if (closed) void p.close();
        return p;
      });
      handles.set(state, handle);
    }
    return handle;
  }

  async function run(state: GuardState, event: AgentEvent): Promise<Finding[]> {
    let sandboxed: SandboxedPlugin;
    try {
      sandboxed = await plugin(state);
    } catch (error) {
      state.calls.failed++;
      return broken(state, `it did not start: ${errorMessage(error)}`);
    }
    const name = ruleName(state.name);
    try {
      const result = await sandboxed.check(event);
      state.calls.ok++;
      state.state = "running";
      if (result.verdict === "unknown") return [];
      return result.findings.map((f) => ({ ...f, source: "guard" as const }));
    } catch (error) {
      const code = error instanceof TaskorchError ? error.code : undefined;
      state.lastError = errorMessage(error);
      if (code === "PLUGIN_TIMEOUT") {
        state.calls.timeouts++;
        if (sandboxed.status().state === "broken") return broken(state, state.lastError);
        state.state = "down";
        return [
          checkSkipped(
            `plugin.${name}.timeout`,
            `The guard plugin "${state.name}" did not answer within ${state.config.timeoutMs} ms and was skipped for this event.`,
          ),
        ];
      }
      state.calls.failed++;
      if (code === "PLUGIN_BROKEN" || sandboxed.status().state === "broken") {
        return broken(state, state.lastError);
      }
      if (code === "PLUGIN_CLOSED") return [];
      return [
        checkSkipped(
          `plugin.${name}.failed`,
          `The guard plugin "${state.name}" failed and was skipped: ${state.lastError}`,
        ),
      ];
    }
  }

  const checker: GuardChecker = {
    name: "guards",
    active: standalone.some((s) => s.state === "not started"),
    async check(event: AgentEvent): Promise<Finding[]> {
      if (closed) return [];
      const runnable = standalone.filter((s) =>
        !["disabled", "skipped", "broken"].includes(s.state)
      );
      const results = await Promise.all(runnable.map((s) => run(s, event)));
      return results.flat();
    },
    presence(name: string): PluginPresence {
      const state = stateOf(name);
      if (state === undefined) return "missing";
      if (state.state === "disabled") return "disabled";
      if (state.state === "skipped") return "skipped";
      return "ready";
    },
    async ask(
      name: string,
      event: AgentEvent,
      pluginOptions?: Record<string, unknown>,
    ): Promise<PluginAnswer> {
      const state = stateOf(name);
      if (state === undefined || closed) return { error: "is not configured" };
      if (state.state === "broken") return { error: `is broken: ${state.lastError}` };
      let sandboxed: SandboxedPlugin;
      try {
        sandboxed = await plugin(state);
      } catch (error) {
        state.calls.failed++;
        broken(state, `it did not start: ${errorMessage(error)}`);
        return { error: `did not start: ${errorMessage(error)}` };
      }
      try {
        const result = await sandboxed.check(event, { pluginOptions });
        state.calls.ok++;
        state.state = "running";
        return result;
      } catch (error) {
        state.lastError = errorMessage(error);
        const timeout = error instanceof TaskorchError && error.code === "PLUGIN_TIMEOUT";
        if (timeout) state.calls.timeouts++;
        else state.calls.failed++;
        if (sandboxed.status().state === "broken") broken(state, state.lastError);
        else if (timeout) state.state = "down";
        return { error: timeout ? "did not answer in time" : state.lastError, timeout };
      }
    },
    states: () => states.map((s) => ({ ...s, calls: { ...s.calls } })),
    async close(): Promise<void> {
      closed = true;
      live.delete(checker);
      await Promise.allSettled(
        [...handles.values()].map(async (h) => (await h).close()),
      );
    },
  };
  live.add(checker);
  return checker;
}
