/**
 * The vocabulary of judgement: decisions, categories, severities, findings and the
 * verdict the engine returns for every event (DESIGN.md, contracts 2 and 3).
 *
 * @module
 */

/** What taskorch decides about one event, from least to most restrictive. */
export const DECISIONS = ["allow", "warn", "ask", "deny", "block"] as const;

/**
 * `allow`: proceed. `warn`: proceed, with context for the agent. `ask`: a human must
 * approve. `deny`: blocked, with the reason shown to the agent. `block`: at `Stop`, the
 * agent must keep working, with the reason.
 */
export type Decision = typeof DECISIONS[number];

/** The closed set of failure categories. Extend deliberately. */
export const CATEGORIES = [
  "destructive_command",
  "secrets_leakage",
  "prompt_injection",
  "false_success_claim",
  "hallucinated_path",
  "hallucinated_package",
  "fabricated_api",
  "scope_drift",
  "cost_runaway",
  "other",
] as const;

/** A failure category. */
export type Category = typeof CATEGORIES[number];

/** How bad a finding is if it is right. */
export const SEVERITIES = ["low", "medium", "high", "critical"] as const;

/** A finding's severity. */
export type Severity = typeof SEVERITIES[number];

/** Where a finding came from. */
export type FindingSource = "rule" | "evidence" | "memory" | "guard";

/** One thing taskorch noticed about an event. */
export interface Finding {
  /** The id of the rule, memory pattern or guard that produced it, e.g. `git.force-push`. */
  rule: string;
  /** The failure category. */
  category: Category;
  /** How bad it is if it is right. */
  severity: Severity;
  /** What was noticed, written for the agent. */
  message: string;
  /** The decision this finding asks for; the verdict takes the strictest. */
  action?: Decision;
  /** How sure the source is, from 0 to 1 (default 1). */
  confidence?: number;
  /** What the agent should do instead. */
  suggestion?: string;
  /** Which part of the system produced it. */
  source?: FindingSource;
}

/**
 * A low `warn` finding of category `other`: taskorch telling the agent that one of its own
 * checks could not run for this event (a checker failed, a plugin timed out), never a
 * verdict on the event itself.
 *
 * @example
 * ```ts
 * import { checkSkipped } from "./verdict.ts";
 * const f = checkSkipped("plugin.x.timeout", "The guard plugin \"x\" did not answer in time.");
 * console.assert(f.action === "warn" && f.severity === "low" && f.source === "guard");
 * ```
 */
export function checkSkipped(
  rule: string,
  message: string,
  source: FindingSource = "guard",
): Finding {
  return { rule, category: "other", severity: "low", action: "warn", source, message };
}

/** The engine's answer for one event. */
export interface Verdict {
  /** The strictest decision any finding asks for; `allow` when there is none. */
  decision: Decision;
  /** Combined risk from 0 (nothing found) to 1. */
  risk: number;
  /** Everything noticed, strictest first. */
  findings: Finding[];
  /** Distinct suggestions for the agent, in finding order. */
  suggestions: string[];
}

/** Returns whether `value` is one of the five decisions. */
export function isDecision(value: unknown): value is Decision {
  return typeof value === "string" && (DECISIONS as readonly string[]).includes(value);
}

/** Returns whether `value` is one of the closed set of categories. */
export function isCategory(value: unknown): value is Category {
  return typeof value === "string" && (CATEGORIES as readonly string[]).includes(value);
}

/** Returns whether `value` is one of the four severities. */
export function isSeverity(value: unknown): value is Severity {
  return typeof value === "string" && (SEVERITIES as readonly string[]).includes(value);
}
