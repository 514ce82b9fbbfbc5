/**
 * The config's `cost:` section, validated with located errors, and the ledger it configures:
 *
 * ```yaml
 * cost:
 *   reservation_ttl_seconds: 600     # a dead process's reservation is released after this
 *   prices:                          # overrides of core/cost/prices.json, USD per million tokens
 *     ollama:
 *       models: { "*": { input: 0, output: 0 } }   # local models are free
 *     openai:
 *       models: { gpt-5: { input: 1.25, output: 10, cache_read: 0.125 } }
 *       aliases: { my-gpt: gpt-5 }
 *   budgets:
 *     - { scope: overall, period: day, limit_usd: 5, warn_at: 0.8, throttle_at: 0.9 }
 *     - { scope: "provider:openai", period: month, limit_usd: 50 }
 * ```
 *
 * @module
 */

import type { Config } from "../config.ts";
import { isMapping, readSection, type SectionFail } from "../config_section.ts";
import type { Store } from "../store.ts";
import { type Budget, budgetId, parseBudget } from "./budgets.ts";
import { CostLedger } from "./ledger.ts";
import {
  type ModelPrice,
  modelPriceSchema,
  type PriceTable,
  shippedPrices,
  withOverrides,
} from "./prices.ts";

/** What the `cost:` section configures. */
export interface CostSettings {
  /** The price table with the config's overrides. */
  prices: PriceTable;
  /** The config's budgets (later files replace earlier ones of the same scope and period). */
  budgets: Budget[];
  /** Reservation time to live in milliseconds. */
  reservationTtlMs: number;
}

type Overrides = Record<
  string,
  { models?: Record<string, ModelPrice>; aliases?: Record<string, string> }
>;

interface ParsedSection {
  prices: Overrides;
  budgets: Budget[];
  ttlMs?: number;
}

/** Parses one file's `cost:` value; `fail` reports a bad value at its path. */
export function parseCostSection(value: unknown, fail: SectionFail): ParsedSection {
  if (!isMapping(value)) {
    fail([], "must be a mapping with prices, budgets, reservation_ttl_seconds");
  }
  const v = value as Record<string, unknown>;
  for (const key of Object.keys(v)) {
    if (!["prices", "budgets", "reservation_ttl_seconds"].includes(key)) {
      fail([key], "is not a cost setting (prices, budgets, reservation_ttl_seconds)");
    }
  }
  const prices: Overrides = {};
  if (v.prices !== undefined) {
    if (!isMapping(v.prices)) fail(["prices"], "must map provider names to {models, aliases}");
    for (const [provider, p] of Object.entries(v.prices as Record<string, unknown>)) {
      if (!isMapping(p)) fail(["prices", provider], "must be a mapping {models, aliases}");
      const entry = p as Record<string, unknown>;
      for (const key of Object.keys(entry)) {
        if (key !== "models" && key !== "aliases") {
          fail(["prices", provider, key], "is not models or aliases");
        }
      }
      const models: Record<string, ModelPrice> = {};
      if (entry.models !== undefined) {
        if (!isMapping(entry.models)) {
          fail(["prices", provider, "models"], "must map model names to rates");
        }
        for (const [model, rates] of Object.entries(entry.models as Record<string, unknown>)) {
          const parsed = modelPriceSchema.safeParse(rates);
          if (!parsed.success) {
            const issue = parsed.error.issues[0];
            fail(
              [
                "prices",
                provider,
                "models",
                model,
                ...issue.path.map((x) => typeof x === "number" ? x : String(x)),
              ],
              issue.message,
            );
          }
          models[model] = parsed.data!;
        }
      }
      const aliases: Record<string, string> = {};
      if (entry.aliases !== undefined) {
        if (!isMapping(entry.aliases)) {
          fail(["prices", provider, "aliases"], "must map alias to model");
        }
        for (const [alias, target] of Object.entries(entry.aliases as Record<string, unknown>)) {
          if (typeof target !== "string") {
            fail(["prices", provider, "aliases", alias], "must be a model name");
          }
          aliases[alias] = target as string;
        }
      }
      prices[provider] = { models, aliases };
    }
  }
  const budgets: Budget[] = [];
  if (v.budgets !== undefined) {
    if (!Array.isArray(v.budgets)) fail(["budgets"], "must be a list of budgets");
    for (const [i, b] of (v.budgets as unknown[]).entries()) {
      budgets.push(parseBudget(b, (path, message) => fail(["budgets", i, ...path], message)));
    }
  }
  let ttlMs: number | undefined;
  if (v.reservation_ttl_seconds !== undefined) {
    const s = v.reservation_ttl_seconds;
    if (typeof s !== "number" || !Number.isInteger(s) || s < 1 || s > 86_400) {
      fail(
        ["reservation_ttl_seconds"],
        `must be a whole number of seconds in 1..86400, got ${JSON.stringify(s)}`,
      );
    }
    ttlMs = (s as number) * 1000;
  }
  return { prices, budgets, ttlMs };
}

/**
 * Reads the `cost:` sections of a config (user's then project's; later files win).
 *
 * @throws {TaskorchError} `CONFIG_INVALID` with file, line, column and path;
 * `PRICE_TABLE_INVALID` when an alias override points at no price.
 *
 * @example
 * ```ts
 * import { applyConfig, defaultConfig } from "../config.ts";
 * import { loadCostSettings } from "./settings.ts";
 * const config = applyConfig(defaultConfig(), {
 *   cost: { budgets: [{ scope: "overall", period: "day", limit_usd: 5 }] },
 * }, "/p/.taskorch/config.yaml");
 * const settings = await loadCostSettings(config);
 * console.assert(settings.budgets[0].limit_usd === 5);
 * ```
 */
export async function loadCostSettings(config?: Config): Promise<CostSettings> {
  const sections = config ? await readSection(config, "cost", parseCostSection) : [];
  let prices = shippedPrices();
  const budgets = new Map<string, Budget>();
  let ttl = 10 * 60_000;
  for (const [i, s] of sections.entries()) {
    const file = config!.sections.cost?.[i]?.file ?? "config";
    if (Object.keys(s.prices).length) prices = withOverrides(prices, s.prices, file);
    for (const b of s.budgets) budgets.set(budgetId(b), b);
    if (s.ttlMs !== undefined) ttl = s.ttlMs;
  }
  if (sections.length) {
    const { validatePriceTable } = await import("./prices.ts");
    validatePriceTable(prices, "with the config's cost.prices overrides");
  }
  return { prices, budgets: [...budgets.values()], reservationTtlMs: ttl };
}

/**
 * The cost ledger (the {@linkcode CostGate} providers call) for a store and a config.
 *
 * @example
 * ```ts
 * import { openStore } from "../store.ts";
 * import { openCostLedger } from "./settings.ts";
 * using store = await openStore({ path: ":memory:" });
 * const ledger = await openCostLedger(store);
 * const { reservation } = await ledger.reserve({
 *   provider: "openai", model: "gpt-5-mini", caller: "doc", estimate: { input: 1000, output: 500 },
 * });
 * const entry = await ledger.settle(reservation, { usage: { input: 800, output: 100 }, latencyMs: 120, ok: true });
 * console.assert(entry.costMicros === 400);
 * ```
 */
export async function openCostLedger(store: Store, config?: Config): Promise<CostLedger> {
  const settings = await loadCostSettings(config);
  return new CostLedger(store, {
    prices: settings.prices,
    budgets: settings.budgets,
    reservationTtlMs: settings.reservationTtlMs,
  });
}
