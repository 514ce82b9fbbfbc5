/**
 * How a long-lived door lends its store: `withStore(use)` runs `use` with the one store the
 * process keeps open (`serve` passes the runtime's, see `core/runtime.ts`), so the MCP tools,
 * `POST /hook` and the memory checker share a database and nothing opens KV it does not need.
 *
 * @module
 */

import type { Store } from "./store.ts";

/**
 * Runs `use` with the store.
 *
 * @example
 * ```ts
 * import { openStore } from "./store.ts";
 * import type { WithStore } from "./shared_store.ts";
 * const store = await openStore({ path: ":memory:" });
 * const withStore: WithStore = (use) => use(store);
 * console.assert((await withStore((s) => Promise.resolve(s.path))) === ":memory:");
 * store.close();
 * ```
 */
export type WithStore = <T>(use: (store: Store) => Promise<T>) => Promise<T>;
