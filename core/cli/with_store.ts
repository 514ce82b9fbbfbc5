/**
 * The store for one CLI command: opened (the store module loaded only then) for `use`, and
 * closed after it, whatever `use` does.
 *
 * @module
 */

import type { Store } from "../store.ts";

/**
 * Runs `use` with the store at `kv` (`--kv`; default as `openStore`), then closes it.
 *
 * @example
 * ```ts
 * import { withStore } from "./with_store.ts";
 * const n = await withStore(":memory:", async (store) => (await store.list(["patterns"])).length);
 * console.assert(n === 0);
 * ```
 */
export async function withStore<T>(
  kv: string | undefined,
  use: (store: Store) => Promise<T>,
): Promise<T> {
  const { openStore } = await import("../store.ts");
  const store = await openStore({ path: kv });
  try {
    return await use(store);
  } finally {
    store.close();
  }
}
