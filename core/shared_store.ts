/**
 * One store for a long-lived process (`serve`), opened on first use and kept open: the
 * `withStore` the MCP tools and `POST /hook` receive. A failed open is retried on the next
 * use; the store is never opened when nothing asks for it.
 *
 * @module
 */

import type { Store } from "./store.ts";

/** Runs `use` with the store; see {@linkcode sharedStore}. */
export type WithStore = <T>(use: (store: Store) => Promise<T>) => Promise<T>;

/**
 * A `withStore` over one lazily opened store at `kv` (default as `openStore`).
 *
 * @example
 * ```ts
 * import { sharedStore } from "./shared_store.ts";
 * const withStore = sharedStore(":memory:");
 * const path = await withStore((store) => Promise.resolve(store.path));
 * console.assert(path === ":memory:");
 * ```
 */
export function sharedStore(kv?: string): WithStore {
  let store: Promise<Store> | undefined;
  return async (use) => {
    store ??= import("./store.ts").then((m) => m.openStore({ path: kv }));
    store.catch(() => store = undefined); // a failed open is retried next time
    return await use(await store);
  };
}
