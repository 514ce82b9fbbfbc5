/**
 * The cost summary: today, this month and all time, by source (taskorch's own calls vs the
 * coding agent's imported ones), provider and model, unpriced calls apart, and every budget
 * with what it has spent, what is reserved and what remains. Read from the running totals the
 * ledger keeps, so its cost does not grow with the number of ledger entries.
 *
 * @module
 */

import { keys, type Store } from "../store.ts";
import { type Budget, budgetId, levelOf, listBudgets } from "./budgets.ts";
import { bucketsOf, TOTAL_FIELDS } from "./ledger.ts";
import type { PriceTable } from "./prices.ts";

/** Totals of a group of calls. */
export interface CostTotals {
  /** Cost of the priced calls, USD. */
  costUsd: number;
  /** Calls. */
  calls: number;
  /** Calls whose model has no price (not in costUsd). */
  unpricedCalls: number;
  /** Calls that failed. */
  errors: number;
  /** Tokens by type. */
  tokens: {
    input: number;
    output: number;
    cache_read: number;
    cache_write: number;
    cache_write_1h: number;
    reasoning: number;
  };
}

/** A model's totals. */
export interface ModelTotals extends CostTotals {
  /** Who made the calls: `taskorch` or `agent`. */
  source: string;
  /** Provider. */
  provider: string;
  /** Model (as priced, or as reported when unpriced). */
  model: string;
}

/** One period's summary. */
export interface PeriodSummary {
  /** `all`, the UTC day or the UTC month. */
  period: string;
  /** Everything. */
  total: CostTotals;
  /** taskorch's own provider calls. */
  taskorch: CostTotals;
  /** The coding agent's calls (imported transcripts). */
  agent: CostTotals;
  /** By source, provider and model, most expensive first. */
  models: ModelTotals[];
}

/** A budget's state. */
export interface BudgetState {
  /** `scope/period`. */
  id: string;
  /** `overall` or `provider:NAME`. */
  scope: string;
  /** `day` or `month`. */
  period: string;
  /** Limit, USD. */
  limitUsd: number;
  /** Spent this period, USD. */
  spentUsd: number;
  /** Held by calls in flight, USD. */
  reservedUsd: number;
  /** limit - spent - reserved (≥ 0), USD. */
  remainingUsd: number;
  /** `ok`, `warn`, `throttle` or `block` (used up). */
  level: "ok" | "warn" | "throttle" | "block";
  /** Warn fraction. */
  warnAt: number;
  /** Throttle fraction. */
  throttleAt: number;
  /** `config` or `store`. */
  source: "config" | "store";
}

/** The whole summary. */
export interface CostSummary {
  /** Today (UTC). */
  today: PeriodSummary;
  /** This month (UTC). */
  month: PeriodSummary;
  /** All time. */
  allTime: PeriodSummary;
  /** Budgets in force. */
  budgets: BudgetState[];
  /** Models without a price, all time (their calls are counted, never at $0). */
  unpriced: { source: string; provider: string; model: string; calls: number }[];
  /** The price table used. */
  prices: { version: string; updated: string };
}

function empty(): CostTotals {
  return {
    costUsd: 0,
    calls: 0,
    unpricedCalls: 0,
    errors: 0,
    tokens: { input: 0, output: 0, cache_read: 0, cache_write: 0, cache_write_1h: 0, reasoning: 0 },
  };
}

function add(into: CostTotals, field: string, n: number): void {
  if (field === "micros") into.costUsd += n;
  else if (field === "calls") into.calls += n;
  else if (field === "unpriced") into.unpricedCalls += n;
  else if (field === "errors") into.errors += n;
  else if (field in into.tokens) into.tokens[field as keyof CostTotals["tokens"]] += n;
}

function finish<T extends CostTotals>(t: T): T {
  t.costUsd = t.costUsd / 1e6; // summed as integer micro-dollars
  return t;
}

