/**
 * The cost ledger and budget gate ({@linkcode CostLedger}, a {@linkcode CostGate}).
 *
 * Every call becomes a ledger entry (`keys.ledger(day, id)`), and in the same KV commit its
 * cost and tokens are added to running totals (`keys.costTotal`, `Deno.KvU64` sums: exact under
 * any concurrency, integer micro-dollars, no float drift) for the day, the month and all time,
 * per source, provider and model; so a summary reads a few hundred counters, not months of
 * entries.
 *
 * Budgets: `reserve` reads, in one snapshot, the budgets of the call's scopes (`overall`,
 * `provider:NAME`), their spend this day and month (`keys.costSpent`) and the reservations in
 * flight (`keys.costHolds`), checks `spent + reserved + estimate <= limit` for each, and commits
 * the new hold only if none of those keys changed meanwhile (versionstamp checks), retrying on
 * conflict. `settle` removes the hold and adds the real cost to the spend in one commit. So
 * concurrent calls in any number of processes cannot overshoot a budget (as long as a call
 * costs no more than its estimate). A hold expires after `reservationTtlMs` (default 10 min),
 * so the reservation of a process that died is released by the next `reserve`.
 *
 * @module
 */

import { TaskorchError } from "../errors.ts";
import { keys, type Store, type StoreKey, utcDay } from "../store.ts";
import {
  type Budget,
  budgetId,
  levelOf,
  listBudgets,
  scopesOf,
  type StoredBudget,
} from "./budgets.ts";
import {
  checkUsage,
  costMicros,
  type PriceTable,
  resolvePrice,
  shippedPrices,
  USAGE_FIELDS,
} from "./prices.ts";
import type {
  BudgetLevel,
  CostCall,
  CostGate,
  LedgerEntry,
  LedgerSource,
  Reservation,
  Usage,
} from "./types.ts";

/** The fields of each running total (`keys.costTotal(..., field)`). */
export const TOTAL_FIELDS = ["micros", "calls", "unpriced", "errors", ...USAGE_FIELDS] as const;

/** One hold: a reservation in flight. */
interface Hold {
  micros: number;
  expiresAt: number;
}

/** The value at `keys.costHolds(scope)`. */
interface Holds {
  holds: Record<string, Hold>;
}

/** Options of {@linkcode CostLedger}. */
export interface CostLedgerOptions {
  /** The price table (default: the shipped one). */
  prices?: PriceTable;
  /** Budgets from the config (persisted budgets are read from the store on each reserve). */
  budgets?: readonly Budget[];
  /** How long a reservation holds budget before it is considered dead (default 10 minutes). */
  reservationTtlMs?: number;
  /** The clock (tests). */
  now?: () => Date;
}

const MAX_ATTEMPTS = 400;

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

function backoff(attempt: number): number {
  return Math.random() * Math.min(50, 1 + attempt * 2);
}

