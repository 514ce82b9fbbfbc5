/**
 * The `plugin:` matcher: a guard plugin as a leaf of a rule's match tree.
 *
 * ```yaml
 * match:
 *   all:
 *     - command: { program: [npm, pnpm, pip] }
 *     - plugin: packages          # a guard plugin configured under that name
 *       options: { minAgeDays: 7 } # laid over the operator's options for this rule
 * ```
 *
 * The leaf matches when the guard returns at least one finding (a result whose verdict is
 * `unknown` never matches), and captures `plugin`, `plugin_rule`, `plugin_message`,
 * `plugin_severity` and `plugin_category` of its first finding for the rule's message.
 *
 * Matchers are synchronous and a plugin answers asynchronously, so a rule with plugin
 * leaves is matched in rounds (`core/rules/plugin_rules.ts`): a leaf whose answer is not
 * yet in the event's cache records what it needs in `context.needs` and does not match;
 * the caller asks the plugins, caches the answers and matches the rule again. The rest of
 * the tree runs first, so `all: [command..., plugin]` calls the plugin only for the
 * commands that got that far.
 *
 * @module
 */

import type { GuardFinding } from "../../plugin/types.ts";
import type { Captures, Matcher } from "../types.ts";

/** A plugin call a rule needs before it can be decided. */
export interface PluginNeed {
  /** The configured plugin name. */
  name: string;
  /** The rule's options for it (laid over the operator's). */
  options?: Record<string, unknown>;
}

/** A plugin's answer as the matcher reads it from the event's cache. */
export type PluginAnswer =
  | { findings: GuardFinding[]; verdict?: "unknown" }
  | { error: string; timeout?: boolean };

/** The cache key of one plugin call for one event. */
export function pluginKey(name: string, options?: Record<string, unknown>): string {
  return `plugin\u0000${name}\u0000${options === undefined ? "" : JSON.stringify(options)}`;
}

/** Thrown by a leaf whose plugin failed: the rule cannot be decided for this event. */
export class PluginUnavailable extends Error {
  /** Creates the signal for a plugin's failure. */
  constructor(readonly plugin: string, readonly reason: string, readonly timeout: boolean) {
    super(`plugin "${plugin}" ${reason}`);
    this.name = "PluginUnavailable";
  }
}

/**
 * Creates the leaf for `plugin: NAME` with optional `options`.
 *
 * @example
 * ```ts
 * import { pluginKey, pluginMatcher } from "./plugin.ts";
 * const leaf = pluginMatcher("packages");
 * const context = {
 *   event: { hook_event_name: "PreToolUse" },
 *   places: { home: "/h", cwd: "/h/p" },
 *   cache: new Map<string, unknown>(),
 *   needs: new Map(),
 * };
 * console.assert(leaf(context) === null && context.needs.size === 1);
 * context.cache.set(pluginKey("packages"), {
 *   findings: [{ rule: "pkg.missing", category: "hallucinated_package", severity: "high", message: "no such package" }],
 * });
 * console.assert(leaf(context)?.plugin_message === "no such package");
 * ```
 */
export function pluginMatcher(name: string, options?: Record<string, unknown>): Matcher {
  const key = pluginKey(name, options);
  return (context) => {
    const answer = context.cache.get(key) as PluginAnswer | undefined;
    if (answer === undefined) {
      context.needs?.set(key, { name, options });
      return null;
    }
    if ("error" in answer) {
      throw new PluginUnavailable(name, answer.error, answer.timeout === true);
    }
    if (answer.verdict === "unknown" || answer.findings.length === 0) return null;
    const first = answer.findings[0];
    const captures: Captures = {
      plugin: name,
      plugin_rule: first.rule,
      plugin_message: first.message,
      plugin_severity: first.severity,
      plugin_category: first.category,
    };
    return captures;
  };
}

/**
 * The plugin names a raw match tree uses (without compiling it).
 *
 * @example
 * ```ts
 * import { pluginsOf } from "./plugin.ts";
 * console.assert(pluginsOf({ all: [{ regex: "x" }, { not: { plugin: "p" } }] })[0] === "p");
 * ```
 */
export function pluginsOf(raw: unknown): string[] {
  const found = new Set<string>();
  const walk = (node: unknown): void => {
    if (typeof node !== "object" || node === null) return;
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    const record = node as Record<string, unknown>;
    if (typeof record.plugin === "string") found.add(record.plugin);
    for (const [key, value] of Object.entries(record)) {
      if (key !== "options" && typeof value === "object") walk(value);
    }
  };
  walk(raw);
  return [...found];
}
