/**
 * The store: the one Deno KV database behind the whole product, and the only module that
 * touches `Deno.Kv`. Several processes use it at once (one MCP server per Claude Code session,
 * hook processes that come and go), so every operation retries SQLite's `database is locked`
 * with backoff, `update` is a compare-and-set loop, and a write either happens or is reported
 * as a {@linkcode TaskorchError} — never swallowed.
 *
 * Location, first match wins: `--kv`, `TASKORCH_KV`, `~/.taskorch/taskorch.kv` (folder created
 * with mode 0700). `:memory:` for tests; a KV Connect URL with `DENO_KV_ACCESS_TOKEN` for a team.
 *
 * ## Key schema
 *
 * Build every key with {@linkcode keys}; never spell a key by hand.
 *
 * | Key                                 | Value                       | Holds                            |
 * | ----------------------------------- | --------------------------- | -------------------------------- |
 * | `["meta", "schema_version"]`        | `number` (currently `1`)    | store layout version             |
 * | `["counters", name]`                | `Deno.KvU64`                | monotonic counters (`increment`) |
 * | `["checks", day, id]`               | recorded check              | checks, by UTC day `YYYY-MM-DD`  |
 * | `["patterns", id]`                  | learned failure pattern     | learned memory                   |
 * | `["lsh", band, bucket]`             | pattern ids (`string[]`)    | similarity index of patterns     |
 * | `["inbox", id]`                     | pending human decision      | approvals inbox                  |
 * | `["ledger", day, id]`               | provider call cost entry    | cost ledger, by UTC day          |
 * | `["budgets", scope]`                | budget settings             | cost budgets                     |
 * | `["breakers", provider, model]`     | circuit breaker state       | provider circuit breakers        |
 * | `["cache", namespace, key]`         | cached value (`expireIn`)   | caches, expiring lazily          |
 * | `["outcomes", day, id]`             | tool failure seen by a hook | outcomes for the learned memory  |
 * | `["stop_blocks", session]`          | number (`expireIn` 1 day)   | consecutive Stop blocks          |
 *
 * Limits (Deno KV): a key up to 2 KiB, a value up to 64 KiB, 10 keys per `getMany` round.
 * `expireIn` is lazy: an expired entry may still be read for a while. `watch` does not see
 * other processes' writes: poll.
 *
 * @module
 */

import { errorMessage, TaskorchError } from "./errors.ts";
import { ensureKvFolder, isKvFileless, resolveKvLocation } from "./paths.ts";
import {
  formatKey,
  formatKeyPart,
  keys,
  type ListOptions,
  type OpenStoreOptions,
  SCHEMA_VERSION,
  type SetOptions,
  type StoreEntry,
  type StoreKey,
  type StoreListEntry,
  type StoreStats,
  type UpdateOptions,
} from "./store_schema.ts";

export { resolveKvPath } from "./paths.ts";
export * from "./store_schema.ts";

const LOCKED = /database is locked|database table is locked|SQLITE_BUSY/i;
const BACKOFF_BASE_MS = 2;
const BACKOFF_CAP_MS = 100;
const PAGE_SIZE = 500;
const GETMANY_MAX = 10;

/** True when `error` is SQLite's busy/locked error (Deno throws `TypeError: database is locked`). */
export function isLockError(error: unknown): boolean {
  return LOCKED.test(errorMessage(error));
}

