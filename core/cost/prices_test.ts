import assert from "node:assert/strict";
import { TaskorchError } from "../errors.ts";
import shipped from "./prices.json" with { type: "json" };
import {
  costMicros,
  resolvePrice,
  shippedPrices,
  validatePriceTable,
  withOverrides,
} from "./prices.ts";

const table = shippedPrices();

// deno-lint-ignore no-explicit-any
type Loose = Record<string, any>;

function invalid(mutate: (t: Loose) => void, ...parts: string[]): void {
  const copy = structuredClone(shipped) as Loose;
  mutate(copy);
  assert.throws(() => validatePriceTable(copy, "under test"), (error: unknown) => {
    assert.ok(error instanceof TaskorchError);
    assert.equal(error.code, "PRICE_TABLE_INVALID");
    for (const part of parts) assert.ok(error.message.includes(part), error.message);
    return true;
  });
}

Deno.test("prices: the shipped table is valid, dated and has sources for every provider", () => {
  assert.match(table.updated, /^\d{4}-\d{2}-\d{2}$/);
  for (const [name, p] of Object.entries(table.providers)) {
    assert.ok(p.sources.length > 0 && p.sources.every((s) => s.startsWith("https://")), name);
    assert.ok(Object.keys(p.models).length >= 5, name);
  }
  for (const m of ["gpt-5", "gpt-5-mini", "gpt-4.1", "gpt-4o", "o3", "o4-mini"]) {
    assert.ok(table.providers.openai.models[m], m);
  }
  for (const m of ["claude-opus-4-5", "claude-sonnet-4-5", "claude-haiku-4-5", "claude-opus-4-1"]) {
    assert.ok(table.providers.anthropic.models[m].cache_write_1h, m);
  }
  for (const m of ["gemini-2.5-pro", "gemini-2.5-flash", "gemini-2.5-flash-lite"]) {
    assert.ok(table.providers.gemini.models[m], m);
  }
});

Deno.test("prices: a bad entry is PRICE_TABLE_INVALID naming the entry", () => {
  invalid((t) => t.providers.openai.models["gpt-5"].input = -1, 'models["gpt-5"].input');
  invalid((t) => t.providers.anthropic.models["claude-haiku-4-5"].outputs = 5, "claude-haiku-4-5");
  invalid(
    (t) => delete t.providers.gemini.models["gemini-2.5-flash"].output,
    "gemini-2.5-flash",
    "output",
  );
  invalid((t) => t.providers.openai.sources = ["not a url"], "providers.openai.sources[0]");
  invalid((t) => t.updated = "yesterday", "updated", "YYYY-MM-DD");
  invalid((t) => t.providers.openai.aliases["gpt-x"] = "gpt-nope", 'aliases["gpt-x"]', "gpt-nope");
  invalid(
    (t) => t.providers.gemini.models["gemini-2.5-pro"].long_context.threshold_tokens = 0,
    "gemini-2.5-pro",
    "threshold_tokens",
  );
});

Deno.test("prices: aliases, snapshots, vendor prefixes and cloud ids resolve; unknown is null", () => {
  const cases: [string, string, string | null][] = [
    ["anthropic", "claude-sonnet-4-5-20250929", "claude-sonnet-4-5"],
    ["anthropic", "claude-haiku-4-5-20251001", "claude-haiku-4-5"],
    ["anthropic", "claude-opus-4-20250514", "claude-opus-4"],
    ["anthropic", "claude-opus-4-0", "claude-opus-4"],
    ["anthropic", "claude-3-5-haiku-latest", "claude-3-5-haiku"],
    ["anthropic", "claude-sonnet-4-5@20250929", "claude-sonnet-4-5"],
    ["bedrock", "us.anthropic.claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4-5"],
    ["openrouter", "anthropic/claude-sonnet-4.5", "claude-sonnet-4-5"],
    ["openrouter", "openai/gpt-5-mini", "gpt-5-mini"],
    ["openai", "gpt-5-mini-2025-08-07", "gpt-5-mini"],
    ["openai", "o3-2025-04-16", "o3"],
    ["openai", "gpt-4o-2024-05-13", "gpt-4o-2024-05-13"],
    ["openai", "gpt-4o-2024-08-06", "gpt-4o"],
    ["OpenAI", "gpt-5-chat-latest", "gpt-5"],
    ["gemini", "models/gemini-2.5-flash", "gemini-2.5-flash"],
    ["google", "gemini-2.5-flash-preview-09-2025", "gemini-2.5-flash"],
    ["gemini", "gemini-2.0-flash-001", "gemini-2.0-flash"],
    ["ollama", "llama3.2", null],
    ["ollama", "gpt-5", null],
    ["openai", "gpt-unknown", null],
    ["anthropic", "<synthetic>", null],
  ];
  for (const [provider, model, expected] of cases) {
    assert.equal(
      resolvePrice(table, provider, model)?.model ?? null,
      expected,
      `${provider} ${model}`,
    );
  }
});

Deno.test("prices: every usage type has its own rate; reasoning defaults to output; no double count", () => {
  const gpt5 = table.providers.openai.models["gpt-5"];
  // 1000 input at 1.25, 4000 cached at 0.125, 300 output + 700 reasoning at 10
  assert.equal(
    costMicros(gpt5, { input: 1000, cache_read: 4000, output: 300, reasoning: 700 }),
    11750,
  );
  const sonnet = table.providers.anthropic.models["claude-sonnet-4-5"];
  assert.equal(
    costMicros(sonnet, {
      input: 10,
      output: 500,
      cache_read: 20000,
      cache_write: 1000,
      cache_write_1h: 2000,
    }),
    29280,
  );
  // no cache rate in the table (OpenAI writes): billed at input
  const mini = table.providers.gemini.models["gemini-2.0-flash-lite"];
  assert.equal(costMicros(mini, { input: 0, output: 0, cache_read: 1000, cache_write: 1000 }), 150);
});

Deno.test("prices: a long-context tier prices the whole call above its threshold", () => {
  const pro = table.providers.gemini.models["gemini-2.5-pro"];
  assert.equal(costMicros(pro, { input: 200_000, output: 1000 }), 250_000 + 10_000);
  assert.equal(
    costMicros(pro, { input: 200_001, output: 1000 }),
    Math.round(200_001 * 2.5) + 15_000,
  );
  const sonnet = table.providers.anthropic.models["claude-sonnet-4-5"];
  // cache reads count towards the prompt size
  assert.equal(costMicros(sonnet, { input: 1, cache_read: 200_000, output: 0 }), 120_006);
});

Deno.test("prices: config overrides replace a model, add providers, wildcard prices all", () => {
  const t = withOverrides(table, {
    ollama: { models: { "*": { input: 0, output: 0 } } },
    openai: { models: { "gpt-5": { input: 1, output: 2 } }, aliases: { house: "gpt-5" } },
  }, "/p/.taskorch/config.yaml");
  assert.equal(resolvePrice(t, "ollama", "llama3.2")?.model, "*");
  assert.equal(
    costMicros(resolvePrice(t, "ollama", "llama3.2")!.price, { input: 5, output: 5 }),
    0,
  );
  assert.equal(resolvePrice(t, "openai", "house")?.price.input, 1);
  assert.ok(t.providers.openai.sources.includes("/p/.taskorch/config.yaml"));
  assert.equal(
    resolvePrice(table, "openai", "gpt-5")?.price.input,
    1.25,
    "the shipped table is unchanged",
  );
});
