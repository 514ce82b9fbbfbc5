/**
 * The price table: USD per million tokens per usage type, per provider and model, shipped as
 * data in `core/cost/prices.json` (dated, versioned, with its sources), validated by a schema,
 * overridable from the config's `cost.prices`. {@linkcode resolvePrice} finds a model's price
 * through aliases, dated snapshot names (`claude-sonnet-4-5-20250929`), vendor prefixes
 * (`openai/gpt-5`, `models/gemini-2.5-pro`, Bedrock and Vertex ids) and a provider's `*`
 * wildcard; a model it cannot find is unpriced (cost null), never $0. {@linkcode costMicros}
 * prices a {@linkcode Usage} in integer micro-dollars.
 *
 * @module
 */

import { z } from "zod";
import { TaskorchError } from "../errors.ts";
import shipped from "./prices.json" with { type: "json" };
import type { Usage } from "./types.ts";

const rate = z.number().finite().nonnegative();

/** The rates of one tier (USD per million tokens). */
export const rateSchema = {
  input: rate,
  output: rate,
  cache_read: rate.optional(),
  cache_write: rate.optional(),
  cache_write_1h: rate.optional(),
  reasoning: rate.optional(),
};

/** The schema of one model's price. */
export const modelPriceSchema: z.ZodType<ModelPrice> = z.strictObject({
  ...rateSchema,
  long_context: z.strictObject({
    threshold_tokens: z.number().int().positive(),
    input: rate.optional(),
    output: rate.optional(),
    cache_read: rate.optional(),
    cache_write: rate.optional(),
    cache_write_1h: rate.optional(),
    reasoning: rate.optional(),
  }).optional(),
  note: z.string().optional(),
});

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD");

/** The schema of one provider's prices in the table. */
export const providerPricesSchema: z.ZodType<ProviderPrices> = z.strictObject({
  sources: z.array(z.url()).min(1),
  checked: day,
  models: z.record(z.string().min(1), modelPriceSchema),
  aliases: z.record(z.string().min(1), z.string().min(1)).optional(),
});

/** The schema of the whole table (`core/cost/prices.json`). */
export const priceTableSchema: z.ZodType<PriceTable> = z.strictObject({
  version: z.string().min(1),
  updated: day,
  currency: z.literal("USD"),
  unit: z.string(),
  notes: z.array(z.string()).optional(),
  provider_aliases: z.record(z.string(), z.string()).optional(),
  providers: z.record(z.string().min(1), providerPricesSchema),
});

/** Rates of one tier, USD per million tokens (absent cache/reasoning rates: see the module doc). */
export interface Rates {
  /** Uncached input. */
  input: number;
  /** Output (excluding reasoning). */
  output: number;
  /** Cache reads (absent: the input rate). */
  cache_read?: number;
  /** 5-minute cache writes (absent: the input rate). */
  cache_write?: number;
  /** 1-hour cache writes (absent: the cache_write rate). */
  cache_write_1h?: number;
  /** Reasoning tokens (absent: the output rate). */
  reasoning?: number;
}

/** One model's price. */
export interface ModelPrice extends Rates {
  /** A higher tier applying to a whole call whose prompt exceeds `threshold_tokens`. */
  long_context?: Partial<Rates> & { threshold_tokens: number };
  /** A caveat about this entry. */
  note?: string;
}

/** One provider's prices. */
export interface ProviderPrices {
  /** Where the prices come from. */
  sources: string[];
  /** When they were checked (YYYY-MM-DD). */
  checked: string;
  /** Prices by canonical model name; `*` prices every other model of the provider. */
  models: Record<string, ModelPrice>;
  /** Other names of a model: alias → canonical name. */
  aliases?: Record<string, string>;
}

/** The price table. */
export interface PriceTable {
  /** The table's version. */
  version: string;
  /** When it was last updated (YYYY-MM-DD). */
  updated: string;
  /** Always USD. */
  currency: "USD";
  /** "USD per million tokens". */
  unit: string;
  /** Conventions. */
  notes?: string[];
  /** Other names of providers: alias → provider. */
  provider_aliases?: Record<string, string>;
  /** Prices by provider. */
  providers: Record<string, ProviderPrices>;
}

/** A resolved price. */
export interface ResolvedPrice {
  /** The table's provider it was found under. */
  provider: string;
  /** The canonical model name it was priced as (`*` for a wildcard). */
  model: string;
  /** The price. */
  price: ModelPrice;
}

