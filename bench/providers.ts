/**
 * Provider call path figures:
 *
 * - breaker overhead per call: `gate` + `record` of a closed breaker on a file store (what every
 *   provider call pays before and after the network), and a failure replayed through cockatiel;
 * - one provider call's round trip through the sandbox (the real `openai` SDK in its plugin
 *   process) against the local fake OpenAI server, alone and through the whole host path
 *   (breaker → reserve → sandbox → settle → record);
 * - the plugin's cold start (spawn → hello, SDK import included) for each provider plugin.
 *
 *   ./tools/deno run -A bench/providers.ts [--calls 300] [--gates 2000]
 *
 * @module
 */

import { parseArgs } from "node:util";
import { createBreakers } from "../core/breakers/breakers.ts";
import { DEFAULT_BREAKER_SETTINGS } from "../core/breakers/settings.ts";
import { CostLedger } from "../core/cost/ledger.ts";
import { BUILTIN_PROVIDER_CONFIG, BUILTIN_PROVIDERS } from "../core/providers/builtin.ts";
import { createProviders } from "../core/providers/providers.ts";
import { startPlugin } from "../core/sandbox.ts";
import { openStore } from "../core/store.ts";
import { startFakeAnthropic } from "../tests/fixtures/fake_providers/anthropic.ts";
import { startFakeGemini } from "../tests/fixtures/fake_providers/gemini.ts";
import { startFakeOpenAI } from "../tests/fixtures/fake_providers/openai.ts";
import { summarize } from "./stats.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    calls: { type: "string", default: "300" },
    gates: { type: "string", default: "2000" },
  },
});
const CALLS = Number(values.calls);
const GATES = Number(values.gates);
const REQUEST = { messages: [{ role: "user" as const, content: "ping" }], max_tokens: 16 };

function line(label: string, samples: number[]): void {
  const s = summarize(samples);
  console.log(
    `  ${label}: median ${s.median.toFixed(3)} ms, p90 ${
      s.p90.toFixed(3)
    } ms (n=${samples.length})`,
  );
}

const dir = await Deno.makeTempDir();
const store = await openStore({ path: `${dir}/bench.kv` });

console.log("breaker overhead (file KV store)");
{
  const breakers = createBreakers(store);
  const closed: number[] = [];
  for (let i = 0; i < GATES; i++) {
    const t = performance.now();
    await breakers.gate("bench", "closed");
    await breakers.record("bench", "closed", { ok: true });
    closed.push(performance.now() - t);
  }
  line("gate + record success, closed breaker", closed);
  const failures: number[] = [];
  const failing = createBreakers(store, { settings: { failureThreshold: 1_000_000 } });
  for (let i = 0; i < Math.min(GATES, 500); i++) {
    const t = performance.now();
    await failing.gate("bench", "failing");
    await failing.record("bench", "failing", { ok: false, error: "500" });
    failures.push(performance.now() - t);
  }
  line("gate + record failure (cockatiel replay + CAS)", failures);
}

console.log("provider round trip through the sandbox (fake OpenAI on 127.0.0.1)");
const fake = await startFakeOpenAI();
{
  const plugin = await startPlugin(BUILTIN_PROVIDERS.openai, {
    kind: "provider",
    config: BUILTIN_PROVIDER_CONFIG,
    grant: { net: ["api.openai.com", fake.host], env: ["OPENAI_API_KEY"] },
    env: { OPENAI_API_KEY: "sk-bench" },
    options: { baseUrl: fake.url },
  });
  for (let i = 0; i < 20; i++) await plugin.complete(REQUEST);
  const samples: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t = performance.now();
    await plugin.complete(REQUEST);
    samples.push(performance.now() - t);
  }
  line("sandboxed openai plugin, complete()", samples);
  await plugin.close();
}
{
  Deno.env.set("TASKORCH_BENCH_KEY", "sk-bench");
  const providers = createProviders({
    plugins: [{
      name: "openai",
      named: true,
      from: BUILTIN_PROVIDERS.openai,
      grant: { net: ["api.openai.com", fake.host], env: ["OPENAI_API_KEY", "TASKORCH_BENCH_KEY"] },
      options: { baseUrl: fake.url, apiKeyEnv: "TASKORCH_BENCH_KEY", model: "gpt-5-mini" },
      kind: "provider",
      timeoutMs: 10_000,
      enabled: true,
      hook: false,
      at: { file: "bench", line: 1, column: 1 },
    }],
    gate: new CostLedger(store),
    breakers: createBreakers(store, { settings: DEFAULT_BREAKER_SETTINGS }),
  });
  for (let i = 0; i < 20; i++) await providers.complete("openai", REQUEST, { caller: "bench" });
  const samples: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t = performance.now();
    await providers.complete("openai", REQUEST, { caller: "bench" });
    samples.push(performance.now() - t);
  }
  line("host path: breaker → reserve → sandbox → settle → record", samples);
  await providers.close();
}

console.log("provider plugin cold start (spawn → hello, SDK import included)");
const anthropic = await startFakeAnthropic();
const gemini = await startFakeGemini();
const plugins = [
  { name: "openai", fake, grant: { net: ["api.openai.com"], env: ["OPENAI_API_KEY"] } },
  {
    name: "anthropic",
    fake: anthropic,
    grant: { net: ["api.anthropic.com"], env: ["ANTHROPIC_*"] },
  },
  {
    name: "gemini",
    fake: gemini,
    grant: { net: ["generativelanguage.googleapis.com"], env: ["GEMINI_API_KEY"] },
  },
];
for (const p of plugins) {
  const starts: number[] = [];
  for (let i = 0; i < 8; i++) {
    const t = performance.now();
    const plugin = await startPlugin(BUILTIN_PROVIDERS[p.name], {
      kind: "provider",
      config: BUILTIN_PROVIDER_CONFIG,
      grant: { ...p.grant, net: [...p.grant.net, p.fake.host] },
      options: { baseUrl: p.fake.url },
    });
    starts.push(performance.now() - t);
    await plugin.close();
  }
  line(p.name, starts);
}

await Promise.all([fake.close(), anthropic.close(), gemini.close()]);
store.close();
await Deno.remove(dir, { recursive: true });
