import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { keys, openStore } from "../store.ts";
import { claudeUsage, importClaudeTranscripts, transcriptFiles } from "./claude_import.ts";
import { CostLedger } from "./ledger.ts";
import { summarizeCosts } from "./summary.ts";
import type { LedgerEntry } from "./types.ts";

const DIR = fileURLToPath(new URL("../../tests/fixtures/cost/", import.meta.url));
const A = `${DIR}session_a.jsonl`;
const B = `${DIR}session_b_resumed.jsonl`;

Deno.test("claude usage: cache writes split by lifetime; without a split they are 5-minute", () => {
  assert.deepEqual(
    claudeUsage({
      input_tokens: 10,
      output_tokens: 500,
      cache_read_input_tokens: 20000,
      cache_creation_input_tokens: 3000,
      cache_creation: { ephemeral_5m_input_tokens: 1000, ephemeral_1h_input_tokens: 2000 },
    }),
    { input: 10, output: 500, cache_read: 20000, cache_write: 1000, cache_write_1h: 2000 },
  );
  assert.deepEqual(
    claudeUsage({ input_tokens: 1, output_tokens: 2, cache_creation_input_tokens: 400 }),
    { input: 1, output: 2, cache_write: 400 },
  );
  // a split that accounts for less than the total: the rest is priced as 5-minute writes
  assert.deepEqual(
    claudeUsage({
      input_tokens: 0,
      output_tokens: 0,
      cache_creation_input_tokens: 500,
      cache_creation: { ephemeral_1h_input_tokens: 300 },
    }),
    { input: 0, output: 0, cache_write: 200, cache_write_1h: 300 },
  );
});

Deno.test("claude import: one entry per message id, priced per token type, idempotent", async () => {
  using store = await openStore({ path: ":memory:" });
  const ledger = new CostLedger(store);
  const first = await importClaudeTranscripts(ledger, [A]);
  assert.equal(first.files, 1);
  assert.equal(first.messages, 3, "msg_A, msg_B, msg_D (msg_C is synthetic)");
  assert.equal(first.imported, 3);
  assert.equal(first.repeatedLines, 1, "msg_A's second content block");
  assert.equal(first.synthetic, 1);
  assert.equal(first.unpriced, 1);
  assert.equal(first.malformedLines, 1, "the cut-off last line");
  assert.equal(first.costUsd, 0.02928 + 0.00085);
  assert.deepEqual(first.byModel["claude-experimental-x"], { messages: 1, costUsd: null });

  const day = "2026-11-15";
  const a = (await store.get<LedgerEntry>(keys.ledger(day, "claude-msg_A"))).value!;
  assert.equal(a.caller, "claude-code");
  assert.equal(a.source, "agent");
  assert.equal(a.session, "sess-a");
  assert.equal(a.pricedAs, "claude-sonnet-4-5");
  assert.deepEqual(a.usage, {
    input: 10,
    output: 500,
    cache_read: 20000,
    cache_write: 1000,
    cache_write_1h: 2000,
  });
  assert.equal(a.costMicros, 29280, "the largest output_tokens of the message's lines counts");

  const again = await importClaudeTranscripts(ledger, [A]);
  assert.equal(again.imported, 0);
  assert.equal(again.alreadyImported, 3);
  assert.equal(again.costUsd, 0);

  // a resumed session repeats msg_A: only msg_E is new
  const resumed = await importClaudeTranscripts(ledger, [B, A]);
  assert.equal(resumed.imported, 1);
  assert.equal(resumed.alreadyImported, 4);
  assert.equal(resumed.costUsd, 0.03);

  const s = await summarizeCosts(store, {
    prices: ledger.prices,
    budgets: [],
    now: new Date("2026-11-16T12:00:00Z"),
  });
  assert.equal(s.allTime.agent.costUsd, 0.06013);
  assert.equal(s.allTime.agent.calls, 4);
  assert.equal(s.allTime.agent.unpricedCalls, 1);
  assert.equal(s.allTime.taskorch.calls, 0);
  assert.equal(s.today.agent.costUsd, 0.03);
  assert.equal(s.allTime.agent.tokens.cache_write_1h, 2000);
  assert.deepEqual(s.unpriced.map((u) => u.model), ["claude-experimental-x"]);
  assert.equal((await store.list([keys.prefix.ledger])).length, 4);
});

Deno.test("claude import: a project folder is read recursively (subagent transcripts too)", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/sess/subagents`, { recursive: true });
    await Deno.copyFile(A, `${dir}/a.jsonl`);
    await Deno.copyFile(B, `${dir}/sess/subagents/agent-1.jsonl`);
    await Deno.writeTextFile(`${dir}/notes.txt`, "not a transcript");
    assert.deepEqual(await transcriptFiles(dir), [
      `${dir}/a.jsonl`,
      `${dir}/sess/subagents/agent-1.jsonl`,
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  await assert.rejects(
    transcriptFiles(`${dir}/gone`),
    /Cannot read the Claude Code project folder/,
  );
});
