/**
 * The store's key schema and data types. The table of keys is in the module doc of
 * `core/store.ts`; build every key with {@linkcode keys}, never by hand. Keys added by the
 * Claude Code hooks (issue 4):
 *
 * | Key                                 | Value                       | Holds                            |
 * | ----------------------------------- | --------------------------- | -------------------------------- |
 * | `["outcomes", day, id]`             | `Outcome` (core/outcomes.ts) | failures seen by hooks (a tool that failed), for the learned memory; `id` sorts by time |
 * | `["stop_blocks", session_id]`       | `number` (`expireIn` 1 day) | consecutive `Stop` blocks of a session, so a Stop hook never loops |
 *
 * Keys added by the cost ledger (issue 7, core/cost/):
 *
 * | Key                                 | Value                       | Holds                            |
 * | ----------------------------------- | --------------------------- | -------------------------------- |
 * | `["cost_totals", bucket, source, provider, model, field]` | `Deno.KvU64` | running totals (micro-dollars, calls, tokens) per `all` / `d:DAY` / `m:MONTH`, summed in the same commit as the ledger entry |
 * | `["cost_spent", bucket, scope]`     | `Deno.KvU64`                | taskorch's spend per budget scope (`overall`, `provider:NAME`) and day/month, micro-dollars |
 * | `["cost_holds", scope]`             | `{holds: {id: {micros, expiresAt}}}` | budget reservations in flight (expired ones are dropped) |
 * | `["cost_imports", id]`              | ledger key                  | imported calls already in the ledger (Claude Code message ids) |
 * | `["budgets", "SCOPE/PERIOD"]`       | `Budget` (core/cost/budgets.ts) | budgets set with cost_set_budget / `taskorch cost budget set` |
 * | `["inbox_fp", fingerprint]`         | `{ id }` (core/inbox/types.ts) | the latest inbox item for an exact event fingerprint (issue 9) |
 *
 * @module
 */

/** A store key: a Deno KV key. Build them with {@linkcode keys}. */
export type StoreKey = Deno.KvKey;

/** The store layout version written to `["meta", "schema_version"]`. */
export const SCHEMA_VERSION = 1;

/** Builders of every key the product uses (see the key schema in the module doc). */
export interface StoreKeys {
  /** `["meta", "schema_version"]`: the layout version (a number). */
  schemaVersion(): StoreKey;
  /** `["counters", name]`: a `Deno.KvU64` counter. */
  counter(name: string): StoreKey;
  /** `["checks", day, id]`: a recorded check; `day` is a UTC `YYYY-MM-DD` ({@linkcode utcDay}). */
  check(day: string, id: string): StoreKey;
  /** `["patterns", id]`: a learned failure pattern. */
  pattern(id: string): StoreKey;
  /**
   * `["lsh", band, bucket]`: a locality-sensitive-hashing bucket of the memory, the ids of
   * the patterns in it (`string[]`, newest last, capped).
   */
  lsh(band: number, bucket: string): StoreKey;
  /** `["inbox", id]`: an action waiting for a human decision. */
  inbox(id: string): StoreKey;
  /** `["inbox_fp", fingerprint]`: the latest inbox item for an exact event (`{ id }`). */
  inboxFingerprint(fingerprint: string): StoreKey;
  /** `["ledger", day, id]`: one provider call in the cost ledger. */
  ledger(day: string, id: string): StoreKey;
  /** `["budgets", scope]`: a cost budget. */
  budget(scope: string): StoreKey;
  /** `["breakers", provider, model]`: a circuit breaker's state. */
  breaker(provider: string, model: string): StoreKey;
  /** `["cache", namespace, key]`: a cached value, usually written with `expireIn`. */
  cache(namespace: string, key: string): StoreKey;
  /** `["outcomes", day, id]`: an outcome (a tool failed...) for the learned memory. */
  outcome(day: string, id: string): StoreKey;
  /** `["stop_blocks", session]`: how many Stop blocks in a row a session has had. */
  stopBlocks(session: string): StoreKey;
  /**
   * `["cost_totals", bucket, source, provider, model, field]`: a `Deno.KvU64` running total of
   * the cost ledger; `bucket` is `all`, `d:YYYY-MM-DD` or `m:YYYY-MM` (core/cost/ledger.ts).
   */
  costTotal(
    bucket: string,
    source: string,
    provider: string,
    model: string,
    field: string,
  ): StoreKey;
  /** `["cost_spent", bucket, scope]`: a `Deno.KvU64` of taskorch's spend in micro-dollars per budget scope. */
  costSpent(bucket: string, scope: string): StoreKey;
  /** `["cost_holds", scope]`: the budget reservations in flight for a scope. */
  costHolds(scope: string): StoreKey;
  /** `["cost_imports", id]`: the ledger key of an imported call (e.g. a Claude Code message id). */
  costImport(id: string): StoreKey;
  /** The first part of each key family, for `list` (e.g. `[keys.prefix.inbox]`). */
  readonly prefix: {
    readonly meta: "meta";
    readonly counters: "counters";
    readonly checks: "checks";
    readonly patterns: "patterns";
    readonly lsh: "lsh";
    readonly inbox: "inbox";
    readonly inboxFingerprints: "inbox_fp";
    readonly ledger: "ledger";
    readonly budgets: "budgets";
    readonly breakers: "breakers";
    readonly cache: "cache";
    readonly outcomes: "outcomes";
    readonly stopBlocks: "stop_blocks";
    readonly costTotals: "cost_totals";
    readonly costSpent: "cost_spent";
    readonly costHolds: "cost_holds";
    readonly costImports: "cost_imports";
  };
}

