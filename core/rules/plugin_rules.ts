/**
 * Rules whose match tree uses a plugin (`plugin: NAME`, `core/rules/matchers/plugin.ts`):
 * matched in rounds, because a plugin answers asynchronously. Each round matches the rule
 * with the answers cached so far; the plugin calls the round asked for are made at once
 * (concurrently, each within the plugin's time budget), cached for the event, and the rule
 * is matched again. The synchronous rules checker leaves these rules out.
 *
 * A plugin that fails or overruns leaves its rule undecided for that event: one low `warn`
 * finding says so (never a crash, never a silent allow). A rule whose plugin is not
 * configured is reported once in `problems` and skipped.
 *
 * @module
 */

import type { Checker } from "../engine.ts";
import type { AgentEvent } from "../event.ts";
import { checkSkipped, type Finding } from "../verdict.ts";
import { applies, findingOf, type RuleOverride } from "./checker.ts";
import { type PluginAnswer, PluginUnavailable } from "./matchers/plugin.ts";
import type { PlaceContext } from "./places.ts";
import type { Captures, MatchContext, Rule } from "./types.ts";

/** Where a named plugin stands for the rules of this process. */
export type PluginPresence = "ready" | "skipped" | "disabled" | "missing";

/** What runs the plugins of `plugin:` leaves (the guard checker, or a test's host). */
export interface PluginHost {
  /**
   * `ready`: configured and runnable here; `skipped`: configured but not run in this
   * process (a hook process runs only `hook: true` plugins); `disabled` by config;
   * `missing`: no plugin of that name is configured.
   */
  presence(name: string): PluginPresence;
  /** Asks a guard plugin about an event; never rejects (a failure is an answer). */
  ask(name: string, event: AgentEvent, options?: Record<string, unknown>): Promise<PluginAnswer>;
}

/** The most rounds a rule gets (a plugin leaf under another plugin's branch needs two). */
const MAX_ROUNDS = 4;

/** A rule's outcome for one event. */
export interface PluginRuleMatch {
  /** The captures when it fired, else `null`. */
  captures: Captures | null;
  /** Set when a plugin could not answer and the rule is undecided. */
  unavailable?: PluginUnavailable;
}

/**
 * Matches a rule that uses plugins: rounds of synchronous matching, with the plugin calls
 * each round needs made in between. Answers are cached in `context.cache`, so rules of the
 * same event share them.
 */
export async function matchWithPlugins(
  rule: Rule,
  context: MatchContext,
  host: PluginHost,
): Promise<PluginRuleMatch> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const needs = new Map();
    let captures: Captures | null;
    try {
      captures = rule.match({ ...context, needs });
    } catch (error) {
      if (error instanceof PluginUnavailable) return { captures: null, unavailable: error };
      throw error;
    }
    if (needs.size === 0) return { captures };
    await Promise.all(
      [...needs].map(async ([key, need]) => {
        const answer: PluginAnswer = host.presence(need.name) === "ready"
          ? await host.ask(need.name, context.event, need.options)
          : { error: "is not running in this process" };
        context.cache.set(key, answer);
      }),
    );
  }
  return {
    captures: null,
    unavailable: new PluginUnavailable(
      rule.plugins.join(", "),
      `was still needed after ${MAX_ROUNDS} rounds`,
      false,
    ),
  };
}

/** Options of {@linkcode createPluginRulesChecker}. */
export interface PluginRulesOptions {
  /** Overrides by rule id (already applied to which rules are enabled). */
  overrides?: Record<string, RuleOverride>;
  /** The user's home folder (default `$HOME`). */
  home?: string;
  /** Rules whose plugins are not configured are reported here once. */
  problems?: string[];
}

/** The plugin-rules checker: a {@linkcode Checker} and the rules it runs. */
export interface PluginRulesChecker extends Checker {
  /** The rules it runs: those whose plugins are ready here. */
  readonly rules: readonly Rule[];
}

/**
 * Creates the checker of the rules that use plugins. Rules whose plugin is missing are
 * reported in `problems`; rules whose plugin is skipped or disabled here are left out
 * quietly.
 *
 * @example
 * ```ts
 * import { createPluginRulesChecker } from "./plugin_rules.ts";
 * const checker = createPluginRulesChecker([], {
 *   presence: () => "missing",
 *   ask: () => Promise.resolve({ findings: [] }),
 * });
 * console.assert(checker.rules.length === 0);
 * ```
 */
export function createPluginRulesChecker(
  rules: readonly Rule[],
  host: PluginHost,
  options: PluginRulesOptions = {},
): PluginRulesChecker {
  const overrides = options.overrides ?? {};
  const home = options.home ?? Deno.env.get("HOME") ?? "/";
  const runnable: Rule[] = [];
  for (const rule of rules) {
    if (overrides[rule.id]?.enabled === false) continue;
    const presence = rule.plugins.map((name) => [name, host.presence(name)] as const);
    const missing = presence.filter(([, p]) => p === "missing").map(([name]) => name);
    if (missing.length > 0) {
      options.problems?.push(
        `Rule "${rule.id}" (${rule.at.file}:${rule.at.line}) uses plugin ${
          missing.map((m) => `"${m}"`).join(", ")
        }, which is not configured under plugins: with that name; the rule is skipped`,
      );
      continue;
    }
    if (presence.every(([, p]) => p === "ready")) runnable.push(rule);
  }
  return {
    name: "plugin-rules",
    rules: runnable,
    async check(event: AgentEvent): Promise<Finding[]> {
      const applicable = runnable.filter((rule) => applies(rule, event));
      if (applicable.length === 0) return [];
      const places: PlaceContext = { home, cwd: event.cwd };
      const context: MatchContext = { event, places, cache: new Map() };
      const outcomes = await Promise.all(
        applicable.map((rule) => matchWithPlugins(rule, context, host)),
      );
      const findings: Finding[] = [];
      const reported = new Set<string>();
      for (const [i, outcome] of outcomes.entries()) {
        const rule = applicable[i];
        if (outcome.captures) {
          findings.push(findingOf(rule, outcome.captures, overrides[rule.id]?.action));
        } else if (outcome.unavailable && !reported.has(outcome.unavailable.plugin)) {
          reported.add(outcome.unavailable.plugin);
          findings.push(undecided(rule, outcome.unavailable));
        }
      }
      return findings;
    },
  };
}

function undecided(rule: Rule, why: PluginUnavailable): Finding {
  return checkSkipped(
    `${rule.id}.undecided`,
    `Rule ${rule.id} could not be decided for this event: plugin "${why.plugin}" ${
      why.timeout ? "did not answer in time" : why.reason
    }.`,
  );
}
