import assert from "node:assert/strict";
import { TaskorchError } from "../errors.ts";
import { keys, openStore } from "../store.ts";
import { createBreakers } from "./breakers.ts";

async function rejectsOpen(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof TaskorchError);
    assert.equal(error.code, "BREAKER_OPEN");
    assert.match(error.message, pattern);
    return true;
  });
}

Deno.test("breakers: closed → 3 failures → open → 30 s → half-open → success → closed", async () => {
  using store = await openStore({ path: ":memory:" });
  let now = Date.parse("2026-01-01T00:00:00Z");
  const breakers = createBreakers(store, { now: () => now });
  assert.deepEqual(await breakers.gate("openai", "gpt"), { probe: false });
  for (let i = 1; i <= 2; i++) {
    const record = await breakers.record("openai", "gpt", { ok: false, error: `500 #${i}` });
    assert.equal(record.state, "closed");
    assert.equal(record.consecutiveFailures, i);
  }
  const opened = await breakers.record("openai", "gpt", { ok: false, error: "500 #3" });
  assert.equal(opened.state, "open");
  assert.equal(opened.opens, 1);
  assert.equal(opened.openedAt, now);
  assert.equal(opened.halfOpenAt, now + 30_000);
  await rejectsOpen(breakers.gate("openai", "gpt"), /open after 3 failures.*500 #3.*in 30 s/);
  now += 29_999;
  await rejectsOpen(breakers.gate("openai", "gpt"), /in 1 s/);
  now += 1;
  assert.equal((await breakers.get("openai", "gpt"))?.state, "half_open");
  assert.deepEqual(await breakers.gate("openai", "gpt"), { probe: true });
  // One trial call at a time: a second caller is refused while the trial is in flight.
  await rejectsOpen(breakers.gate("openai", "gpt"), /trial call is in flight/);
  const closed = await breakers.record("openai", "gpt", { ok: true });
  assert.equal(closed.state, "closed");
  assert.equal(closed.consecutiveFailures, 0);
  assert.equal(closed.probeUntil, undefined);
  assert.deepEqual(await breakers.gate("openai", "gpt"), { probe: false });
});

Deno.test("breakers: a failed trial call reopens for another full wait", async () => {
  using store = await openStore({ path: ":memory:" });
  let now = 1_000_000;
  const breakers = createBreakers(store, { now: () => now });
  for (let i = 0; i < 3; i++) await breakers.record("a", "m", { ok: false, error: "timeout" });
  now += 30_000;
  assert.equal((await breakers.gate("a", "m")).probe, true);
  now += 500;
  const reopened = await breakers.record("a", "m", { ok: false, error: "still down" });
  assert.equal(reopened.state, "open");
  assert.equal(reopened.opens, 2);
  assert.equal(reopened.halfOpenAt, now + 30_000);
  await rejectsOpen(breakers.gate("a", "m"), /still down/);
});

Deno.test("breakers: a success in between resets the count; models are separate", async () => {
  using store = await openStore({ path: ":memory:" });
  const breakers = createBreakers(store, { now: () => 5_000 });
  await breakers.record("p", "m1", { ok: false, error: "x" });
  await breakers.record("p", "m1", { ok: false, error: "x" });
  await breakers.record("p", "m1", { ok: true });
  await breakers.record("p", "m1", { ok: false, error: "x" });
  await breakers.record("p", "m1", { ok: false, error: "x" });
  assert.equal((await breakers.get("p", "m1"))?.state, "closed");
  for (let i = 0; i < 3; i++) await breakers.record("p", "m2", { ok: false, error: "y" });
  assert.equal((await breakers.get("p", "m2"))?.state, "open");
  assert.equal((await breakers.get("p", "m1"))?.state, "closed");
  assert.deepEqual((await breakers.list()).map((r) => `${r.model}:${r.state}`), [
    "m1:closed",
    "m2:open",
  ]);
});

Deno.test("breakers: threshold and wait come from settings; a stale trial slot frees itself", async () => {
  using store = await openStore({ path: ":memory:" });
  let now = 0;
  const breakers = createBreakers(store, {
    now: () => now,
    settings: { failureThreshold: 1, halfOpenAfterMs: 1000, probeTimeoutMs: 5000 },
  });
  assert.equal((await breakers.record("p", "m", { ok: false, error: "e" })).state, "open");
  now = 1000;
  assert.equal((await breakers.gate("p", "m")).probe, true);
  now = 5999;
  await rejectsOpen(breakers.gate("p", "m"), /in flight/);
  now = 6000; // the trial never reported: another caller may try
  assert.equal((await breakers.gate("p", "m")).probe, true);
});

Deno.test("breakers: state lives in the store: a new instance (a restart) sees it open", async () => {
  using store = await openStore({ path: ":memory:" });
  const now = () => 42_000;
  const first = createBreakers(store, { now });
  for (let i = 0; i < 3; i++) await first.record("p", "m", { ok: false, error: "503" });
  const restarted = createBreakers(store, { now });
  await rejectsOpen(restarted.gate("p", "m"), /open/);
  const stored = await store.get<{ state: string }>(keys.breaker("p", "m"));
  assert.equal(stored.value?.state, "open");
  assert.equal(await restarted.reset("p", "m"), true);
  assert.deepEqual(await restarted.gate("p", "m"), { probe: false });
});