/** Formats a zod issue path like `providers.openai.models["gpt-5"].input`. */
function pathLabel(path: readonly PropertyKey[]): string {
  return path.map((p, i) =>
    typeof p === "number"
      ? `[${p}]`
      : /^[A-Za-z_][\w]*$/.test(String(p))
      ? `${i === 0 ? "" : "."}${String(p)}`
      : `[${JSON.stringify(String(p))}]`
  ).join("");
}

/**
 * Validates a price table, including that every alias points at a priced model.
 *
 * @throws {TaskorchError} `PRICE_TABLE_INVALID` naming `where` and the entry.
 *
 * @example
 * ```ts
 * import { validatePriceTable } from "./prices.ts";
 * try {
 *   validatePriceTable({ version: "1", updated: "2026-01-01", currency: "USD", unit: "x",
 *     providers: { openai: { sources: ["https://openai.com/api/pricing/"], checked: "2026-01-01",
 *       models: { "gpt-5": { input: -1, output: 10 } } } } }, "test");
 * } catch (error) {
 *   console.assert(String(error).includes('providers.openai.models["gpt-5"].input'));
 * }
 * ```
 */
export function validatePriceTable(value: unknown, where: string): PriceTable {
  const parsed = priceTableSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TaskorchError(
      "PRICE_TABLE_INVALID",
      `Price table ${where} is invalid: ${pathLabel(issue.path)}: ${issue.message}`,
    );
  }
  for (const [name, provider] of Object.entries(parsed.data.providers)) {
    for (const [alias, target] of Object.entries(provider.aliases ?? {})) {
      if (!(target in provider.models)) {
        throw new TaskorchError(
          "PRICE_TABLE_INVALID",
          `Price table ${where} is invalid: providers.${name}.aliases["${alias}"] points at ` +
            `"${target}", which has no price under providers.${name}.models`,
        );
      }
    }
  }
  return parsed.data;
}

let shippedTable: PriceTable | undefined;

/** The price table shipped with taskorch (`core/cost/prices.json`), validated once. */
export function shippedPrices(): PriceTable {
  return shippedTable ??= validatePriceTable(shipped, "core/cost/prices.json");
}

/**
 * Overlays price overrides (the config's `cost.prices`: provider → `{models, aliases}`) on a
 * table; an override replaces a model's whole price. New providers need no `sources`.
 */
export function withOverrides(
  table: PriceTable,
  overrides: Record<
    string,
    { models?: Record<string, ModelPrice>; aliases?: Record<string, string> }
  >,
  where: string,
): PriceTable {
  const providers = { ...table.providers };
  for (const [name, o] of Object.entries(overrides)) {
    const base = providers[name] ?? { sources: [], checked: table.updated, models: {} };
    providers[name] = {
      sources: [...base.sources, where],
      checked: base.checked,
      models: { ...base.models, ...o.models },
      aliases: { ...base.aliases, ...o.aliases },
    };
  }
  return { ...table, providers };
}

const DATE_SUFFIX = /(?:-\d{8}|-\d{4}-\d{2}-\d{2}|@\d{8}|-latest|-\d{3})$/;
const PREVIEW_SUFFIX = /-(?:preview|exp)(?:-[\d-]+)?$/;
const BEDROCK = /^(?:[a-z]{2,6}\.)?(anthropic|openai|google)\.(.+?)(?:-v\d+(?::\d+)?)?$/;

function candidates(provider: string, model: string): string[] {
  const out = [model];
  const push = (m: string) => {
    if (!out.includes(m)) out.push(m);
  };
  push(model.replace(/\[1m\]$/, ""));
  push(model.replace(DATE_SUFFIX, ""));
  push(model.replace(PREVIEW_SUFFIX, ""));
  if (provider === "anthropic") {
    for (const m of [...out]) {
      const dashed = m.replace(/(\d)\.(\d)/g, "$1-$2");
      push(dashed);
      push(dashed.replace(DATE_SUFFIX, ""));
    }
  }
  return out;
}

function findIn(table: PriceTable, provider: string, model: string): ResolvedPrice | null {
  const prices = table.providers[provider];
  if (!prices) return null;
  for (const c of candidates(provider, model)) {
    if (prices.models[c]) return { provider, model: c, price: prices.models[c] };
    const target = prices.aliases?.[c];
    if (target && prices.models[target]) {
      return { provider, model: target, price: prices.models[target] };
    }
  }
  return null;
}

