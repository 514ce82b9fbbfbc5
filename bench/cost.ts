/**
 * What the cost ledger costs: reserve + settle of one call on a KV file (without a budget, with
 * budgets on both scopes, and 16 calls at once with budgets), and `summarizeCosts` as the ledger
 * grows to --entries entries (the summary reads running totals, so it should not grow with it).
 *
 *   ./tools/deno run -A bench/cost.ts [--calls 300] [--entries 100000] [--runs 30]
 *
 * @module
 */

import { parseArgs } from "node:util";
import { join } from "node:path";
import { saveBudget } from "../core/cost/budgets.ts";
import { CostLedger } from "../core/cost/ledger.ts";
import { summarizeCosts } from "../core/cost/summary.ts";
import { openStore, type Store } from "../core/store.ts";
import { report, summarize } from "./stats.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    calls: { type: "string", default: "300" },
    entries: { type: "string", default: "100000" },
    runs: { type: "string", default: "30" },
  },
});
const CALLS = Number(values.calls);
const ENTRIES = Number(values.entries);
const RUNS = Number(values.runs);
const usage = { input: 3000, output: 400, cache_read: 12000 };
const call = { provider: "openai", model: "gpt-5-mini", caller: "bench", estimate: usage };

async function reserveSettle(ledger: CostLedger, label: string): Promise<void> {
  const samples: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t = performance.now();
    const { reservation } = await ledger.reserve(call);
    await ledger.settle(reservation, { usage, latencyMs: 1, ok: true });
    samples.push(performance.now() - t);
  }
  report(label, summarize(samples));
}

async function concurrent(ledger: CostLedger, label: string, width: number): Promise<void> {
  const samples: number[] = [];
  for (let i = 0; i < CALLS / width; i++) {
    await Promise.all(Array.from({ length: width }, async () => {
      const t = performance.now();
      const { reservation } = await ledger.reserve(call);
      await ledger.settle(reservation, { usage, latencyMs: 1, ok: true });
      samples.push(performance.now() - t);
    }));
  }
  report(label, summarize(samples));
}

async function fill(store: Store, from: number, to: number): Promise<void> {
  // 8 writers (ledgers) at once; entries spread over 120 days, 3 providers, 6 models, 2 sources
  const models = [
    ["openai", "gpt-5-mini"],
    ["openai", "gpt-4.1"],
    ["anthropic", "claude-haiku-4-5"],
    ["anthropic", "claude-sonnet-4-5-20250929"],
    ["gemini", "gemini-2.5-flash"],
    ["ollama", "llama3.2"],
  ];
  const start = Date.now() - 120 * 86_400_000;
  const writers = Array.from({ length: 8 }, () => new CostLedger(store));
  let next = from;
  await Promise.all(writers.map(async (ledger) => {
    while (next < to) {
      const i = next++;
      const [provider, model] = models[i % models.length];
      await ledger.record(ledger.entry({
        id: `bench-${i}`,
        at: new Date(start + Math.floor((i / ENTRIES) * 120 * 86_400_000)),
        provider,
        model,
        caller: i % 3 ? "claude-code" : "grader:bench",
        source: i % 3 ? "agent" : "taskorch",
        usage,
      }));
    }
  }));
}

async function summaryLatency(store: Store, label: string): Promise<void> {
  const ledger = new CostLedger(store);
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await summarizeCosts(store, { prices: ledger.prices, budgets: [] });
    samples.push(performance.now() - t);
  }
  report(label, summarize(samples));
}

const dir = await Deno.makeTempDir({ prefix: "taskorch_bench_cost_" });
try {
  {
    using store = await openStore({ path: join(dir, "gate.kv") });
    await reserveSettle(new CostLedger(store), "reserve+settle, no budget (KV file)");
    await saveBudget(store, {
      scope: "overall",
      period: "day",
      limit_usd: 1e6,
      warn_at: 0.8,
      throttle_at: 0.9,
    });
    await saveBudget(store, {
      scope: "provider:openai",
      period: "month",
      limit_usd: 1e6,
      warn_at: 0.8,
      throttle_at: 0.9,
    });
    await reserveSettle(new CostLedger(store), "reserve+settle, 2 budgets (KV file)");
    await concurrent(new CostLedger(store), "reserve+settle, 2 budgets, 16 at once", 16);
  }
  using store = await openStore({ path: join(dir, "ledger.kv") });
  let filled = 0;
  for (const size of [1000, 10_000, ENTRIES]) {
    if (size > ENTRIES || size <= filled) continue;
    const t = performance.now();
    await fill(store, filled, size);
    console.log(
      `filled ${size - filled} entries in ${Math.round(performance.now() - t)} ms (${
        Math.round((size - filled) / ((performance.now() - t) / 1000))
      }/s with 8 writers)`,
    );
    filled = size;
    await summaryLatency(store, `cost summary, ${size} ledger entries`);
  }
} finally {
  await Deno.remove(dir, { recursive: true });
}
