import assert from "node:assert/strict";
import { TaskorchError } from "../errors.ts";
import { keys, openStore } from "../store.ts";
import { saveBudget } from "./budgets.ts";
import { CostLedger } from "./ledger.ts";
import { summarizeCosts } from "./summary.ts";
import type { LedgerEntry } from "./types.ts";

const DAY = new Date("2026-11-15T12:00:00Z");
const CENT = { input: 40_000, output: 0 }; // gpt-5-mini: exactly $0.01

async function rejectsWith(p: Promise<unknown>, code: string, ...parts: string[]): Promise<void> {
  await assert.rejects(p, (error: unknown) => {
    assert.ok(error instanceof TaskorchError, String(error));
    assert.equal(error.code, code, error.message);
    for (const part of parts) assert.ok(error.message.includes(part), error.message);
    return true;
  });
}

Deno.test("ledger: settle records the entry and the running totals in one commit", async () => {
  using store = await openStore({ path: ":memory:" });
  const ledger = new CostLedger(store, { now: () => DAY });
  const { reservation, levels } = await ledger.reserve({
    provider: "openai",
    model: "gpt-5",
    caller: "grader:claims",
    session: "s1",
    estimate: { input: 2000, output: 1000 },
  });
  assert.deepEqual(levels, []);
  assert.equal(reservation.reservedUsd, 0.0125);
  const entry = await ledger.settle(reservation, {
    usage: { input: 1000, cache_read: 4000, output: 300, reasoning: 700 },
    model: "gpt-5-2025-08-07",
    latencyMs: 812.4,
    ok: true,
  });
  assert.equal(entry.costMicros, 11750);
  assert.equal(entry.costUsd, 0.01175);
  assert.equal(entry.model, "gpt-5-2025-08-07");
  assert.equal(entry.pricedAs, "gpt-5");
  assert.equal(entry.latencyMs, 812);
  const stored = await store.get<LedgerEntry>(keys.ledger("2026-11-15", reservation.id));
  assert.deepEqual(stored.value, entry);
  for (const bucket of ["all", "d:2026-11-15", "m:2026-11"]) {
    assert.equal(
      await store.counter(keys.costTotal(bucket, "taskorch", "openai", "gpt-5", "micros")),
      11750n,
    );
    assert.equal(
      await store.counter(keys.costTotal(bucket, "taskorch", "openai", "gpt-5", "reasoning")),
      700n,
    );
  }
  assert.equal(await store.counter(keys.costSpent("d:2026-11-15", "provider:openai")), 11750n);
  await rejectsWith(
    ledger.settle(reservation, { usage: { input: 1, output: 1 }, latencyMs: 1, ok: true }),
    "INPUT_INVALID",
    "settles once",
  );
});

Deno.test("ledger: an unpriced model is null, counted apart, never $0", async () => {
  using store = await openStore({ path: ":memory:" });
  const ledger = new CostLedger(store, { now: () => DAY });
  const { reservation } = await ledger.reserve({
    provider: "ollama",
    model: "llama3.2",
    caller: "agent_run",
    estimate: { input: 10, output: 10 },
  });
  assert.equal(reservation.reservedUsd, 0);
  const entry = await ledger.settle(reservation, {
    usage: { input: 10, output: 10 },
    latencyMs: 3,
    ok: false,
    error: "connection refused",
  });
  assert.equal(entry.costUsd, null);
  assert.equal(entry.pricedAs, null);
  const s = await summarizeCosts(store, { prices: ledger.prices, budgets: [], now: DAY });
  assert.equal(s.today.total.calls, 1);
  assert.equal(s.today.total.unpricedCalls, 1);
  assert.equal(s.today.total.errors, 1);
  assert.deepEqual(s.unpriced, [{
    source: "taskorch",
    provider: "ollama",
    model: "llama3.2",
    calls: 1,
  }]);
});

Deno.test("ledger: budgets warn, throttle, then block with a message naming the numbers", async () => {
  using store = await openStore({ path: ":memory:" });
  const ledger = new CostLedger(store, {
    now: () => DAY,
    budgets: [{
      scope: "overall",
      period: "month",
      limit_usd: 0.1,
      warn_at: 0.5,
      throttle_at: 0.8,
    }],
  });
  const seen: string[] = [];
  for (let i = 0; i < 10; i++) {
    const { reservation, levels } = await ledger.reserve({
      provider: "openai",
      model: "gpt-5-mini",
      caller: "t",
      estimate: CENT,
    });
    seen.push(levels.map((l) => l.level).join() || "-");
    await ledger.settle(reservation, { usage: CENT, latencyMs: 1, ok: true });
  }
  assert.deepEqual(seen, [
    "-",
    "-",
    "-",
    "-",
    "warn",
    "warn",
    "warn",
    "throttle",
    "throttle",
    "throttle",
  ]);
  await rejectsWith(
    ledger.reserve({
      provider: "gemini",
      model: "gemini-2.5-flash",
      caller: "t",
      estimate: { input: 1, output: 0 },
    }),
    "BUDGET_EXCEEDED",
    "overall/month",
    "spent $0.10",
    "limit $0.10",
    "2026-11",
  );
  const s = await summarizeCosts(store, {
    prices: ledger.prices,
    budgets: ledger.configBudgets,
    now: DAY,
  });
  assert.equal(s.budgets.length, 1);
  assert.equal(s.budgets[0].level, "block");
  assert.equal(s.budgets[0].remainingUsd, 0);
  assert.equal(s.budgets[0].source, "config");
});

