/**
 * `plugins_list`: the configured plugins, with meta, grant, state and last error.
 * States come from the guard checkers alive in this process (`core/plugin/guard_checker.ts`);
 * a plugin no event has needed yet is `not started`.
 *
 * @module
 */

import { z } from "zod";
import { loadConfig } from "../config.ts";
import { liveGuardCheckers } from "../plugin/guard_checker.ts";
import { livePluginStates } from "../plugin/live_plugins.ts";
import { defineTool, READ_ONLY } from "./tool.ts";

const STATES = [
  "not started",
  "starting",
  "running",
  "down",
  "broken",
  "disabled",
  "skipped",
] as const;

const permissions = z.object({
  net: z.array(z.string()).optional(),
  env: z.array(z.string()).optional(),
  read: z.array(z.string()).optional(),
  write: z.array(z.string()).optional(),
});

/** The `plugins_list` tool. */
export const pluginsList = defineTool({
  name: "plugins_list",
  title: "List the configured plugins",
  description: [
    "List the sandboxed plugins the operator configured (guards, graders, providers): where each",
    "loads from, what it is granted, its meta once started, its state (running, broken, not",
    "started, ...) and its last error. Use it to learn why a guard finding appeared or is missing.",
  ].join(" "),
  input: {},
  output: {
    plugins: z.array(z.object({
      name: z.string(),
      kind: z.enum(["guard", "grader", "provider"]),
      from: z.string(),
      grant: permissions,
      enabled: z.boolean(),
      hook: z.boolean(),
      timeoutMs: z.number(),
      state: z.enum(STATES),
      meta: z.object({
        name: z.string(),
        version: z.string(),
        description: z.string(),
        permissions,
      }).nullable(),
      lastError: z.string().nullable(),
      calls: z.object({ ok: z.number(), timeouts: z.number(), failed: z.number() }),
    })),
  },
  annotations: READ_ONLY,
  async run() {
    const config = await loadConfig(Deno.cwd());
    const states = liveGuardCheckers().flatMap((c) => c.states());
    // Graders and providers started by the pool and the providers (core/plugin/live_plugins.ts).
    const others = livePluginStates();
    return {
      plugins: config.plugins.map((p) => {
        const guard = states.find((s) => s.config.from === p.from && s.config.name === p.name);
        const other = others.find((s) => s.kind === p.kind && s.name === p.name) ??
          others.find((s) => s.kind === p.kind && s.from === p.from);
        const live = guard ?? (other && {
          name: other.name,
          state: other.state,
          meta: other.meta,
          lastError: other.lastError,
          calls: { ok: other.calls.ok, timeouts: 0, failed: other.calls.failed },
        });
        return {
          name: live?.name ?? p.name,
          kind: p.kind,
          from: p.from,
          grant: p.grant,
          enabled: p.enabled,
          hook: p.hook,
          timeoutMs: p.timeoutMs,
          state: live?.state ?? (p.enabled ? "not started" : "disabled"),
          meta: live?.meta
            ? {
              name: live.meta.name,
              version: live.meta.version,
              description: live.meta.description,
              permissions: live.meta.permissions,
            }
            : null,
          lastError: live?.lastError ?? null,
          calls: live?.calls ?? { ok: 0, timeouts: 0, failed: 0 },
        };
      }),
    };
  },
  summarize(result) {
    if (result.plugins.length === 0) return "No plugins configured.";
    return [
      `${result.plugins.length} plugins`,
      ...result.plugins.map((p) =>
        `- ${p.name} (${p.kind}, ${p.state})${p.meta ? ` ${p.meta.version}` : ""}: ${p.from}${
          p.lastError ? `; last error: ${p.lastError}` : ""
        }`
      ),
    ].join("\n");
  },
});
