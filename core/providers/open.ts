/**
 * Opens the configured providers for a store and a config: the cost ledger from `cost:`, the
 * breakers from `breakers:`, the provider plugins from `plugins:` (kind provider).
 *
 * @module
 */

import type { Config } from "../config.ts";
import { openCostLedger } from "../cost/settings.ts";
import type { Store } from "../store.ts";
import { createBreakers } from "../breakers/breakers.ts";
import { breakerSettings } from "../breakers/settings.ts";
import { createProviders, type Providers } from "./providers.ts";

/**
 * The providers of `config` over `store`.
 *
 * @example
 * ```ts
 * import { defaultConfig } from "../config.ts";
 * import { openStore } from "../store.ts";
 * import { openProviders } from "./open.ts";
 * using store = await openStore({ path: ":memory:" });
 * const providers = await openProviders(store, defaultConfig());
 * console.assert(providers.names().length === 0);
 * await providers.close();
 * ```
 */
export async function openProviders(
  store: Store,
  config: Config,
  options: { cwd?: string } = {},
): Promise<Providers> {
  const [gate, settings] = await Promise.all([
    openCostLedger(store, config),
    breakerSettings(config),
  ]);
  return createProviders({
    plugins: config.plugins,
    gate,
    breakers: createBreakers(store, { settings }),
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
  });
}
