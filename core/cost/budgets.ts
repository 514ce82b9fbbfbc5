/**
 * Cost budgets: a limit in USD per scope (`overall` or `provider:NAME`) and period (the current
 * UTC `day` or `month`), with `warn_at` and `throttle_at` fractions of the limit. Budgets come
 * from the config (`cost.budgets`) and from `cost_set_budget` / `taskorch cost budget set`,
 * which persist them under `keys.budget("SCOPE/PERIOD")`; a persisted budget wins over the
 * config's for the same scope and period. Budgets cap taskorch's own provider calls; the
 * coding agent's imported spend is shown beside them but never blocks taskorch.
 *
 * @module
 */

import { TaskorchError } from "../errors.ts";
import { keys, type Store } from "../store.ts";
import type { BudgetLevel, BudgetPeriod } from "./types.ts";

/** A budget. */
export interface Budget {
  /** `overall` or `provider:NAME`. */
  scope: string;
  /** `day` or `month` (UTC). */
  period: BudgetPeriod;
  /** The limit in USD; reaching it blocks further calls in the period. */
  limit_usd: number;
  /** Fraction of the limit at which calls report a `warn` level (default 0.8). */
  warn_at: number;
  /** Fraction of the limit at which calls report `throttle` (default 0.9). */
  throttle_at: number;
}

/** A budget with where it comes from. */
export interface StoredBudget extends Budget {
  /** `config` (the config file) or `store` (set with cost_set_budget or the CLI). */
  source: "config" | "store";
  /** When it was set (store budgets). */
  updated_at?: string;
}

/** The default warn fraction. */
export const DEFAULT_WARN_AT = 0.8;
/** The default throttle fraction. */
export const DEFAULT_THROTTLE_AT = 0.9;

/** The id of a budget: `scope/period`, e.g. `provider:openai/day`. */
export function budgetId(budget: { scope: string; period: BudgetPeriod }): string {
  return `${budget.scope}/${budget.period}`;
}

/** The budget scopes a call to `provider` counts against. */
export function scopesOf(provider: string): string[] {
  return ["overall", `provider:${provider}`];
}

/**
 * Checks a budget; `fail(path, message)` reports a bad field (path relative to the budget).
 *
 * @example
 * ```ts
 * import { parseBudget } from "./budgets.ts";
 * const b = parseBudget({ scope: "provider:openai", period: "day", limit_usd: 5 }, (p, m) => {
 *   throw new Error(`${p.join(".")} ${m}`);
 * });
 * console.assert(b.warn_at === 0.8 && b.throttle_at === 0.9);
 * ```
 */
export function parseBudget(
  value: unknown,
  fail: (path: (string | number)[], message: string) => never,
): Budget {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    fail([], "must be a mapping {scope, period, limit_usd, warn_at?, throttle_at?}");
  }
  const v = value as Record<string, unknown>;
  for (const key of Object.keys(v)) {
    if (!["scope", "period", "limit_usd", "warn_at", "throttle_at"].includes(key)) {
      fail([key], "is not a budget field (scope, period, limit_usd, warn_at, throttle_at)");
    }
  }
  const scope = v.scope;
  if (typeof scope !== "string" || !/^(overall|provider:[A-Za-z0-9._-]+)$/.test(scope)) {
    fail(["scope"], `must be "overall" or "provider:NAME", got ${JSON.stringify(scope)}`);
  }
  if (v.period !== "day" && v.period !== "month") {
    fail(["period"], `must be "day" or "month", got ${JSON.stringify(v.period)}`);
  }
  const limit = v.limit_usd;
  if (typeof limit !== "number" || !Number.isFinite(limit) || limit < 0) {
    fail(["limit_usd"], `must be a number of US dollars ≥ 0, got ${JSON.stringify(limit)}`);
  }
  const fraction = (key: string, fallback: number): number => {
    const f = v[key] ?? fallback;
    if (typeof f !== "number" || !(f > 0 && f <= 1)) {
      fail([key], `must be a fraction of the limit in (0, 1], got ${JSON.stringify(v[key])}`);
    }
    return f as number;
  };
  const warn_at = fraction("warn_at", DEFAULT_WARN_AT);
  const throttle_at = fraction("throttle_at", Math.max(DEFAULT_THROTTLE_AT, warn_at));
  if (throttle_at < warn_at) {
    fail(["throttle_at"], `must be ≥ warn_at (${warn_at}), got ${throttle_at}`);
  }
  return {
    scope: scope as string,
    period: v.period as BudgetPeriod,
    limit_usd: limit as number,
    warn_at,
    throttle_at,
  };
}

/** Parses a budget from tool or CLI input, throwing `INPUT_INVALID` naming the field. */
export function budgetFromInput(value: unknown): Budget {
  return parseBudget(value, (path, message) => {
    throw new TaskorchError("INPUT_INVALID", `Budget ${path.join(".") || "value"} ${message}`);
  });
}

/** Persists a budget (replacing the one of the same scope and period). */
export async function saveBudget(
  store: Store,
  budget: Budget,
  now: Date = new Date(),
): Promise<StoredBudget> {
  const stored: StoredBudget = { ...budget, source: "store", updated_at: now.toISOString() };
  await store.set(keys.budget(budgetId(budget)), stored);
  return stored;
}

/** Removes a persisted budget; true when there was one. */
export async function removeBudget(
  store: Store,
  scope: string,
  period: BudgetPeriod,
): Promise<boolean> {
  const key = keys.budget(budgetId({ scope, period }));
  const found = await store.get(key);
  if (found.value === null) return false;
  await store.delete(key);
  return true;
}

/**
 * Merges the config's budgets with the persisted ones (a persisted budget replaces the config's
 * budget of the same id), sorted by id.
 */
export function mergeBudgets(
  fromConfig: readonly Budget[],
  persisted: readonly StoredBudget[],
): StoredBudget[] {
  const byId = new Map<string, StoredBudget>();
  for (const b of fromConfig) byId.set(budgetId(b), { ...b, source: "config" });
  for (const b of persisted) byId.set(budgetId(b), b);
  return [...byId.values()].sort((a, b) => budgetId(a).localeCompare(budgetId(b)));
}

/** Every budget in force: the config's plus the persisted ones. */
export async function listBudgets(
  store: Store,
  fromConfig: readonly Budget[],
): Promise<StoredBudget[]> {
  const persisted = (await store.list<StoredBudget>([keys.prefix.budgets])).map((e) => e.value);
  return mergeBudgets(fromConfig, persisted);
}

/**
 * The level a budget is at when `spent + reserved` micro-dollars are counted against it, or
 * null below `warn_at`. `block` means the limit is reached (nothing more fits).
 */
export function levelOf(
  budget: Budget,
  spentMicros: number,
  reservedMicros: number,
): BudgetLevel | null {
  const limitMicros = Math.round(budget.limit_usd * 1e6);
  const used = spentMicros + reservedMicros;
  const fraction = limitMicros === 0 ? (used > 0 ? Infinity : 1) : used / limitMicros;
  const level = used >= limitMicros
    ? "block"
    : fraction >= budget.throttle_at
    ? "throttle"
    : fraction >= budget.warn_at
    ? "warn"
    : null;
  if (!level) return null;
  return {
    budget: budgetId(budget),
    scope: budget.scope,
    period: budget.period,
    level,
    spentUsd: spentMicros / 1e6,
    reservedUsd: reservedMicros / 1e6,
    limitUsd: budget.limit_usd,
    fraction: Number.isFinite(fraction) ? Math.round(fraction * 1e4) / 1e4 : 1,
  };
}