/**
 * Finds the price of `model` called through `provider`, or null (unpriced).
 *
 * @example
 * ```ts
 * import { resolvePrice, shippedPrices } from "./prices.ts";
 * const table = shippedPrices();
 * console.assert(resolvePrice(table, "anthropic", "claude-sonnet-4-5-20250929")?.model === "claude-sonnet-4-5");
 * console.assert(resolvePrice(table, "openrouter", "openai/gpt-5-mini")?.model === "gpt-5-mini");
 * console.assert(resolvePrice(table, "ollama", "llama3.2") === null);
 * ```
 */
export function resolvePrice(
  table: PriceTable,
  provider: string,
  model: string,
): ResolvedPrice | null {
  const alias = (p: string) => table.provider_aliases?.[p] ?? p;
  const p = alias(provider.trim().toLowerCase());
  let m = model.trim().replace(/^models\//, "");
  const bedrock = BEDROCK.exec(m);
  let vendor: string | undefined;
  if (bedrock) [vendor, m] = [alias(bedrock[1]), bedrock[2]];
  const slash = m.indexOf("/");
  if (slash > 0) {
    vendor = alias(m.slice(0, slash).toLowerCase());
    m = m.slice(slash + 1);
  }
  const found = findIn(table, p, m) ?? (vendor ? findIn(table, vendor, m) : null);
  if (found) return found;
  const wildcard = table.providers[p]?.models["*"];
  return wildcard ? { provider: p, model: "*", price: wildcard } : null;
}

/** The tokens of a usage that count as the prompt (for long-context tiers). */
export function promptTokens(usage: Usage): number {
  return usage.input + (usage.cache_read ?? 0) + (usage.cache_write ?? 0) +
    (usage.cache_write_1h ?? 0);
}

/**
 * The cost of `usage` at `price` in integer micro-dollars (rates are USD per million tokens,
 * that is micro-dollars per token; the sum is rounded once, by `round`: to the nearest micro-dollar
 * by default, `Math.ceil` for a worst-case estimate).
 *
 * @example
 * ```ts
 * import { costMicros } from "./prices.ts";
 * const sonnet = { input: 3, output: 15, cache_read: 0.3, cache_write: 3.75, cache_write_1h: 6 };
 * // 1000 input, 200 output, 10k cache reads, 2000 5-minute writes:
 * console.assert(costMicros(sonnet, { input: 1000, output: 200, cache_read: 10000, cache_write: 2000 }) === 16500);
 * ```
 */
export function costMicros(
  price: ModelPrice,
  usage: Usage,
  round: (x: number) => number = Math.round,
): number {
  const long = price.long_context && promptTokens(usage) > price.long_context.threshold_tokens
    ? price.long_context
    : undefined;
  const r = (k: keyof Rates): number | undefined => long?.[k] ?? price[k];
  const input = r("input")!;
  const output = r("output")!;
  const cacheWrite = r("cache_write") ?? input;
  const total = usage.input * input +
    usage.output * output +
    (usage.cache_read ?? 0) * (r("cache_read") ?? input) +
    (usage.cache_write ?? 0) * cacheWrite +
    (usage.cache_write_1h ?? 0) * (r("cache_write_1h") ?? cacheWrite) +
    (usage.reasoning ?? 0) * (r("reasoning") ?? output);
  return round(total);
}

/** The usage fields, in display order. */
export const USAGE_FIELDS = [
  "input",
  "output",
  "cache_read",
  "cache_write",
  "cache_write_1h",
  "reasoning",
] as const;

/**
 * Checks a usage: every field a whole number ≥ 0 (absent optional fields are fine).
 *
 * @throws {TaskorchError} `INPUT_INVALID` naming the field and the value.
 */
export function checkUsage(usage: Usage, what: string): Usage {
  if (typeof usage !== "object" || usage === null) {
    throw new TaskorchError("INPUT_INVALID", `${what}: usage must be an object, got ${usage}`);
  }
  for (const field of USAGE_FIELDS) {
    const v = usage[field];
    if (v === undefined && field !== "input" && field !== "output") continue;
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) {
      throw new TaskorchError(
        "INPUT_INVALID",
        `${what}: usage.${field} must be a whole number ≥ 0, got ${JSON.stringify(v)}`,
      );
    }
  }
  return usage;
}
