/**
 * The live figures behind `/ui/live.json`: small, cheap counts the page script polls, and a
 * `stamp` (a hash of the data they summarize) that changes exactly when a page would show
 * something new: a check recorded, an inbox item asked, decided or expired, a pattern learned,
 * a breaker opening or closing.
 *
 * @module
 */

import { fnvHex } from "../fnv.ts";
import { computeDashboard } from "../memory/dashboard.ts";
import { createBreakers } from "../breakers/breakers.ts";
import { createInbox } from "../inbox/inbox.ts";
import type { Store } from "../store.ts";

/** What `/ui/live.json` answers. */
export interface LiveFigures {
  /** Changes when any of the data below changes. */
  stamp: string;
  /** Pending inbox items. */
  pending: number;
  /** Checks recorded today (UTC). */
  checksToday: number;
  /** Learned patterns stored. */
  patterns: number;
  /** When this was computed (ISO 8601). */
  at: string;
}

/**
 * Computes the live figures (folding the hooks' check journal first, as the dashboard does).
 *
 * @example
 * ```ts
 * import { openStore } from "../store.ts";
 * import { liveFigures } from "./live.ts";
 * using store = await openStore({ path: ":memory:" });
 * const a = await liveFigures(store);
 * const b = await liveFigures(store);
 * console.assert(a.pending === 0 && a.stamp === b.stamp);
 * ```
 */
export async function liveFigures(store: Store, now: Date = new Date()): Promise<LiveFigures> {
  const dashboard = await computeDashboard(store, { days: 1, top: 0, now });
  const items = await createInbox(store).list({ history: true, limit: 200 });
  const breakers = await createBreakers(store).list();
  const pending = items.filter((i) => i.status === "PENDING").length;
  const fingerprint = JSON.stringify([
    dashboard.checks.total,
    dashboard.failures,
    dashboard.patterns.stored,
    dashboard.trend.map((t) => t.newPatterns),
    items.map((i) => [i.id, i.status, i.asks, i.consumedAt ?? ""]),
    breakers.map((b) => [b.provider, b.model, b.state, b.consecutiveFailures]),
  ]);
  return {
    stamp: fnvHex(fingerprint),
    pending,
    checksToday: dashboard.checks.total,
    patterns: dashboard.patterns.stored,
    at: now.toISOString(),
  };
}