/** Reads one bucket's totals. */
export async function periodSummary(store: Store, bucket: string): Promise<PeriodSummary> {
  const total = empty();
  const bySource: Record<string, CostTotals> = { taskorch: empty(), agent: empty() };
  const models = new Map<string, ModelTotals>();
  for await (const e of store.iterate<Deno.KvU64>([keys.prefix.costTotals, bucket])) {
    const [, , source, provider, model, field] = e.key as string[];
    if (!(TOTAL_FIELDS as readonly string[]).includes(field)) continue;
    const n = Number(e.value.value);
    const id = `${source}\u0000${provider}\u0000${model}`;
    let m = models.get(id);
    if (!m) models.set(id, m = { source, provider, model, ...empty() });
    add(m, field, n);
    add(total, field, n);
    add(bySource[source] ??= empty(), field, n);
  }
  const list = [...models.values()].map(finish).sort((a, b) =>
    b.costUsd - a.costUsd || b.calls - a.calls || a.model.localeCompare(b.model)
  );
  return {
    period: bucket === "all" ? "all" : bucket.slice(2),
    total: finish(total),
    taskorch: finish(bySource.taskorch),
    agent: finish(bySource.agent),
    models: list,
  };
}

/** The state of every budget in force at `now`. */
export async function budgetStates(
  store: Store,
  configBudgets: readonly Budget[],
  now: Date = new Date(),
): Promise<BudgetState[]> {
  const budgets = await listBudgets(store, configBudgets);
  const b = bucketsOf(now);
  const states: BudgetState[] = [];
  for (const budget of budgets) {
    const bucket = budget.period === "day" ? b.day : b.month;
    const [spentEntry, holdsEntry] = await store.getMany<unknown>([
      keys.costSpent(bucket, budget.scope),
      keys.costHolds(budget.scope),
    ]);
    const spent = spentEntry.value instanceof Deno.KvU64 ? Number(spentEntry.value.value) : 0;
    const holds =
      (holdsEntry.value as { holds: Record<string, { micros: number; expiresAt: number }> } | null)
        ?.holds ?? {};
    const reserved = Object.values(holds).filter((h) => h.expiresAt > now.getTime())
      .reduce((s, h) => s + h.micros, 0);
    const limit = Math.round(budget.limit_usd * 1e6);
    const level = levelOf(budget, spent, reserved);
    states.push({
      id: budgetId(budget),
      scope: budget.scope,
      period: budget.period,
      limitUsd: budget.limit_usd,
      spentUsd: spent / 1e6,
      reservedUsd: reserved / 1e6,
      remainingUsd: Math.max(0, limit - spent - reserved) / 1e6,
      level: level?.level ?? "ok",
      warnAt: budget.warn_at,
      throttleAt: budget.throttle_at,
      source: budget.source,
    });
  }
  return states;
}

/**
 * The cost summary at `now`.
 *
 * @example
 * ```ts
 * import { openStore } from "../store.ts";
 * import { CostLedger } from "./ledger.ts";
 * import { summarizeCosts } from "./summary.ts";
 * using store = await openStore({ path: ":memory:" });
 * const ledger = new CostLedger(store);
 * const { reservation } = await ledger.reserve({ provider: "anthropic", model: "claude-haiku-4-5",
 *   caller: "doc", estimate: { input: 100, output: 100 } });
 * await ledger.settle(reservation, { usage: { input: 1000, output: 100 }, latencyMs: 50, ok: true });
 * const summary = await summarizeCosts(store, { prices: ledger.prices, budgets: [] });
 * console.assert(summary.today.taskorch.costUsd === 0.0015);
 * ```
 */
export async function summarizeCosts(
  store: Store,
  options: { prices: PriceTable; budgets: readonly Budget[]; now?: Date },
): Promise<CostSummary> {
  const now = options.now ?? new Date();
  const b = bucketsOf(now);
  const [today, month, allTime, budgets] = await Promise.all([
    periodSummary(store, b.day),
    periodSummary(store, b.month),
    periodSummary(store, b.all),
    budgetStates(store, options.budgets, now),
  ]);
  const unpriced = allTime.models.filter((m) => m.unpricedCalls > 0).map((m) => ({
    source: m.source,
    provider: m.provider,
    model: m.model,
    calls: m.unpricedCalls,
  }));
  return {
    today,
    month,
    allTime,
    budgets,
    unpriced,
    prices: { version: options.prices.version, updated: options.prices.updated },
  };
}
