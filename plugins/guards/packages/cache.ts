/**
 * Registry answers cached with a time to live. The guard runs in a sandbox and never touches
 * Deno KV (DESIGN.md: the host brokers it), so the cache is an interface the host can back with
 * KV (`keys.cache("hallucinated-packages", key)` written with `expireIn: ttlMs`), plus an
 * in-memory implementation for tests and for a guard process without a broker.
 *
 * @module
 */

import type { Ecosystem } from "./install_commands.ts";
import type { Lookup } from "./registries.ts";

/** A key-value cache whose entries expire. Values are plain structured-clone-able data. */
export interface TtlCache {
  /** The value stored under `key`, or undefined when absent or expired. */
  get(key: string): Promise<unknown>;
  /** Stores `value` under `key` for `ttlMs` milliseconds. */
  set(key: string, value: unknown, ttlMs: number): Promise<void>;
}

/** How long answers are kept: an existing package stays, a missing name may be registered soon. */
export interface CacheTtls {
  /** For `exists` answers (default 24 hours). */
  existsMs: number;
  /** For `missing` answers (default 1 hour). `unknown` answers are never cached. */
  missingMs: number;
}

/** The default time to live of answers. */
export const DEFAULT_TTLS: CacheTtls = { existsMs: 24 * 3_600_000, missingMs: 3_600_000 };

/** The KV namespace the host uses for this guard's cache. */
export const CACHE_NAMESPACE = "hallucinated-packages";

/**
 * The cache key of one package: `npm:@types/node`, `pypi:requests`.
 *
 * @example
 * ```ts
 * import { cacheKey } from "./cache.ts";
 * console.assert(cacheKey("pypi", "requests") === "pypi:requests");
 * ```
 */
export function cacheKey(ecosystem: Ecosystem, name: string): string {
  return `${ecosystem}:${name}`;
}

/**
 * A cached value read back as a registry answer, or undefined when it is not one (a cache the
 * host backs may hold anything: never trust its shape).
 */
export function asLookup(value: unknown): Lookup | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (record.status === "exists") {
    const out: Lookup = { status: "exists" };
    if (typeof record.createdAt === "string") out.createdAt = record.createdAt;
    if (typeof record.versions === "number") out.versions = record.versions;
    return out;
  }
  if (record.status === "missing" && typeof record.reason === "string") {
    return { status: "missing", reason: record.reason };
  }
  return undefined;
}

/** The time to live of an answer, or undefined when it must not be cached. */
export function ttlOf(lookup: Lookup, ttls: CacheTtls = DEFAULT_TTLS): number | undefined {
  if (lookup.status === "exists") return ttls.existsMs;
  if (lookup.status === "missing") return ttls.missingMs;
  return undefined;
}

/**
 * An in-memory {@linkcode TtlCache} with lazy expiry and a bound on its size (oldest entries go
 * first).
 *
 * @example
 * ```ts
 * import { MemoryCache } from "./cache.ts";
 * let now = 0;
 * const cache = new MemoryCache({ now: () => now });
 * await cache.set("npm:lodash", { status: "exists" }, 1000);
 * console.assert((await cache.get("npm:lodash")) !== undefined);
 * now = 1000;
 * console.assert((await cache.get("npm:lodash")) === undefined);
 * ```
 */
export class MemoryCache implements TtlCache {
  readonly #entries = new Map<string, { value: unknown; expires: number }>();
  readonly #now: () => number;
  readonly #maxEntries: number;

  /** Creates an empty cache; `now` is the clock (default `Date.now`). */
  constructor(options: { now?: () => number; maxEntries?: number } = {}) {
    this.#now = options.now ?? Date.now;
    this.#maxEntries = options.maxEntries ?? 10_000;
  }

  /** The value under `key` unless it expired. */
  get(key: string): Promise<unknown> {
    const entry = this.#entries.get(key);
    if (entry === undefined) return Promise.resolve(undefined);
    if (this.#now() >= entry.expires) {
      this.#entries.delete(key);
      return Promise.resolve(undefined);
    }
    return Promise.resolve(structuredClone(entry.value));
  }

  /** Stores a copy of `value` for `ttlMs` milliseconds. */
  set(key: string, value: unknown, ttlMs: number): Promise<void> {
    this.#entries.delete(key);
    if (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, { value: structuredClone(value), expires: this.#now() + ttlMs });
    return Promise.resolve();
  }

  /** How many entries are held (expired ones included until read). */
  get size(): number {
    return this.#entries.size;
  }
}
