/**
 * Circuit breakers, one per provider and model, shared by every process through the store
 * (`keys.breaker(provider, model)`): CLOSED → `failureThreshold` consecutive failures → OPEN →
 * `halfOpenAfterMs` → HALF_OPEN (one trial call) → a success → CLOSED, a failure → OPEN again.
 *
 * ## How cockatiel's state and KV agree
 *
 * The store is the source of truth; `npm:cockatiel` computes the transitions. A record holds
 * cockatiel's own serialized state (`CircuitBreakerPolicy.toJSON()`). Recording an outcome is a
 * compare-and-set loop: read the record, hydrate a fresh cockatiel policy from it
 * (`initialState`), replay the outcome through `policy.execute` (an instant success or
 * failure), serialize the policy again and commit only if nobody changed the record meanwhile;
 * on a conflict, replay on the newer state. So every process applies cockatiel's rules to the
 * same shared state, and a restart starts from it. No policy lives between calls in memory.
 *
 * Gating reads the record: open and not yet due → `BREAKER_OPEN` with the time it half-opens;
 * due → the caller claims the single half-open trial slot with a compare-and-set (`probeUntil`);
 * other callers, in any process, get `BREAKER_OPEN` until the trial reports or
 * `probeTimeoutMs` passes.
 *
 * Time comes from a `now()` the caller can control (tests); cockatiel reads `Date.now()`, so
 * times are shifted into its clock when hydrating and back when serializing.
 *
 * @module
 */

import { circuitBreaker, CircuitState, ConsecutiveBreaker, handleAll } from "cockatiel";
import { TaskorchError } from "../errors.ts";
import { keys, type Store } from "../store.ts";
import { type BreakerSettings, DEFAULT_BREAKER_SETTINGS } from "./settings.ts";

/** A breaker's state, as shown to users. */
export type BreakerState = "closed" | "open" | "half_open";

/** What the store holds for one breaker. */
export interface BreakerRecord {
  /** The provider's name. */
  provider: string;
  /** The model. */
  model: string;
  /** The state now (an open breaker past its wait shows `half_open`). */
  state: BreakerState;
  /** Failures in a row since the last success. */
  consecutiveFailures: number;
  /** When it last opened (epoch ms). */
  openedAt?: number;
  /** When an open breaker lets a trial call through (epoch ms). */
  halfOpenAt?: number;
  /** A half-open trial call holds the slot until then (epoch ms). */
  probeUntil?: number;
  /** How many times it has opened. */
  opens: number;
  /** The last failure's message. */
  lastError?: string;
  /** When it last failed (epoch ms). */
  lastFailureAt?: number;
  /** When it last succeeded (epoch ms). */
  lastSuccessAt?: number;
  /** When the record changed (epoch ms). */
  updatedAt: number;
  /** cockatiel's serialized state, in epoch ms of the store's clock. */
  policy: CockatielState;
}

/** cockatiel's `toJSON()` shape. */
interface CockatielState {
  ownState: { value: CircuitState; openedAt?: number; attemptNo?: number };
  breakerState: unknown;
}

/** A caller's pass through the gate. */
export interface BreakerPass {
  /** Whether this call is the half-open trial call. */
  probe: boolean;
}

/** Options of {@linkcode createBreakers}. */
export interface BreakersOptions {
  /** The settings (default: {@linkcode DEFAULT_BREAKER_SETTINGS}). */
  settings?: Partial<BreakerSettings>;
  /** The clock, epoch ms (default `Date.now`). */
  now?: () => number;
}

/** The breakers over one store. */
export interface Breakers {
  /** The settings in force. */
  readonly settings: BreakerSettings;
  /**
   * Lets a call through or throws `BREAKER_OPEN` (the message says when it half-opens, or that
   * a trial call is in flight). A due breaker gives its one trial slot to the first caller.
   */
  gate(provider: string, model: string): Promise<BreakerPass>;
  /** Records a call's outcome (a failure that counts, or a success). */
  record(
    provider: string,
    model: string,
    outcome: { ok: true } | { ok: false; error: string },
  ): Promise<BreakerRecord>;
  /** One breaker's record, with its state as of now (undefined when never used). */
  get(provider: string, model: string): Promise<BreakerRecord | undefined>;
  /** Every breaker's record, with states as of now. */
  list(): Promise<BreakerRecord[]>;
  /** Closes a breaker by hand (an operator's reset); returns whether one existed. */
  reset(provider: string, model: string): Promise<boolean>;
}

const MAX_CAS = 32;

function fresh(provider: string, model: string, now: number): BreakerRecord {
  return {
    provider,
    model,
    state: "closed",
    consecutiveFailures: 0,
    opens: 0,
    updatedAt: now,
    policy: { ownState: { value: CircuitState.Closed }, breakerState: 0 },
  };
}

function shift(state: CockatielState, by: number): CockatielState {
  const own = state.ownState;
  if (own.value !== CircuitState.Open || typeof own.openedAt !== "number" || own.openedAt === 0) {
    return structuredClone(state);
  }
  return { ...structuredClone(state), ownState: { ...own, openedAt: own.openedAt + by } };
}

