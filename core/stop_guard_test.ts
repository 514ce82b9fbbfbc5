import assert from "node:assert/strict";
import { openStore } from "./store.ts";
import { keys } from "./store_schema.ts";
import { decideStopBlock, parseStopBlockLimit, stopDecisionWithoutStore } from "./stop_guard.ts";

Deno.test("decideStopBlock allows `limit` blocks in a row, then lets the agent stop", async () => {
  using store = await openStore({ path: ":memory:" });
  const answers = [];
  for (const active of [false, true, true, true]) {
    answers.push(await decideStopBlock(store, "s1", active, 2));
  }
  assert.deepEqual(answers.map((a) => [a.block, a.count]), [
    [true, 1],
    [true, 2],
    [false, 2],
    [false, 2],
  ]);
  assert.equal((await store.get(keys.stopBlocks("s1"))).value, 2);
  // A Stop that is not a hook's continuation starts a new chain.
  assert.deepEqual(await decideStopBlock(store, "s1", false, 2), {
    block: true,
    count: 1,
    limit: 2,
  });
  // Sessions are counted apart; limit 0 never blocks.
  assert.equal((await decideStopBlock(store, "s2", true, 2)).block, true);
  assert.equal((await decideStopBlock(store, "s3", false, 0)).block, false);
});

Deno.test("without a store only the first Stop of a chain is blocked", () => {
  assert.equal(stopDecisionWithoutStore(false, 2).block, true);
  assert.equal(stopDecisionWithoutStore(true, 2).block, false);
  assert.equal(stopDecisionWithoutStore(false, 0).block, false);
});

Deno.test("parseStopBlockLimit takes whole numbers only", () => {
  assert.equal(parseStopBlockLimit("3"), 3);
  assert.equal(parseStopBlockLimit("0"), 0);
  for (const bad of ["-1", "2.5", "two", ""]) assert.equal(parseStopBlockLimit(bad), undefined);
  assert.equal(parseStopBlockLimit(undefined), undefined);
});
