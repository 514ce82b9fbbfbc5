import assert from "node:assert/strict";
import { runCanary } from "./canary.ts";
import { storePerUse } from "./hook_answer.ts";
import { createRuntime } from "./runtime.ts";
import { openStore } from "./store.ts";
import { defaultConfig } from "./config.ts";

const rulesOf = (packs: { rules: unknown[] }[]) => packs.reduce((n, p) => n + p.rules.length, 0);

Deno.test("canary: the built-in packs deny the known-bad event, allow the good one, store opens", async () => {
  const runtime = await createRuntime({ config: defaultConfig(), event: "PreToolUse" });
  const report = await runCanary({
    engine: runtime.engine,
    rules: rulesOf(runtime.packs),
    withStore: storePerUse(() => openStore({ path: ":memory:" })),
  });
  assert.deepEqual(report.problems, []);
  assert.match(report.summary, /^taskorch active: \d+ rules for tool calls, store :memory:$/);
});

Deno.test("canary: a disabled destructive pack and a broken store are reported", async () => {
  const config = { ...defaultConfig(), disabledPacks: ["destructive"] };
  const runtime = await createRuntime({ config, event: "PreToolUse" });
  const report = await runCanary({
    engine: runtime.engine,
    rules: rulesOf(runtime.packs),
    withStore: () => Promise.reject(new Error("disk full")),
  });
  assert.equal(report.ok, false);
  assert.match(report.problems[0], /"rm -rf \/" got "allow" instead of "deny"/);
  assert.match(report.problems[1], /the store did not open: disk full/);
});
