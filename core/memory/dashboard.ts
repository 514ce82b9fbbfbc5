/**
 * The dashboard: figures over the last `days` UTC days, every one computed from stored
 * records — check records (`["checks", day, id]`, core/memory/checks.ts), learned patterns
 * (`["patterns", id]`) and tool-failure outcomes (`["outcomes", day, id]`). What
 * `immune_dashboard` and `taskorch memory dashboard` show, as JSON or markdown.
 *
 * **Prevented**, defined so it can be checked against the records:
 *
 * - *held*: a flagged check (decision warn, ask, deny or block) of a known session none of
 *   whose rules or memory patterns fired again later in that session within the window —
 *   the agent did not come back to the same failure. An upper bound: the session may have
 *   ended, or the agent may have reached the same end another way.
 * - *recurred*: a flagged check one of whose rules fired again later in the same session.
 * - *undetermined*: a flagged check without a session id (nothing to follow).
 * - *human rejections*: learned patterns from the source `rejection` (a human rejected the
 *   action) seen in the window, each counted once.
 *
 * `prevented.total` = held + human rejections.
 *
 * @module
 */

import { TaskorchError } from "../errors.ts";
import type { Store } from "../store.ts";
import { keys, utcDay } from "../store_schema.ts";
import { DECISIONS } from "../verdict.ts";
import { checkJournalPath, foldCheckJournal, type FoldReport } from "./checks.ts";
import { type PatternSummary, summarizePattern } from "./query.ts";
import type { CheckRecord, FailurePattern } from "./types.ts";

/** Most days a dashboard covers. */
export const MAX_DAYS = 366;

/** One rule or memory pattern and how often it fired in the window. */
export interface RuleCount {
  /** The rule id (`memory.<pattern id>` for memory findings). */
  rule: string;
  /** Its category. */
  category: string;
  /** Checks it fired in. */
  count: number;
}

/** One day of the trend. */
export interface DayFigures {
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  /** Checks recorded. */
  checks: number;
  /** Checks per decision (all five keys). */
  decisions: Record<string, number>;
  /** Tool failures recorded by the hooks (outcomes). */
  failures: number;
  /** Patterns first seen that day. */
  newPatterns: number;
}

/** A top pattern, with how often its memory finding fired in the window. */
export interface TopPattern extends PatternSummary {
  /** Checks in the window where this pattern's memory finding fired. */
  matchedInWindow: number;
}

/** Everything the dashboard shows. */
export interface Dashboard {
  /** The window: `days` UTC days ending today, and when this was computed. */
  window: { days: number; from: string; to: string; generatedAt: string };
  /** Check records in the window. */
  checks: {
    total: number;
    /** Decision → checks (all five decisions present). */
    byDecision: Record<string, number>;
    /** Hook event → checks. */
    byEvent: Record<string, number>;
    /** Door (hook, mcp, cli) → checks. */
    byVia: Record<string, number>;
    /** Category → checks with at least one finding of it. */
    byCategory: Record<string, number>;
    /** Checks whose decision was not allow. */
    flagged: number;
    /** The rules that fired most. */
    topRules: RuleCount[];
  };
  /** Learned patterns. */
  patterns: {
    stored: number;
    /** First seen in the window. */
    newInWindow: number;
    /** Last seen in the window. */
    seenInWindow: number;
    /** Category → stored patterns. */
    byCategory: Record<string, number>;
    /** Source → stored patterns. */
    bySource: Record<string, number>;
    /** Patterns seen in the window, most occurrences first. */
    top: TopPattern[];
  };
  /** See the module doc for the definitions. */
  prevented: {
    total: number;
    held: number;
    recurred: number;
    undetermined: number;
    humanRejections: number;
  };
  /** Tool failures recorded by the hooks in the window. */
  failures: number;
  /** Per day, oldest first. */
  trend: DayFigures[];
  /** What folding the hooks' check journal did first (absent when there is no journal). */
  journal?: FoldReport;
}

/** Options of {@linkcode computeDashboard}. */
export interface DashboardOptions {
  /** UTC days covered, ending today (default 7). */
  days?: number;
  /** "Today" (default now). */
  now?: Date;
  /** Top rules and patterns shown (default 10). */
  top?: number;
  /** Fold the hooks' check journal into the store first (default true). */
  fold?: boolean;
  /** The fold's grace period (default 1000 ms; see core/memory/checks.ts). */
  foldGraceMs?: number;
}

function daysEnding(now: Date, days: number): string[] {
  const out: string[] = [];
  for (let i = days - 1; i >= 0; i--) out.push(utcDay(new Date(now.getTime() - i * 86_400_000)));
  return out;
}

function bump(counts: Record<string, number>, key: string, by = 1): void {
  counts[key] = (counts[key] ?? 0) + by;
}

function zeroDecisions(): Record<string, number> {
  return Object.fromEntries(DECISIONS.map((d) => [d, 0]));
}

/** Counts prevented/recurred/undetermined over the window's checks. */
export function preventedOf(
  checks: readonly CheckRecord[],
): { held: number; recurred: number; undetermined: number } {
  const bySession = new Map<string, CheckRecord[]>();
  let undetermined = 0;
  for (const check of checks) {
    if (!check.session) {
      if (check.decision !== "allow") undetermined++;
      continue;
    }
    const list = bySession.get(check.session) ?? [];
    list.push(check);
    bySession.set(check.session, list);
  }
  let held = 0;
  let recurred = 0;
  for (const list of bySession.values()) {
    list.sort((a, b) => a.at.localeCompare(b.at));
    // Walk backwards, remembering the rules that fire later in the session.
    const later = new Set<string>();
    for (let i = list.length - 1; i >= 0; i--) {
      const check = list[i];
      const rules = check.findings.map((f) => f.rule);
      if (check.decision !== "allow") {
        if (rules.some((r) => later.has(r))) recurred++;
        else held++;
      }
      for (const rule of rules) later.add(rule);
    }
  }
  return { held, recurred, undetermined };
}