Deno.test("ledger: reservations count until settled or released; expired ones are freed", async () => {
  using store = await openStore({ path: ":memory:" });
  let now = DAY;
  const ledger = new CostLedger(store, { now: () => now, reservationTtlMs: 60_000 });
  await saveBudget(store, {
    scope: "provider:openai",
    period: "day",
    limit_usd: 0.02,
    warn_at: 0.8,
    throttle_at: 0.9,
  });
  const call = { provider: "openai", model: "gpt-5-mini", caller: "t", estimate: CENT };
  const a = await ledger.reserve(call);
  const b = await ledger.reserve(call);
  await rejectsWith(
    ledger.reserve(call),
    "BUDGET_EXCEEDED",
    "reserved $0.02",
    "provider:openai/day",
  );
  await ledger.release(a.reservation);
  const c = await ledger.reserve(call); // a's share is free again
  // b and c are held by a process that "died": after the TTL they no longer count
  now = new Date(DAY.getTime() + 61_000);
  const d = await ledger.reserve(call);
  const e = await ledger.reserve(call);
  await ledger.settle(d.reservation, { usage: CENT, latencyMs: 1, ok: true });
  await ledger.settle(e.reservation, { usage: CENT, latencyMs: 1, ok: true });
  await rejectsWith(ledger.reserve(call), "BUDGET_EXCEEDED", "spent $0.02");
  assert.equal(
    (await store.get(keys.costHolds("provider:openai"))).value,
    null,
    "expired holds pruned",
  );
  void b, c;
  // a persisted budget replaced by a larger one takes effect at once
  await saveBudget(store, {
    scope: "provider:openai",
    period: "day",
    limit_usd: 1,
    warn_at: 0.8,
    throttle_at: 0.9,
  });
  await ledger.reserve(call);
  // the next UTC day starts a new day budget
  now = new Date("2026-11-16T00:00:01Z");
  await saveBudget(store, {
    scope: "provider:openai",
    period: "day",
    limit_usd: 0.01,
    warn_at: 0.8,
    throttle_at: 0.9,
  });
  assert.equal((await ledger.reserve(call)).levels[0].level, "throttle");
});

Deno.test("ledger: a bad usage is INPUT_INVALID naming the field", async () => {
  using store = await openStore({ path: ":memory:" });
  const ledger = new CostLedger(store);
  await rejectsWith(
    ledger.reserve({
      provider: "openai",
      model: "gpt-5",
      caller: "t",
      estimate: { input: -1, output: 0 },
    }),
    "INPUT_INVALID",
    "usage.input",
  );
  await assert.rejects(
    () =>
      ledger.record(
        ledger.entry({
          id: "x",
          at: DAY,
          provider: "p",
          model: "m",
          caller: "c",
          source: "agent",
          usage: { input: 1, output: 1.5 },
        }),
      ),
    /usage\.output/,
  );
});

Deno.test("summary: today, month and all time split by source, provider and model", async () => {
  using store = await openStore({ path: ":memory:" });
  let now = new Date("2026-10-31T23:00:00Z");
  const ledger = new CostLedger(store, { now: () => now });
  const call = async (provider: string, model: string, input: number) => {
    const { reservation } = await ledger.reserve({
      provider,
      model,
      caller: "t",
      estimate: { input, output: 0 },
    });
    await ledger.settle(reservation, { usage: { input, output: 0 }, latencyMs: 1, ok: true });
  };
  await call("openai", "gpt-5-mini", 40_000); // October: $0.01
  now = DAY;
  await call("openai", "gpt-5-mini", 40_000);
  await call("anthropic", "claude-haiku-4-5", 20_000); // $0.02
  await ledger.record(
    ledger.entry({
      id: "claude-m1",
      at: DAY,
      provider: "anthropic",
      model: "claude-sonnet-4-5-20250929",
      caller: "claude-code",
      source: "agent",
      usage: { input: 0, output: 0, cache_read: 100_000 },
    }),
    "claude:m1",
  );
  const s = await summarizeCosts(store, { prices: ledger.prices, budgets: [], now });
  assert.equal(s.today.period, "2026-11-15");
  assert.equal(s.month.period, "2026-11");
  assert.equal(s.today.taskorch.costUsd, 0.03);
  assert.equal(s.today.agent.costUsd, 0.03);
  assert.equal(s.today.total.costUsd, 0.06);
  assert.equal(s.allTime.taskorch.costUsd, 0.04);
  assert.equal(s.allTime.total.calls, 4);
  assert.deepEqual(
    s.month.models.map((m) => `${m.source} ${m.provider}/${m.model} ${m.costUsd}`),
    [
      "agent anthropic/claude-sonnet-4-5 0.03",
      "taskorch anthropic/claude-haiku-4-5 0.02",
      "taskorch openai/gpt-5-mini 0.01",
    ],
  );
  assert.equal(s.month.agent.tokens.cache_read, 100_000);
});
