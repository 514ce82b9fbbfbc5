import assert from "node:assert/strict";
import type { PluginConfig } from "../config.ts";
import { CostLedger } from "../cost/ledger.ts";
import type { LedgerEntry } from "../cost/types.ts";
import { TaskorchError } from "../errors.ts";
import { keys, openStore, type Store } from "../store.ts";
import { createBreakers } from "../breakers/breakers.ts";
import { DEFAULT_BREAKER_SETTINGS } from "../breakers/settings.ts";
import { startFakeOpenAI } from "../../tests/fixtures/fake_providers/openai.ts";
import type { FakeProvider } from "../../tests/fixtures/fake_providers/server.ts";
import { BUILTIN_PROVIDERS } from "./builtin.ts";
import { createProviders, type Providers } from "./providers.ts";

/** A configured openai provider pointed at a fake. */
function openaiConfig(fake: FakeProvider, name = "openai"): PluginConfig {
  return {
    name,
    named: true,
    from: BUILTIN_PROVIDERS.openai,
    grant: { net: ["api.openai.com", fake.host], env: ["OPENAI_API_KEY", "PATH"] },
    // PATH stands in for a set key variable (the sandbox passes granted variables through).
    options: { baseUrl: fake.url, apiKeyEnv: "PATH", model: "gpt-5-mini" },
    kind: "provider",
    timeoutMs: 10_000,
    enabled: true,
    hook: false,
    at: { file: "test", line: 1, column: 1 },
  };
}

async function withProviders(
  body: (
    ctx: { providers: Providers; fake: FakeProvider; store: Store; ledger: CostLedger },
  ) => Promise<void>,
  setup: { budgetUsd?: number; retries?: number } = {},
): Promise<void> {
  const fake = await startFakeOpenAI();
  const store = await openStore({ path: ":memory:" });
  const ledger = new CostLedger(store, {
    budgets: setup.budgetUsd === undefined ? [] : [{
      scope: "overall",
      period: "day",
      limit_usd: setup.budgetUsd,
      warn_at: 0.8,
      throttle_at: 0.9,
    }],
  });
  const breakers = createBreakers(store, {
    settings: { ...DEFAULT_BREAKER_SETTINGS, retries: setup.retries ?? 2, initialDelayMs: 1 },
  });
  const providers = createProviders({ plugins: [openaiConfig(fake)], gate: ledger, breakers });
  try {
    await body({ providers, fake, store, ledger });
  } finally {
    await providers.close();
    store.close();
    await fake.close();
  }
}

async function ledgerEntries(store: Store): Promise<LedgerEntry[]> {
  return (await store.list<LedgerEntry>([keys.prefix.ledger])).map((e) => e.value);
}

const ASK = { messages: [{ role: "user" as const, content: "hello there" }] };

Deno.test("providers: a call passes breaker, budget and sandbox, and is priced in the ledger", async () => {
  await withProviders(async ({ providers, fake, store }) => {
    fake.reply({
      ok: {
        text: "hi!",
        model: "gpt-5-mini-2025-08-07",
        usage: {
          prompt_tokens: 1000,
          completion_tokens: 200,
          prompt_tokens_details: { cached_tokens: 400 },
          completion_tokens_details: { reasoning_tokens: 50 },
        },
      },
    });
    const answer = await providers.complete("openai", ASK, { caller: "test", session: "s1" });
    assert.equal(answer.text, "hi!");
    assert.equal(answer.provider, "openai");
    assert.equal(answer.attempts, 1);
    assert.deepEqual(answer.usage, { input: 600, cache_read: 400, output: 150, reasoning: 50 });
    assert.ok(answer.costUsd !== null && answer.costUsd > 0, `priced: ${answer.costUsd}`);
    const sent = fake.requests[0].body as { model: string; max_completion_tokens: number };
    assert.equal(sent.model, "gpt-5-mini");
    assert.equal(sent.max_completion_tokens, 1024, "the reservation's bound is sent");
    const [entry] = await ledgerEntries(store);
    assert.equal(entry.id, answer.ledgerId);
    assert.equal(entry.caller, "test");
    assert.equal(entry.session, "s1");
    assert.equal(entry.ok, true);
    assert.deepEqual(entry.usage, answer.usage);
  });
});

Deno.test("providers: a 429 with retry-after is retried; both attempts are in the ledger", async () => {
  await withProviders(async ({ providers, fake, store }) => {
    fake.reply({ status: 429, headers: { "retry-after-ms": "30" } }, { ok: { text: "later" } });
    const answer = await providers.complete("openai", ASK, { caller: "test" });
    assert.equal(answer.text, "later");
    assert.equal(answer.attempts, 2);
    assert.equal(fake.requests.length, 2);
    const entries = await ledgerEntries(store);
    assert.deepEqual(entries.map((e) => e.ok).sort(), [false, true]);
    assert.match(entries.find((e) => !e.ok)?.error ?? "", /429/);
  });
});

Deno.test("providers: 3 server errors open the breaker; the next call is refused without a request", async () => {
  await withProviders(async ({ providers, fake }) => {
    fake.reply({ status: 500 }, { status: 502 }, { status: 503 });
    // Retries stop when the breaker opens under them: the 4th attempt is refused.
    await assert.rejects(
      providers.complete("openai", ASK, { caller: "test" }),
      (error: unknown) =>
        error instanceof TaskorchError && error.code === "BREAKER_OPEN" &&
        /after 3 failures in a row \(last: server 503/.test(error.message),
    );
    assert.equal(fake.requests.length, 3);
    assert.equal((await providers.available("openai")).ok, false);
    await assert.rejects(
      providers.complete("openai", ASK, { caller: "test" }),
      (error: unknown) =>
        error instanceof TaskorchError && error.code === "BREAKER_OPEN" &&
        /openai\/gpt-5-mini is open.*half-opens at/.test(error.message),
    );
    assert.equal(fake.requests.length, 3, "an open breaker sends nothing");
  }, { retries: 5 });
});

Deno.test("providers: a 400 is not retried and does not count against the breaker", async () => {
  await withProviders(async ({ providers, fake }) => {
    fake.reply({ status: 400 }, { status: 400 }, { status: 400 }, { status: 400 });
    for (let i = 0; i < 4; i++) {
      await assert.rejects(
        providers.complete("openai", ASK, { caller: "test" }),
        /after 1 attempt: bad_request 400/,
      );
    }
    assert.equal(fake.requests.length, 4);
    assert.equal((await providers.available("openai")).ok, true);
  });
});

Deno.test("providers: a used-up budget blocks before the provider is called", async () => {
  await withProviders(async ({ providers, fake }) => {
    await assert.rejects(
      providers.complete("openai", { ...ASK, max_tokens: 1_000_000 }, { caller: "test" }),
      (error: unknown) => error instanceof TaskorchError && error.code === "BUDGET_EXCEEDED",
    );
    assert.equal(fake.requests.length, 0);
  }, { budgetUsd: 0.01 });
});

Deno.test("providers: an unknown provider names the configured ones", async () => {
  await withProviders(async ({ providers }) => {
    assert.deepEqual(providers.names(), ["openai"]);
    await assert.rejects(
      providers.complete("antropic", ASK, { caller: "test" }),
      /No provider named "antropic" is configured \(configured: openai\)/,
    );
  });
});