/**
 * Computes the dashboard from the store (folding the hooks' check journal first).
 *
 * @throws {TaskorchError} `INPUT_INVALID` when `days` is not a whole number from 1 to 366.
 *
 * @example
 * ```ts
 * import { openStore } from "../store.ts";
 * import { checkRecordOf, recordCheck } from "./checks.ts";
 * import { computeDashboard } from "./dashboard.ts";
 * using store = await openStore({ path: ":memory:" });
 * await recordCheck(store, checkRecordOf({ hook_event_name: "UserPromptSubmit" },
 *   { decision: "allow", risk: 0, findings: [] }, "cli"));
 * const dashboard = await computeDashboard(store, { days: 1 });
 * console.assert(dashboard.checks.total === 1 && dashboard.checks.byDecision.allow === 1);
 * ```
 */
export async function computeDashboard(
  store: Store,
  options: DashboardOptions = {},
): Promise<Dashboard> {
  const days = options.days ?? 7;
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) {
    throw new TaskorchError(
      "INPUT_INVALID",
      `days must be a whole number from 1 to ${MAX_DAYS}, got ${days}`,
    );
  }
  const now = options.now ?? new Date();
  const top = options.top ?? 10;
  let journal: FoldReport | undefined;
  const journalPath = options.fold === false ? undefined : checkJournalPath(store.path);
  if (journalPath) {
    journal = await foldCheckJournal(store, journalPath, { graceMs: options.foldGraceMs });
  }
  const window = daysEnding(now, days);
  const from = window[0];
  const to = window[window.length - 1];

  const checks: CheckRecord[] = [];
  const trend: DayFigures[] = [];
  for (const day of window) {
    const figures: DayFigures = {
      day,
      checks: 0,
      decisions: zeroDecisions(),
      failures: 0,
      newPatterns: 0,
    };
    for await (const { value } of store.iterate<CheckRecord>([keys.prefix.checks, day])) {
      checks.push(value);
      figures.checks++;
      bump(figures.decisions, value.decision);
    }
    for await (const _ of store.iterate([keys.prefix.outcomes, day])) figures.failures++;
    trend.push(figures);
  }

  const byDecision = zeroDecisions();
  const byEvent: Record<string, number> = {};
  const byVia: Record<string, number> = {};
  const byCategory: Record<string, number> = {};
  const rules = new Map<string, RuleCount>();
  for (const check of checks) {
    bump(byDecision, check.decision);
    bump(byEvent, check.event);
    bump(byVia, check.via);
    for (const category of new Set(check.findings.map((f) => f.category))) {
      bump(byCategory, category);
    }
    for (const finding of new Map(check.findings.map((f) => [f.rule, f])).values()) {
      const entry = rules.get(finding.rule) ??
        { rule: finding.rule, category: finding.category, count: 0 };
      entry.count++;
      rules.set(finding.rule, entry);
    }
  }

  const patterns: FailurePattern[] = [];
  for await (const { value } of store.iterate<FailurePattern>([keys.prefix.patterns])) {
    patterns.push(value);
  }
  const patternCategory: Record<string, number> = {};
  const patternSource: Record<string, number> = {};
  let newInWindow = 0;
  let humanRejections = 0;
  const seen: FailurePattern[] = [];
  const trendByDay = new Map(trend.map((t) => [t.day, t]));
  for (const pattern of patterns) {
    bump(patternCategory, pattern.category);
    bump(patternSource, pattern.source);
    const firstDay = utcDay(new Date(pattern.firstSeen));
    const lastDay = utcDay(new Date(pattern.lastSeen));
    const first = trendByDay.get(firstDay);
    if (first) {
      first.newPatterns++;
      newInWindow++;
    }
    if (lastDay >= from && lastDay <= to) {
      seen.push(pattern);
      if (pattern.source === "rejection") humanRejections++;
    }
  }
  seen.sort((a, b) =>
    b.occurrences - a.occurrences || b.lastSeen.localeCompare(a.lastSeen) ||
    a.id.localeCompare(b.id)
  );

  const { held, recurred, undetermined } = preventedOf(checks);
  return {
    window: { days, from, to, generatedAt: now.toISOString() },
    checks: {
      total: checks.length,
      byDecision,
      byEvent,
      byVia,
      byCategory,
      flagged: checks.length - byDecision.allow,
      topRules: [...rules.values()]
        .sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule))
        .slice(0, top),
    },
    patterns: {
      stored: patterns.length,
      newInWindow,
      seenInWindow: seen.length,
      byCategory: patternCategory,
      bySource: patternSource,
      top: seen.slice(0, top).map((p) => ({
        ...summarizePattern(p),
        matchedInWindow: rules.get(`memory.${p.id}`)?.count ?? 0,
      })),
    },
    prevented: {
      total: held + humanRejections,
      held,
      recurred,
      undetermined,
      humanRejections,
    },
    failures: trend.reduce((sum, t) => sum + t.failures, 0),
    trend,
    ...(journal ? { journal } : {}),
  };
}