/**
 * Opens the store, creating its folder and writing the schema version if absent.
 *
 * @throws {TaskorchError} `STORE_OPEN_FAILED` naming the path and the reason.
 *
 * @example
 * ```ts
 * import { keys, openStore } from "./store.ts";
 * using store = await openStore({ path: ":memory:" });
 * await store.increment(keys.counter("checks"));
 * console.assert((await store.counter(keys.counter("checks"))) === 1n);
 * ```
 */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const { path, source } = resolveKvLocation(options.path);
  const lockTimeoutMs = options.lockTimeoutMs ?? 5000;
  if (!isKvFileless(path)) {
    try {
      await ensureKvFolder(path, source === "default");
    } catch (error) {
      throw openFailed(path, error);
    }
  }
  let kv: Deno.Kv;
  try {
    kv = await Deno.openKv(path);
  } catch (error) {
    throw openFailed(path, error);
  }
  const store = new Store(kv, path, { lockTimeoutMs });
  // Deno opens the database lazily and its first operation waits, without limit, while another
  // connection holds a write lock; closing meanwhile blocks too. So bound the first operations
  // and, on timeout, abandon the handle rather than close it. The schema version is read first
  // and written only when absent: a write transaction on every open costs a hook process
  // ~20 ms, a read well under one.
  const schema = keys.schemaVersion();
  const deadlineMs = lockTimeoutMs + 5000;
  async function bounded<T>(operation: Promise<T>): Promise<T> {
    // A pending timer slows Deno KV's first operation down by ~8 ms (the event loop wakes
    // late), so the usual case, an answer within a few milliseconds, is awaited without one.
    if (await settlesSoon(operation, FAST_OPEN_MS)) {
      try {
        return await operation;
      } catch (error) {
        store.close();
        throw openFailed(path, error);
      }
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<"timeout">((done) =>
      timer = setTimeout(() => done("timeout"), deadlineMs)
    );
    let outcome: T | "timeout";
    try {
      outcome = await Promise.race([operation, timeout]);
    } catch (error) {
      store.close();
      throw openFailed(path, error);
    } finally {
      clearTimeout(timer);
    }
    if (outcome === "timeout") {
      operation.catch(() => {}); // settles once the lock is released; the handle is abandoned
      throw openFailed(path, `it stayed locked for ${deadlineMs} ms while opening`);
    }
    return outcome;
  }
  const current = await bounded(store.get<number>(schema));
  if (current.value === null) {
    await bounded(store.atomic(
      (op) => op.check({ key: schema, versionstamp: null }).set(schema, SCHEMA_VERSION),
      `writing the schema version ${formatKey(schema)}`,
    ));
  }
  return store;
}

/**
 * The store handle. Get one with {@linkcode openStore}. All methods retry a locked database
 * and raise {@linkcode TaskorchError}s: `STORE_LOCKED`, `STORE_WRITE_FAILED`,
 * `STORE_READ_FAILED`, `STORE_CONFLICT`.
 */
export class Store {
  /** Where the store is: an absolute file path, `:memory:` or a KV Connect URL. */
  readonly path: string;
  readonly #kv: Deno.Kv;
  readonly #lockTimeoutMs: number;
  readonly #updates = new Map<string, Promise<void>>();
  #closed = false;
  #lockRetries = 0;
  #conflictRetries = 0;

  /** Wraps an open `Deno.Kv`; prefer {@linkcode openStore}, which also prepares the store. */
  constructor(kv: Deno.Kv, path: string, options: { lockTimeoutMs?: number } = {}) {
    this.#kv = kv;
    this.path = path;
    this.#lockTimeoutMs = options.lockTimeoutMs ?? 5000;
  }

  /** Retry counts since opening. */
  get stats(): StoreStats {
    return { lockRetries: this.#lockRetries, conflictRetries: this.#conflictRetries };
  }

  /** Reads one key. */
  async get<T>(key: StoreKey): Promise<StoreEntry<T>> {
    const entry = await this.#retry(
      "read",
      `reading ${formatKey(key)}`,
      () => this.#kv.get<T>(key),
    );
    return { key: entry.key, value: entry.value, versionstamp: entry.versionstamp };
  }

