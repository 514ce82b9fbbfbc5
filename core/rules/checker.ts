/**
 * Runs compiled rules against events: picks the rules that apply to the event and tool
 * (indexed, so an event only meets its own rules), matches them with one shared per-event
 * cache, and turns each hit into a finding with its captures interpolated.
 *
 * @module
 */

import type { Checker } from "../engine.ts";
import { redactSecrets } from "../redact.ts";
import type { AgentEvent } from "../event.ts";
import type { Decision, Finding } from "../verdict.ts";
import { globToRegExp } from "./matchers/path.ts";
import type { PlaceContext } from "./places.ts";
import type { Captures, MatchContext, Pack, Rule } from "./types.ts";

/** Per-rule changes an operator configured. */
export interface RuleOverride {
  /** Turn the rule off. */
  enabled?: boolean;
  /** Replace the rule's action. */
  action?: Decision;
}

/** Options of {@linkcode createRulesChecker}. */
export interface RulesCheckerOptions {
  /** The user's home folder (default `$HOME`). */
  home?: string;
  /** Overrides by rule id. */
  overrides?: Record<string, RuleOverride>;
}

/**
 * Where a capture was missing: the gap closes next to punctuation and brackets, else leaves
 * one space.
 */
const EMPTY_BEFORE_PUNCTUATION = new RegExp(
  "(?<=[(\\[`\"'])\u0000 *| *\u0000 *(?=[.,:;)\\]`\"'])",
  "g",
);
const EMPTY = new RegExp(" *\u0000 *", "g");

/**
 * Inserts `{{name}}` captures into a message. A name the match did not capture (a branch
 * of `any:` that does not set it) becomes empty, so the agent never sees template syntax.
 * Credentials in a capture (a command that carries a token) are masked: the message goes
 * into the transcript and the store, and must not leak what it warns about.
 */
export function interpolate(template: string, captures: Captures): string {
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_whole, name: string) => {
    const found = captures[name];
    if (found === undefined) return "\u0000";
    const value = redactSecrets(found.trim());
    return value.length > 200 ? value.slice(0, 197) + "..." : value;
  }).replace(EMPTY_BEFORE_PUNCTUATION, "").replace(EMPTY, " ").trim();
}

/** Whether a rule applies to an event's hook and tool. */
export function applies(rule: Rule, event: AgentEvent): boolean {
  if (!rule.events.includes(event.hook_event_name)) return false;
  if (rule.tools.length === 0) return true;
  if (event.tool_name === undefined) return false;
  return rule.tools.some((glob) => globToRegExp(glob).test(event.tool_name!));
}

/** Matches one rule against an event; the captures when it fires, `null` otherwise. */
export function matchRule(rule: Rule, event: AgentEvent, places: PlaceContext): Captures | null {
  if (!applies(rule, event)) return null;
  return rule.match({
    event,
    places: { ...places, cwd: event.cwd ?? places.cwd },
    cache: new Map(),
  });
}

/** Turns a rule hit into a finding. */
export function findingOf(rule: Rule, captures: Captures, action?: Decision): Finding {
  return {
    rule: rule.id,
    category: rule.category,
    severity: rule.severity,
    message: interpolate(rule.message, captures),
    action: action ?? rule.action,
    confidence: rule.confidence,
    suggestion: rule.suggestion && interpolate(rule.suggestion, captures),
    source: "rule",
  };
}

/** The rules checker: synchronous, and it shows the rules it runs. */
export interface RulesChecker extends Checker {
  /** The enabled rules it runs (those without `plugin:` leaves). */
  rules: Rule[];
  /**
   * The enabled rules that use plugins: asynchronous, so not run here; the runtime gives
   * them to `createPluginRulesChecker` (`core/rules/plugin_rules.ts`).
   */
  pluginRules: Rule[];
  /** The findings of every rule that fires. */
  check(event: AgentEvent): Finding[];
}

/**
 * Creates the checker that runs every enabled rule of the packs.
 *
 * @example
 * ```ts
 * import { createRulesChecker } from "./checker.ts";
 * const checker = createRulesChecker([]);
 * console.assert(checker.check({ hook_event_name: "Stop" }).length === 0);
 * ```
 */
export function createRulesChecker(
  packs: readonly Pack[],
  options: RulesCheckerOptions = {},
): RulesChecker {
  const overrides = options.overrides ?? {};
  const enabled = packs.flatMap((p) => p.rules).filter((r) => overrides[r.id]?.enabled !== false);
  const rules = enabled.filter((r) => r.plugins.length === 0);
  const pluginRules = enabled.filter((r) => r.plugins.length > 0);
  const home = options.home ?? Deno.env.get("HOME") ?? "/";
  const globs = new Map<string, RegExp>();
  const index = new Map<string, Rule[]>();

  function rulesFor(event: AgentEvent): Rule[] {
    const key = `${event.hook_event_name}\u0000${event.tool_name ?? ""}`;
    let found = index.get(key);
    if (!found) {
      found = rules.filter((rule) => {
        if (!rule.events.includes(event.hook_event_name)) return false;
        if (rule.tools.length === 0) return true;
        if (event.tool_name === undefined) return false;
        return rule.tools.some((glob) => {
          let regex = globs.get(glob);
          if (!regex) globs.set(glob, regex = globToRegExp(glob));
          return regex.test(event.tool_name!);
        });
      });
      if (index.size > 1000) index.clear();
      index.set(key, found);
    }
    return found;
  }

  return {
    name: "rules",
    rules,
    pluginRules,
    check(event: AgentEvent): Finding[] {
      const applicable = rulesFor(event);
      if (applicable.length === 0) return [];
      const context: MatchContext = { event, places: { home, cwd: event.cwd }, cache: new Map() };
      const findings: Finding[] = [];
      for (const rule of applicable) {
        const captures = rule.match(context);
        if (captures) findings.push(findingOf(rule, captures, overrides[rule.id]?.action));
      }
      return findings;
    },
  };
}
