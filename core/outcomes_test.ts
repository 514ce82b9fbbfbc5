import assert from "node:assert/strict";
import { failureOutcome, MAX_TEXT, recordOutcome } from "./outcomes.ts";
import { openStore } from "./store.ts";
import { keys } from "./store_schema.ts";

const payload = {
  hook_event_name: "PostToolUseFailure",
  session_id: "s1",
  cwd: "/w",
  tool_name: "Bash",
  tool_use_id: "toolu_1",
  tool_input: { command: "npm test" },
  error: "Command exited with non-zero status code 1",
  is_interrupt: false,
};

Deno.test("failureOutcome keeps what the memory needs, cut to fit a KV value", () => {
  const at = new Date("2025-03-01T10:00:00Z");
  assert.deepEqual(failureOutcome(payload, at), {
    kind: "tool_failed",
    at: "2025-03-01T10:00:00.000Z",
    session_id: "s1",
    cwd: "/w",
    tool_name: "Bash",
    tool_use_id: "toolu_1",
    tool_input: { command: "npm test" },
    error: "Command exited with non-zero status code 1",
  });
  const big = failureOutcome({
    ...payload,
    is_interrupt: true,
    error: "x".repeat(70_000),
    tool_input: { content: "y".repeat(70_000) },
  }, at);
  assert.equal(big.kind, "tool_interrupted");
  assert.ok(big.error.length < MAX_TEXT + 40);
  assert.equal(typeof big.tool_input, "string");
  assert.match(failureOutcome({ tool_name: "Read" }).error, /no error text/);
});

Deno.test("recordOutcome writes under [outcomes, day, id], listable in time order", async () => {
  using store = await openStore({ path: ":memory:" });
  const first = await recordOutcome(
    store,
    failureOutcome(payload, new Date("2025-03-01T10:00:00Z")),
  );
  await recordOutcome(store, failureOutcome(payload, new Date("2025-03-01T11:00:00Z")));
  assert.deepEqual(first.slice(0, 2), ["outcomes", "2025-03-01"]);
  const day = await store.list<{ at: string }>([keys.prefix.outcomes, "2025-03-01"]);
  assert.deepEqual(day.map((e) => e.value.at), [
    "2025-03-01T10:00:00.000Z",
    "2025-03-01T11:00:00.000Z",
  ]);
});
