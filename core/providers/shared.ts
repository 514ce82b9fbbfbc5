/**
 * One set of providers for a whole long-lived process (the MCP server over stdio or HTTP):
 * opened on first use, shared by every `agent_run` call and every LLM judge, closed once when
 * the server shuts down. Provider plugin processes are started lazily by the providers
 * themselves (on each provider's first call) and then kept, so only the first call pays the
 * sandbox's cold start (0.5–0.8 s), not every tool call.
 *
 * A door without a shared set (the CLI, a bare handler) opens providers for one use and closes
 * them after: {@linkcode withProviders}.
 *
 * @module
 */

import { TaskorchError } from "../errors.ts";
import type { Providers } from "./providers.ts";

/** Gets the process's shared providers (opened on first use). */
export type ProvidersSource = () => Promise<Providers>;

/** Providers opened once, on first use, and closed once. */
export interface SharedProviders {
  /** The providers, opened on the first call (a failed open is tried again next time). */
  get: ProvidersSource;
  /** Whether they were opened (and not closed since). */
  readonly opened: boolean;
  /** Closes the providers and the plugin processes they started; later `get`s fail. */
  close(): Promise<void>;
}

/**
 * Shares the providers `open` makes: `open` runs on the first `get` only.
 *
 * @example
 * ```ts
 * import { defaultConfig } from "../config.ts";
 * import { openStore } from "../store.ts";
 * import { openProviders } from "./open.ts";
 * import { shareProviders } from "./shared.ts";
 * using store = await openStore({ path: ":memory:" });
 * let opens = 0;
 * const shared = shareProviders(() => (opens++, openProviders(store, defaultConfig())));
 * console.assert(!shared.opened);
 * console.assert((await shared.get()) === (await shared.get()) && opens === 1);
 * await shared.close();
 * ```
 */
export function shareProviders(open: () => Promise<Providers>): SharedProviders {
  let providers: Promise<Providers> | undefined;
  let closed = false;
  return {
    get() {
      if (closed) {
        return Promise.reject(
          new TaskorchError("PLUGIN_CLOSED", "The server's providers are closed (shutting down)."),
        );
      }
      if (providers === undefined) {
        const opening = open();
        providers = opening;
        opening.catch(() => {
          if (providers === opening) providers = undefined;
        });
      }
      return providers;
    },
    get opened() {
      return providers !== undefined && !closed;
    },
    async close() {
      closed = true;
      const opening = providers;
      providers = undefined;
      if (opening === undefined) return;
      const opened = await opening.catch(() => undefined);
      await opened?.close();
    },
  };
}

/**
 * Runs `use` with the shared providers when there are some, else with providers `open` makes
 * for this one use, closed after it.
 *
 * @example
 * ```ts
 * import { defaultConfig } from "../config.ts";
 * import { openStore } from "../store.ts";
 * import { openProviders } from "./open.ts";
 * import { withProviders } from "./shared.ts";
 * using store = await openStore({ path: ":memory:" });
 * const names = await withProviders(undefined, () => openProviders(store, defaultConfig()),
 *   (providers) => Promise.resolve(providers.names()));
 * console.assert(names.length === 0);
 * ```
 */
export async function withProviders<T>(
  shared: ProvidersSource | undefined,
  open: () => Promise<Providers>,
  use: (providers: Providers) => Promise<T>,
): Promise<T> {
  if (shared !== undefined) return await use(await shared());
  const providers = await open();
  try {
    return await use(providers);
  } finally {
    await providers.close();
  }
}
