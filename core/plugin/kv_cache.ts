/**
 * The cache the host brokers to plugins (DESIGN.md, Plugins: plugins never touch KV). A
 * plugin's `ctx.cache.get(key)` / `ctx.cache.set(key, value, ttlMs)` is a request from its
 * runner process to the host, which serves it from a {@linkcode PluginCacheStore} given to
 * `startPlugin` as its `cache` option. The host chooses the namespace (`plugin:<name>`), so a
 * plugin reads and writes only its own entries.
 *
 * @module
 */

import type { Store } from "../store.ts";
import { keys } from "../store_schema.ts";

/** Where the host keeps plugins' cached values: namespaced, expiring entries. */
export interface PluginCacheStore {
  /** The value under `namespace`/`key`, or undefined when absent or expired. */
  get(namespace: string, key: string): Promise<unknown>;
  /** Stores `value` under `namespace`/`key` for `ttlMs` milliseconds. */
  set(namespace: string, key: string, value: unknown, ttlMs: number): Promise<void>;
}

/** The namespace of a plugin's entries: `plugin:<name>`. */
export function pluginNamespace(name: string): string {
  return `plugin:${name}`;
}

interface Stored {
  value: unknown;
  expiresAt: number;
}

/**
 * A {@linkcode PluginCacheStore} over the store: `keys.cache(namespace, key)` written with
 * `expireIn`. KV expiry is lazy, so each entry also carries its expiry time and an expired
 * entry read back is treated as absent.
 *
 * @example
 * ```ts
 * import { openStore } from "../store.ts";
 * import { KvPluginCache } from "./kv_cache.ts";
 * using store = await openStore({ path: ":memory:" });
 * const cache = new KvPluginCache(store);
 * await cache.set("plugin:demo", "k", { n: 1 }, 60_000);
 * console.assert(JSON.stringify(await cache.get("plugin:demo", "k")) === '{"n":1}');
 * console.assert((await cache.get("plugin:other", "k")) === undefined);
 * ```
 */
export class KvPluginCache implements PluginCacheStore {
  readonly #store: Store;
  readonly #now: () => number;

  /** Serves plugins' caches from `store`; `now` is the clock (default `Date.now`). */
  constructor(store: Store, options: { now?: () => number } = {}) {
    this.#store = store;
    this.#now = options.now ?? Date.now;
  }

  /** The value unless absent or expired. */
  async get(namespace: string, key: string): Promise<unknown> {
    const entry = await this.#store.get<Stored>(keys.cache(namespace, key));
    const stored = entry.value;
    if (typeof stored !== "object" || stored === null || typeof stored.expiresAt !== "number") {
      return undefined;
    }
    return this.#now() < stored.expiresAt ? stored.value : undefined;
  }

  /** Stores the value for `ttlMs` milliseconds. */
  async set(namespace: string, key: string, value: unknown, ttlMs: number): Promise<void> {
    const stored: Stored = { value, expiresAt: this.#now() + ttlMs };
    await this.#store.set(keys.cache(namespace, key), stored, { expireIn: ttlMs });
  }
}