/**
 * Every key of the store. Lists take a prefix: `store.list(["inbox"])`,
 * `store.list(["checks", utcDay()])`.
 *
 * @example
 * ```ts
 * import { keys } from "./store.ts";
 * console.assert(keys.breaker("openai", "gpt-5").join("/") === "breakers/openai/gpt-5");
 * ```
 */
export const keys: StoreKeys = {
  schemaVersion: () => ["meta", "schema_version"],
  counter: (name) => ["counters", name],
  check: (day, id) => ["checks", day, id],
  pattern: (id) => ["patterns", id],
  lsh: (band, bucket) => ["lsh", band, bucket],
  inbox: (id) => ["inbox", id],
  inboxFingerprint: (fingerprint) => ["inbox_fp", fingerprint],
  ledger: (day, id) => ["ledger", day, id],
  budget: (scope) => ["budgets", scope],
  breaker: (provider, model) => ["breakers", provider, model],
  cache: (namespace, key) => ["cache", namespace, key],
  outcome: (day, id) => ["outcomes", day, id],
  stopBlocks: (session) => ["stop_blocks", session],
  costTotal: (bucket, source, provider, model, field) => [
    "cost_totals",
    bucket,
    source,
    provider,
    model,
    field,
  ],
  costSpent: (bucket, scope) => ["cost_spent", bucket, scope],
  costHolds: (scope) => ["cost_holds", scope],
  costImport: (id) => ["cost_imports", id],
  prefix: {
    meta: "meta",
    counters: "counters",
    checks: "checks",
    patterns: "patterns",
    lsh: "lsh",
    inbox: "inbox",
    inboxFingerprints: "inbox_fp",
    ledger: "ledger",
    budgets: "budgets",
    breakers: "breakers",
    cache: "cache",
    outcomes: "outcomes",
    stopBlocks: "stop_blocks",
    costTotals: "cost_totals",
    costSpent: "cost_spent",
    costHolds: "cost_holds",
    costImports: "cost_imports",
  },
};

/** The UTC day of `date` as `YYYY-MM-DD`, the `day` part of check and ledger keys. */
export function utcDay(date: Date = new Date()): string {
  return date.toISOString().slice(0, 10);
}

/** Renders a key for messages: `["checks", "2025-01-31", "c1"]`. */
export function formatKey(key: StoreKey): string {
  return `[${key.map(formatKeyPart).join(", ")}]`;
}

/** What `Store.get` returns: `value` and `versionstamp` are null when absent. */
export interface StoreEntry<T> {
  /** The key read. */
  key: StoreKey;
  /** The value, or null when the key is absent. */
  value: T | null;
  /** The version of the entry, or null when the key is absent. */
  versionstamp: string | null;
}

/** An entry found by `Store.list`. */
export interface StoreListEntry<T> {
  /** The entry's key. */
  key: StoreKey;
  /** The entry's value. */
  value: T;
  /** The entry's version. */
  versionstamp: string;
}

/** Options of `Store.set`. */
export interface SetOptions {
  /** Milliseconds after which the entry may be deleted (lazily: it can outlive this). */
  expireIn?: number;
}

/** Options of `Store.list` and {@linkcode Store.iterate}. */
export interface ListOptions {
  /** At most this many entries. */
  limit?: number;
  /** Newest key first (descending key order). */
  reverse?: boolean;
  /** Start at this key (inclusive); must lie under the prefix. */
  start?: StoreKey;
  /** Stop before this key (exclusive); must lie under the prefix. */
  end?: StoreKey;
}

/** Options of `Store.update`. */
export interface UpdateOptions {
  /** Read-modify-write attempts before giving up with `STORE_CONFLICT` (default 128: with full-jitter backoff capped at 100 ms, a few seconds of contention at most). */
  maxAttempts?: number;
  /** `expireIn` for the written value. */
  expireIn?: number;
}

/** Options of `openStore`. */
export interface OpenStoreOptions {
  /** `--kv`: a file path, `:memory:` or a KV Connect URL. Default: see the module doc. */
  path?: string;
  /** How long an operation retries a locked database before `STORE_LOCKED` (default 5000). */
  lockTimeoutMs?: number;
}

/** Counts of retries since the store was opened (contention diagnostics). */
export interface StoreStats {
  /** Attempts retried because the database was locked by another connection. */
  lockRetries: number;
  /** `update` attempts retried because another writer changed the key first. */
  conflictRetries: number;
}

/** Renders one key part for messages and comparisons. */
export function formatKeyPart(part: Deno.KvKeyPart): string {
  if (typeof part === "string") return JSON.stringify(part);
  if (typeof part === "bigint") return `${part}n`;
  if (part instanceof Uint8Array) {
    return `bytes(${Array.from(part, (b) => b.toString(16).padStart(2, "0")).join("")})`;
  }
  return String(part);
}