/** The record's state as of `now` (an open breaker past its wait is half-open). */
function asOf(record: BreakerRecord, now: number): BreakerRecord {
  if (record.state === "open" && record.halfOpenAt !== undefined && now >= record.halfOpenAt) {
    return { ...record, state: "half_open" };
  }
  return record;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Creates the breakers over `store`.
 *
 * @example
 * ```ts
 * import { openStore } from "../store.ts";
 * import { createBreakers } from "./breakers.ts";
 * using store = await openStore({ path: ":memory:" });
 * let now = 0;
 * const breakers = createBreakers(store, { now: () => now });
 * for (let i = 0; i < 3; i++) await breakers.record("openai", "m", { ok: false, error: "500" });
 * console.assert((await breakers.get("openai", "m"))?.state === "open");
 * now += 30_000;
 * await breakers.gate("openai", "m"); // the half-open trial call
 * await breakers.record("openai", "m", { ok: true });
 * console.assert((await breakers.get("openai", "m"))?.state === "closed");
 * ```
 */
export function createBreakers(store: Store, options: BreakersOptions = {}): Breakers {
  const settings: BreakerSettings = { ...DEFAULT_BREAKER_SETTINGS, ...options.settings };
  const now = options.now ?? Date.now;

  async function cas(
    provider: string,
    model: string,
    change: (current: BreakerRecord, at: number) => Promise<BreakerRecord | undefined>,
  ): Promise<BreakerRecord> {
    const key = keys.breaker(provider, model);
    for (let attempt = 1;; attempt++) {
      const entry = await store.get<BreakerRecord>(key);
      const at = now();
      const current = entry.value ?? fresh(provider, model, at);
      const next = await change(current, at);
      if (next === undefined) return current;
      const result = await store.atomic((op) => {
        op.check(entry);
        op.set(key, next);
      }, `updating the breaker of ${provider}/${model}`);
      if (result.ok) return next;
      if (attempt >= MAX_CAS) {
        throw new TaskorchError(
          "STORE_CONFLICT",
          `Gave up updating the breaker of ${provider}/${model}: other processes changed it first ${attempt} times in a row`,
        );
      }
    }
  }

  /** Replays one outcome through a cockatiel policy hydrated from `current`. */
  async function replay(current: BreakerRecord, ok: boolean, at: number): Promise<CockatielState> {
    const offset = Date.now() - at;
    const policy = circuitBreaker(handleAll, {
      halfOpenAfter: settings.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(settings.failureThreshold),
      initialState: shift(current.policy, offset),
    });
    try {
      await policy.execute(() => {
        if (!ok) throw new Error("failed");
      });
    } catch {
      // The outcome was recorded by the policy (or it was open and ignored it).
    }
    const after = policy.toJSON() as CockatielState;
    const own = after.ownState;
    if (own.value === CircuitState.Open && own.openedAt !== undefined && own.openedAt !== 0) {
      const before = current.policy.ownState;
      const reopened = before.value !== CircuitState.Open ||
        own.openedAt !== (before.openedAt ?? 0) + offset;
      // A breaker that opened now opened at `at` exactly (cockatiel's clock ticked meanwhile).
      return reopened ? { ...after, ownState: { ...own, openedAt: at } } : shift(after, -offset);
    }
    return after;
  }

  return {
    settings,
    async gate(provider, model) {
      let probe = false;
      await cas(provider, model, (current, at) => {
        probe = false;
        if (current.state === "closed") return Promise.resolve(undefined);
        const due = current.halfOpenAt ?? 0;
        if (at < due) {
          throw new TaskorchError(
            "BREAKER_OPEN",
            `The circuit breaker of ${provider}/${model} is open after ${current.consecutiveFailures} failures in a row (last: ${
              current.lastError ?? "unknown"
            }); it half-opens at ${iso(due)} (in ${Math.ceil((due - at) / 1000)} s).`,
          );
        }
        if (current.probeUntil !== undefined && at < current.probeUntil) {
          throw new TaskorchError(
            "BREAKER_OPEN",
            `The circuit breaker of ${provider}/${model} is half-open and a trial call is in flight; try again after it reports (at the latest ${
              iso(current.probeUntil)
            }).`,
          );
        }
        probe = true;
        return Promise.resolve({
          ...current,
          state: "half_open",
          probeUntil: at + settings.probeTimeoutMs,
          updatedAt: at,
        });
      });
      return { probe };
    },
    async record(provider, model, outcome) {
      return await cas(provider, model, async (current, at) => {
        if (outcome.ok && current.state === "closed" && current.consecutiveFailures === 0) {
          return current.lastSuccessAt !== undefined && at - current.lastSuccessAt < 60_000
            ? undefined
            : { ...current, lastSuccessAt: at, updatedAt: at };
        }
        const policy = await replay(current, outcome.ok, at);
        const own = policy.ownState;
        const open = own.value === CircuitState.Open;
        const wasOpen = current.state !== "closed";
        const reopened = open && (!wasOpen || own.openedAt !== current.policy.ownState.openedAt);
        const next: BreakerRecord = {
          ...current,
          policy,
          state: open ? "open" : "closed",
          consecutiveFailures: outcome.ok ? 0 : current.consecutiveFailures + 1,
          opens: current.opens + (reopened ? 1 : 0),
          updatedAt: at,
        };
        delete next.probeUntil;
        if (open) {
          next.openedAt = own.openedAt;
          next.halfOpenAt = (own.openedAt ?? at) + settings.halfOpenAfterMs;
        } else {
          delete next.openedAt;
          delete next.halfOpenAt;
        }
        if (outcome.ok) next.lastSuccessAt = at;
        else {
          next.lastError = outcome.error.slice(0, 500);
          next.lastFailureAt = at;
        }
        return next;
      });
    },
    async get(provider, model) {
      const entry = await store.get<BreakerRecord>(keys.breaker(provider, model));
      return entry.value === null ? undefined : asOf(entry.value, now());
    },
    async list() {
      const entries = await store.list<BreakerRecord>([keys.prefix.breakers]);
      const at = now();
      return entries.map((entry) => asOf(entry.value, at));
    },
    async reset(provider, model) {
      const key = keys.breaker(provider, model);
      const entry = await store.get<BreakerRecord>(key);
      if (entry.value === null) return false;
      const at = now();
      await store.set(key, { ...fresh(provider, model, at), opens: entry.value.opens });
      return true;
    },
  };
}
