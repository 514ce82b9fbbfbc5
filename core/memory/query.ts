/**
 * Listing learned failure patterns with filters: what `immune_failures` and
 * `taskorch memory list` show. Reads `["patterns", id]` records (one pass over the family;
 * a listing is not on the hook's path).
 *
 * @module
 */

import { TaskorchError } from "../errors.ts";
import type { Store } from "../store.ts";
import { keys } from "../store_schema.ts";
import type { Category } from "../verdict.ts";
import type { FailurePattern, PatternScope, PatternSource } from "./types.ts";

/** How a listing is ordered. */
export type PatternSort = "occurrences" | "last_seen" | "first_seen";

/** Filters of {@linkcode listPatterns}; every given filter must hold. */
export interface PatternFilter {
  /** Only this category. */
  category?: Category;
  /** Only this scope. */
  scope?: PatternScope;
  /** Only this source. */
  source?: PatternSource;
  /** Case-insensitive substring of the text, description, suggestion, tool or id. */
  query?: string;
  /** Only patterns seen at or after this time: ISO 8601, or `30m`, `12h`, `7d` ago. */
  since?: string;
  /** Only patterns recorded at least this many times. */
  minOccurrences?: number;
  /** Only this workspace's project patterns, plus global ones. */
  cwd?: string;
  /** Order, highest first (default `occurrences`, then `last_seen`). */
  sort?: PatternSort;
  /** At most this many (default 20). */
  limit?: number;
}

/** A pattern as listings show it: without its features. */
export type PatternSummary = Omit<FailurePattern, "features">;

/** What {@linkcode listPatterns} returns. */
export interface PatternList {
  /** Patterns stored. */
  stored: number;
  /** Patterns matching the filters (before `limit`). */
  matching: number;
  /** The first `limit` matching patterns, in order. */
  patterns: PatternSummary[];
}

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * Parses `since`: an ISO 8601 date or time, or an age such as `90m`, `12h`, `7d`, `2w`.
 *
 * @throws {TaskorchError} `INPUT_INVALID` for anything else.
 *
 * @example
 * ```ts
 * import { parseSince } from "./query.ts";
 * const now = new Date("2026-03-10T00:00:00Z");
 * console.assert(parseSince("7d", now).toISOString() === "2026-03-03T00:00:00.000Z");
 * console.assert(parseSince("2026-03-01", now).toISOString() === "2026-03-01T00:00:00.000Z");
 * ```
 */
export function parseSince(since: string, now: Date = new Date()): Date {
  const age = /^(\d+(?:\.\d+)?)\s*([mhdw])$/i.exec(since.trim());
  if (age) return new Date(now.getTime() - Number(age[1]) * UNITS[age[2].toLowerCase()]);
  const date = /^\d{4}-\d{2}-\d{2}/.test(since.trim()) ? new Date(since.trim()) : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw new TaskorchError(
      "INPUT_INVALID",
      `"since" must be an ISO 8601 date or time (2026-03-01, 2026-03-01T12:00:00Z) or an age ` +
        `such as 90m, 12h, 7d, 2w; got ${JSON.stringify(since)}`,
    );
  }
  return date;
}

/** Drops the features, which only the similarity uses. */
export function summarizePattern(pattern: FailurePattern): PatternSummary {
  const { features: _features, ...summary } = pattern;
  return summary;
}

function compare(sort: PatternSort): (a: FailurePattern, b: FailurePattern) => number {
  const byLast = (a: FailurePattern, b: FailurePattern) => b.lastSeen.localeCompare(a.lastSeen);
  switch (sort) {
    case "last_seen":
      return (a, b) => byLast(a, b) || b.occurrences - a.occurrences;
    case "first_seen":
      return (a, b) => b.firstSeen.localeCompare(a.firstSeen) || b.occurrences - a.occurrences;
    default:
      return (a, b) => b.occurrences - a.occurrences || byLast(a, b) || a.id.localeCompare(b.id);
  }
}

/** A predicate for the filters of `filter` (all but sort and limit). */
export function patternMatcher(
  filter: PatternFilter,
  now: Date = new Date(),
): (pattern: FailurePattern) => boolean {
  const since = filter.since === undefined
    ? undefined
    : parseSince(filter.since, now).toISOString();
  const query = filter.query?.trim().toLowerCase();
  return (p) => {
    if (filter.category && p.category !== filter.category) return false;
    if (filter.scope && p.scope !== filter.scope) return false;
    if (filter.source && p.source !== filter.source) return false;
    if (filter.minOccurrences !== undefined && p.occurrences < filter.minOccurrences) return false;
    if (since && p.lastSeen < since) return false;
    if (filter.cwd && p.scope === "project" && p.cwd !== filter.cwd) return false;
    if (query) {
      const haystack = [p.text, p.description, p.suggestion ?? "", p.tool ?? "", p.id]
        .join("\n").toLowerCase();
      if (!haystack.includes(query)) return false;
    }
    return true;
  };
}

/**
 * Lists the learned patterns that pass the filters, ordered and cut to `limit`.
 *
 * @example
 * ```ts
 * import { keys, openStore } from "../store.ts";
 * import { listPatterns } from "./query.ts";
 * using store = await openStore({ path: ":memory:" });
 * await store.set(keys.pattern("p1"), {
 *   id: "p1", category: "other", text: "npm run deploy", description: "no such script",
 *   features: [], occurrences: 2, firstSeen: "2026-01-01T00:00:00Z",
 *   lastSeen: "2026-01-02T00:00:00Z", source: "manual", scope: "global",
 * });
 * const list = await listPatterns(store, { query: "deploy" });
 * console.assert(list.matching === 1 && list.patterns[0].id === "p1");
 * ```
 */
export async function listPatterns(
  store: Store,
  filter: PatternFilter = {},
  now: Date = new Date(),
): Promise<PatternList> {
  const limit = filter.limit ?? 20;
  if (!Number.isInteger(limit) || limit < 0) {
    throw new TaskorchError("INPUT_INVALID", `limit must be a whole number ≥ 0, got ${limit}`);
  }
  const matches = patternMatcher(filter, now);
  const found: FailurePattern[] = [];
  let stored = 0;
  for await (const { value } of store.iterate<FailurePattern>([keys.prefix.patterns])) {
    stored++;
    if (matches(value)) found.push(value);
  }
  found.sort(compare(filter.sort ?? "occurrences"));
  return {
    stored,
    matching: found.length,
    patterns: found.slice(0, limit).map(summarizePattern),
  };
}