  /**
   * Reads many keys, in order (in rounds of 10, issued together: not one snapshot beyond 10
   * keys).
   */
  async getMany<T>(keyList: readonly StoreKey[]): Promise<StoreEntry<T>[]> {
    const rounds: Promise<Deno.KvEntryMaybe<T>[]>[] = [];
    for (let i = 0; i < keyList.length; i += GETMANY_MAX) {
      const round = keyList.slice(i, i + GETMANY_MAX);
      rounds.push(
        this.#retry(
          "read",
          `reading ${round.length} keys from ${formatKey(round[0])}`,
          () => this.#kv.getMany<T[]>(round),
        ),
      );
    }
    const found: StoreEntry<T>[] = [];
    for (const entries of await Promise.all(rounds)) {
      for (const e of entries) {
        found.push({ key: e.key, value: e.value, versionstamp: e.versionstamp });
      }
    }
    return found;
  }

  /** Writes one key; returns the new versionstamp. */
  async set<T>(key: StoreKey, value: T, options: SetOptions = {}): Promise<string> {
    const { expireIn } = options;
    const result = await this.#retry(
      "write",
      `setting ${formatKey(key)}`,
      () => this.#kv.set(key, value, expireIn === undefined ? undefined : { expireIn }),
    );
    return result.versionstamp;
  }

  /** Deletes one key (absent keys are fine). */
  async delete(key: StoreKey): Promise<void> {
    await this.#retry("write", `deleting ${formatKey(key)}`, () => this.#kv.delete(key));
  }

  /** Lists the entries under `prefix`, in key order, as an array. */
  async list<T>(prefix: StoreKey, options: ListOptions = {}): Promise<StoreListEntry<T>[]> {
    const found: StoreListEntry<T>[] = [];
    for await (const entry of this.iterate<T>(prefix, options)) found.push(entry);
    return found;
  }

  /** Iterates the entries under `prefix` page by page; each page read is retried whole. */
  async *iterate<T>(
    prefix: StoreKey,
    options: ListOptions = {},
  ): AsyncGenerator<StoreListEntry<T>, void, undefined> {
    const selector = selectorOf(prefix, options);
    const limit = options.limit ?? Infinity;
    if (limit !== Infinity && !(Number.isInteger(limit) && limit >= 0)) {
      throw new TaskorchError("INPUT_INVALID", `list limit must be a whole number, got ${limit}`);
    }
    let remaining = limit;
    let cursor: string | undefined;
    while (remaining > 0) {
      const pageSize = Math.min(PAGE_SIZE, remaining);
      const page = await this.#retry("read", `listing ${formatKey(prefix)}`, async () => {
        const iterator = this.#kv.list<T>(selector, {
          limit: pageSize,
          cursor,
          reverse: options.reverse,
        });
        const entries: Deno.KvEntry<T>[] = [];
        for await (const entry of iterator) entries.push(entry);
        return { entries, cursor: iterator.cursor };
      });
      for (const { key, value, versionstamp } of page.entries) yield { key, value, versionstamp };
      if (page.entries.length < pageSize) return;
      remaining -= page.entries.length;
      cursor = page.cursor;
    }
  }

  /** Atomically adds `by` (0 ≤ by < 2^64) to the `Deno.KvU64` counter at `key` (wraps at 2^64). */
  async increment(key: StoreKey, by: bigint = 1n): Promise<void> {
    if (by < 0n || by >= 1n << 64n) {
      throw new TaskorchError("INPUT_INVALID", `Cannot increment ${formatKey(key)} by ${by}`);
    }
    const what = `incrementing ${formatKey(key)}`;
    const result = await this.atomic((op) => op.sum(key, by), what);
    if (!result.ok) throw this.#failure("write", what, new Error("the commit was refused"));
  }

  /** Reads the counter at `key` (0n when absent). */
  async counter(key: StoreKey): Promise<bigint> {
    const { value } = await this.get<unknown>(key);
    if (value === null) return 0n;
    if (value instanceof Deno.KvU64) return value.value;
    throw this.#failure("read", `reading the counter ${formatKey(key)}`, "it is not a Deno.KvU64");
  }

  /**
   * Read-modify-write with compare-and-set: reads the key, calls `fn` with the value (null if
   * absent), writes its result only if nobody changed the key meanwhile, otherwise retries.
   * `fn` returning null deletes the key. `fn` may run several times: keep it pure. Updates of
   * one key through one `Store` queue up in order, so they only race other connections.
   *
   * @returns the committed value (null if deleted).
   * @throws {TaskorchError} `STORE_CONFLICT` after `maxAttempts` lost races. Errors thrown by
   * `fn` propagate unchanged.
   */
  async update<T>(
    key: StoreKey,
    fn: (current: T | null) => T | null,
    options: UpdateOptions = {},
  ): Promise<T | null> {
    const maxAttempts = options.maxAttempts ?? 128;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
      throw new TaskorchError("INPUT_INVALID", `maxAttempts must be ≥ 1, got ${maxAttempts}`);
    }
    const shown = formatKey(key);
    const { expireIn } = options;
    return await this.#queue(shown, async () => {
      for (let attempt = 1;; attempt++) {
        const current = await this.get<T>(key);
        const next = fn(current.value);
        const result = await this.atomic((op) => {
          op.check(current);
          if (next === null) op.delete(key);
          else op.set(key, next, expireIn === undefined ? undefined : { expireIn });
        }, `updating ${shown}`);
        if (result.ok) return next;
        if (attempt >= maxAttempts) {
          throw new TaskorchError(
            "STORE_CONFLICT",
            `Gave up updating ${shown} in the store at "${this.path}": other writers changed it ` +
              `first ${attempt} times in a row (maxAttempts ${maxAttempts}); try again`,
          );
        }
        this.#conflictRetries++;
        await sleep(backoff(attempt));
      }
    });
  }

  /**
   * Commits an atomic operation built by `build`, retrying while the database is locked.
   * `build` runs once per attempt on a fresh operation; its own errors propagate unchanged.
   * A failed check is not an error: the result has `ok: false`.
   */
  atomic(
    build: (op: Deno.AtomicOperation) => void,
    what = "committing an atomic operation",
  ): Promise<Deno.KvCommitResult | Deno.KvCommitError> {
    return this.#retry("write", what, () => {
      const op = this.#kv.atomic();
      try {
        build(op);
      } catch (error) {
        throw new Passthrough(error);
      }
      return op.commit();
    });
  }

  /** Closes the database; later operations fail. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#kv.close();
  }

  /** Closes the store at the end of a `using` block. */
  [Symbol.dispose](): void {
    this.close();
  }

  async #retry<R>(kind: "read" | "write", what: string, attempt: () => Promise<R>): Promise<R> {
    const started = performance.now();
    for (let attempts = 1;; attempts++) {
      if (this.#closed) throw this.#failure(kind, what, "the store is closed");
      try {
        return await attempt();
      } catch (error) {
        if (error instanceof Passthrough) throw error.error;
        if (error instanceof TaskorchError) throw error;
        if (!isLockError(error)) throw this.#failure(kind, what, error);
        const elapsed = performance.now() - started;
        const delay = backoff(attempts);
        if (elapsed + delay > this.#lockTimeoutMs) {
          throw new TaskorchError(
            "STORE_LOCKED",
            `Gave up: the store at "${this.path}" stayed locked for ${Math.round(elapsed)} ms ` +
              `(${attempts} attempts) while ${what}; another process holds its write lock`,
            { cause: error },
          );
        }
        this.#lockRetries++;
        await sleep(delay);
      }
    }
  }

  #failure(kind: "read" | "write", what: string, error: unknown): TaskorchError {
    const reason = typeof error === "string" ? error : errorMessage(error);
    return new TaskorchError(
      kind === "read" ? "STORE_READ_FAILED" : "STORE_WRITE_FAILED",
      `Store ${kind} failed while ${what} (store at "${this.path}"): ${reason}`,
      typeof error === "string" ? undefined : { cause: error },
    );
  }

  /** Runs `task` after the previous queued task for `id` settles. */
  async #queue<R>(id: string, task: () => Promise<R>): Promise<R> {
    const previous = this.#updates.get(id) ?? Promise.resolve();
    const run = previous.then(task);
    const tail = run.then(() => {}, () => {});
    this.#updates.set(id, tail);
    try {
      return await run;
    } finally {
      if (this.#updates.get(id) === tail) this.#updates.delete(id);
    }
  }
}