/** A time-sortable id: base-36 milliseconds then random hex. */
export function newLedgerId(now: Date): string {
  const random = crypto.getRandomValues(new Uint8Array(6));
  return now.getTime().toString(36).padStart(9, "0") + "-" +
    Array.from(random, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The buckets an entry at `at` counts in: all time, its UTC day and month. */
export function bucketsOf(at: Date): { all: string; day: string; month: string } {
  const day = utcDay(at);
  return { all: "all", day: `d:${day}`, month: `m:${day.slice(0, 7)}` };
}

function u64(value: unknown): number {
  return value instanceof Deno.KvU64 ? Number(value.value) : 0;
}

/** The ledger and budget gate. */
export class CostLedger implements CostGate {
  readonly #store: Store;
  readonly #prices: PriceTable;
  readonly #configBudgets: readonly Budget[];
  readonly #ttl: number;
  readonly #now: () => Date;
  /** Scopes each reservation of this process holds budget in. */
  readonly #held = new Map<string, string[]>();
  #queue: Promise<unknown> = Promise.resolve();

  /** A ledger over `store`. */
  constructor(store: Store, options: CostLedgerOptions = {}) {
    this.#store = store;
    this.#prices = options.prices ?? shippedPrices();
    this.#configBudgets = options.budgets ?? [];
    this.#ttl = options.reservationTtlMs ?? 10 * 60_000;
    this.#now = options.now ?? (() => new Date());
  }

  /** The price table in use. */
  get prices(): PriceTable {
    return this.#prices;
  }

  /** The config's budgets. */
  get configBudgets(): readonly Budget[] {
    return this.#configBudgets;
  }

  /** Prices `usage` of `model` through `provider`: micro-dollars and the model priced as, or nulls. */
  price(
    provider: string,
    model: string,
    usage: Usage,
  ): { micros: number | null; pricedAs: string | null } {
    const found = resolvePrice(this.#prices, provider, model);
    return found
      ? { micros: costMicros(found.price, usage), pricedAs: found.model }
      : { micros: null, pricedAs: null };
  }

  /** Runs budget operations of this process one at a time (they would only race each other). */
  #serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => {});
    return run;
  }

  /** See {@linkcode CostGate.reserve}. */
  async reserve(
    call: CostCall & { estimate: Usage },
  ): Promise<{ reservation: Reservation; levels: BudgetLevel[] }> {
    checkUsage(call.estimate, `Reserving a ${call.provider} ${call.model} call`);
    // The worst case, rounded up: a tiny call is never reserved as free.
    const found = resolvePrice(this.#prices, call.provider, call.model);
    const micros = found ? costMicros(found.price, call.estimate, Math.ceil) : 0;
    const id = newLedgerId(this.#now());
    const reservation: Reservation = {
      id,
      provider: call.provider,
      model: call.model,
      caller: call.caller,
      ...(call.session === undefined ? {} : { session: call.session }),
      reservedUsd: micros / 1e6,
    };
    return await this.#serial(async () => {
      const scopes = scopesOf(call.provider);
      const persistedKeys = scopes.flatMap((s) =>
        (["day", "month"] as const).map((p) => keys.budget(budgetId({ scope: s, period: p })))
      );
      for (let attempt = 1;; attempt++) {
        const now = this.#now();
        const b = bucketsOf(now);
        const spentKeys: StoreKey[] = scopes.flatMap((s) => [
          keys.costSpent(b.day, s),
          keys.costSpent(b.month, s),
        ]);
        const holdKeys = scopes.map((s) => keys.costHolds(s));
        const read = await this.#store.getMany<unknown>([
          ...persistedKeys,
          ...spentKeys,
          ...holdKeys,
        ]);
        const persisted = read.slice(0, 4).flatMap((e) =>
          e.value === null ? [] : [e.value as StoredBudget]
        );
        const budgets = this.#budgetsFor(scopes, persisted);
        if (budgets.length === 0) return { reservation, levels: [] };
        const spent = read.slice(4, 8);
        const holds = read.slice(8, 10);
        const nowMs = now.getTime();
        const levels: BudgetLevel[] = [];
        const heldScopes = [...new Set(budgets.map((x) => x.scope))];
        const nextHolds = new Map<string, Holds>();
        for (const [i, scope] of scopes.entries()) {
          const live: Record<string, Hold> = {};
          for (const [hid, h] of Object.entries((holds[i].value as Holds | null)?.holds ?? {})) {
            if (h.expiresAt > nowMs) live[hid] = h;
          }
          nextHolds.set(scope, { holds: live });
        }
        for (const budget of budgets) {
          const i = scopes.indexOf(budget.scope);
          const spentMicros = u64(spent[i * 2 + (budget.period === "day" ? 0 : 1)].value);
          const reserved = Object.values(nextHolds.get(budget.scope)!.holds)
            .reduce((sum, h) => sum + h.micros, 0);
          const limitMicros = Math.round(budget.limit_usd * 1e6);
          if (spentMicros + reserved + micros > limitMicros) {
            throw new TaskorchError(
              "BUDGET_EXCEEDED",
              `Budget ${budgetId(budget)} would be exceeded by a ${call.provider} ${call.model} ` +
                `call (${call.caller}) estimated at $${usd(micros)}: spent $${usd(spentMicros)}, ` +
                `reserved $${usd(reserved)} by calls in flight, limit $${usd(limitMicros)}` +
                ` (${budget.period === "day" ? "UTC day" : "UTC month"} ${
                  budget.period === "day" ? b.day.slice(2) : b.month.slice(2)
                })`,
            );
          }
          const level = levelOf(budget, spentMicros, reserved + micros);
          if (level) levels.push(level.level === "block" ? { ...level, level: "throttle" } : level);
        }
        if (micros === 0) return { reservation, levels };
        const result = await this.#store.atomic((op) => {
          for (const [i, scope] of scopes.entries()) {
            if (!heldScopes.includes(scope)) continue;
            op.check(holds[i]);
            op.check(spent[i * 2], spent[i * 2 + 1]);
            const next = nextHolds.get(scope)!;
            next.holds[id] = { micros, expiresAt: nowMs + this.#ttl };
            op.set(holds[i].key, next);
          }
        }, `reserving $${usd(micros)} for a ${call.provider} ${call.model} call`);
        if (result.ok) {
          this.#held.set(id, heldScopes);
          return { reservation, levels };
        }
        if (attempt >= MAX_ATTEMPTS) throw this.#conflict("reserving", attempt);
        await sleep(backoff(attempt));
      }
    });
  }

  #budgetsFor(scopes: string[], persisted: StoredBudget[]): Budget[] {
    const byId = new Map<string, Budget>();
    for (const b of this.#configBudgets) {
      if (scopes.includes(b.scope)) byId.set(budgetId(b), b);
    }
    for (const b of persisted) byId.set(budgetId(b), b);
    return [...byId.values()];
  }

  #conflict(what: string, attempts: number): TaskorchError {
    return new TaskorchError(
      "STORE_CONFLICT",
      `Gave up ${what} budget in the store at "${this.#store.path}": other processes changed ` +
        `the budget state first ${attempts} times in a row; try again`,
    );
  }

  /** See {@linkcode CostGate.settle}. */
  async settle(
    reservation: Reservation,
    result: { usage: Usage; model?: string; latencyMs: number; ok: boolean; error?: string },
  ): Promise<LedgerEntry> {
    const model = result.model ?? reservation.model;
    checkUsage(result.usage, `Settling a ${reservation.provider} ${model} call`);
    const { micros, pricedAs } = this.price(reservation.provider, model, result.usage);
    const at = this.#now();
    const entry: LedgerEntry = {
      id: reservation.id,
      at: at.toISOString(),
      provider: reservation.provider,
      model,
      pricedAs,
      caller: reservation.caller,
      ...(reservation.session === undefined ? {} : { session: reservation.session }),
      source: "taskorch",
      usage: result.usage,
      costUsd: micros === null ? null : micros / 1e6,
      costMicros: micros,
      latencyMs: Math.max(0, Math.round(result.latencyMs)),
      ok: result.ok,
      ...(result.error === undefined ? {} : { error: result.error }),
    };
    return await this.#serial(async () => {
      await this.#write(entry, { release: reservation });
      return entry;
    });
  }

  /** See {@linkcode CostGate.release}. */
  release(reservation: Reservation): Promise<void> {
    return this.#serial(async () => {
      await this.#write(null, { release: reservation });
    });
  }

  /**
   * Records an entry that passed no gate (an import), once per `importId`: false when that id
   * was recorded before (nothing is written).
   */
  async record(entry: LedgerEntry, importId?: string): Promise<boolean> {
    checkUsage(entry.usage, `Recording a ${entry.provider} ${entry.model} call`);
    return await this.#serial(() => this.#write(entry, { importId }));
  }

  /** Builds an entry for {@linkcode record}, priced with this ledger's table. */
  entry(fields: {
    id: string;
    at: Date;
    provider: string;
    model: string;
    caller: string;
    session?: string;
    source: LedgerSource;
    usage: Usage;
    latencyMs?: number;
    ok?: boolean;
    error?: string;
  }): LedgerEntry {
    const { micros, pricedAs } = this.price(fields.provider, fields.model, fields.usage);
    return {
      id: fields.id,
      at: fields.at.toISOString(),
      provider: fields.provider,
      model: fields.model,
      pricedAs,
      caller: fields.caller,
      ...(fields.session === undefined ? {} : { session: fields.session }),
      source: fields.source,
      usage: fields.usage,
      costUsd: micros === null ? null : micros / 1e6,
      costMicros: micros,
      latencyMs: fields.latencyMs ?? 0,
      ok: fields.ok ?? true,
      ...(fields.error === undefined ? {} : { error: fields.error }),
    };
  }

  /** One commit: the entry and its totals, the hold's removal, the import marker. */
  async #write(
    entry: LedgerEntry | null,
    options: { release?: Reservation; importId?: string },
  ): Promise<boolean> {
    const rid = options.release?.id;
    const holdScopes = rid === undefined
      ? []
      : this.#held.get(rid) ?? scopesOf(options.release!.provider);
    const ledgerKey = entry ? keys.ledger(utcDay(new Date(entry.at)), entry.id) : undefined;
    const importKey = options.importId === undefined
      ? undefined
      : keys.costImport(options.importId);
    for (let attempt = 1;; attempt++) {
      const holdKeys = holdScopes.map((s) => keys.costHolds(s));
      const read = await this.#store.getMany<unknown>([
        ...holdKeys,
        ...(ledgerKey ? [ledgerKey] : []),
        ...(importKey ? [importKey] : []),
      ]);
      const holds = read.slice(0, holdKeys.length);
      const existing = ledgerKey ? read[holdKeys.length] : undefined;
      const imported = importKey ? read[read.length - 1] : undefined;
      if (imported?.value != null) return false;
      if (existing?.value != null) {
        throw new TaskorchError(
          "INPUT_INVALID",
          `The ledger already has an entry ${entry!.id} (a reservation settles once)`,
        );
      }
      const result = await this.#store.atomic((op) => {
        for (const h of holds) {
          const value = h.value as Holds | null;
          if (!value?.holds[rid!]) continue;
          op.check(h);
          const rest = { ...value.holds };
          delete rest[rid!];
          if (Object.keys(rest).length === 0) op.delete(h.key);
          else op.set(h.key, { holds: rest });
        }
        if (entry) {
          op.check({ key: ledgerKey!, versionstamp: null });
          op.set(ledgerKey!, entry);
          this.#sums(op, entry);
        }
        if (importKey) {
          op.check({ key: importKey, versionstamp: null });
          op.set(importKey, ledgerKey);
        }
      }, entry ? `recording ledger entry ${entry.id}` : `releasing reservation ${rid}`);
      if (result.ok) {
        if (rid !== undefined) this.#held.delete(rid);
        return true;
      }
      if (attempt >= MAX_ATTEMPTS) throw this.#conflict("settling", attempt);
      await sleep(backoff(attempt));
    }
  }

  #sums(op: Deno.AtomicOperation, entry: LedgerEntry): void {
    const at = new Date(entry.at);
    const b = bucketsOf(at);
    const model = entry.pricedAs ?? entry.model;
    const values: Record<(typeof TOTAL_FIELDS)[number], number> = {
      micros: entry.costMicros ?? 0,
      calls: 1,
      unpriced: entry.costMicros === null ? 1 : 0,
      errors: entry.ok ? 0 : 1,
      input: entry.usage.input,
      output: entry.usage.output,
      cache_read: entry.usage.cache_read ?? 0,
      cache_write: entry.usage.cache_write ?? 0,
      cache_write_1h: entry.usage.cache_write_1h ?? 0,
      reasoning: entry.usage.reasoning ?? 0,
    };
    for (const bucket of [b.all, b.day, b.month]) {
      for (const field of TOTAL_FIELDS) {
        if (values[field] === 0 && field !== "calls" && field !== "micros") continue;
        op.sum(
          keys.costTotal(bucket, entry.source, entry.provider, model, field),
          BigInt(values[field]),
        );
      }
    }
    if (entry.source === "taskorch" && entry.costMicros) {
      for (const scope of scopesOf(entry.provider)) {
        for (const bucket of [b.day, b.month]) {
          op.sum(keys.costSpent(bucket, scope), BigInt(entry.costMicros));
        }
      }
    }
  }

  /** The budgets in force (config and persisted). */
  budgets(): Promise<StoredBudget[]> {
    return listBudgets(this.#store, this.#configBudgets);
  }
}

/** Formats micro-dollars as USD with up to 6 decimals, trailing zeros kept to cents. */
export function usd(micros: number): string {
  const s = (micros / 1e6).toFixed(6).replace(/0{1,4}$/, "");
  return s;
}