/** Carries an error thrown by caller code through the retry loop untouched. */
class Passthrough {
  constructor(readonly error: unknown) {}
}

/** How long opening waits for the store's first answer before it arms its deadline timer. */
const FAST_OPEN_MS = 50;

/**
 * Whether `operation` settles within `ms`, waiting by yielding to the event loop through a
 * message channel rather than a timer.
 */
async function settlesSoon(operation: Promise<unknown>, ms: number): Promise<boolean> {
  let settled = false;
  operation.then(() => settled = true, () => settled = true);
  const started = performance.now();
  const channel = new MessageChannel();
  try {
    while (!settled && performance.now() - started < ms) {
      await new Promise<void>((next) => {
        channel.port1.onmessage = () => next();
        channel.port2.postMessage(0);
      });
    }
  } finally {
    channel.port1.close();
    channel.port2.close();
  }
  return settled;
}

/** Full-jitter exponential backoff: uniform in [0, min(cap, base·2^(attempt-1))) ms. */
function backoff(attempt: number): number {
  return Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

function selectorOf(prefix: StoreKey, options: ListOptions): Deno.KvListSelector {
  const { start, end } = options;
  for (const [name, key] of [["start", start], ["end", end]] as const) {
    if (
      key &&
      !(key.length > prefix.length &&
        prefix.every((p, i) => formatKeyPart(p) === formatKeyPart(key[i])))
    ) {
      throw new TaskorchError(
        "INPUT_INVALID",
        `list ${name} ${formatKey(key)} does not lie under the prefix ${formatKey(prefix)}`,
      );
    }
  }
  if (start && end) return { start, end };
  if (start) return { prefix, start };
  if (end) return { prefix, end };
  return { prefix };
}

function openFailed(path: string, error: unknown): TaskorchError {
  let reason = errorMessage(error);
  if (/^https?:\/\//i.test(path)) {
    let hasToken = false;
    try {
      hasToken = Boolean(Deno.env.get("DENO_KV_ACCESS_TOKEN"));
    } catch { /* no env permission: say what is needed anyway */ }
    reason += hasToken
      ? " (KV Connect: check the URL and that DENO_KV_ACCESS_TOKEN grants access to it)"
      : " (KV Connect needs the DENO_KV_ACCESS_TOKEN environment variable set to an access token)";
  }
  return new TaskorchError("STORE_OPEN_FAILED", `Cannot open the store at "${path}": ${reason}`, {
    cause: error,
  });
}
