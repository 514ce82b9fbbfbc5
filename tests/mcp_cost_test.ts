// cost_summary and cost_set_budget through the real server over stdio, on a KV file that a
// real ledger and a transcript import wrote first.

import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { importClaudeTranscripts } from "../core/cost/claude_import.ts";
import { CostLedger } from "../core/cost/ledger.ts";
import { keys, openStore } from "../core/store.ts";
import { connectServeStdio } from "./support.ts";

const FIXTURES = fileURLToPath(new URL("./fixtures/cost/", import.meta.url));

Deno.test({
  name: "mcp: cost_summary shows taskorch's and the agent's spend; cost_set_budget persists",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const home = await Deno.makeTempDir({ prefix: "taskorch_mcp_cost_" });
    const kv = join(home, "cost.kv");
    {
      using store = await openStore({ path: kv });
      const ledger = new CostLedger(store);
      const { reservation } = await ledger.reserve({
        provider: "openai",
        model: "gpt-5-mini",
        caller: "grader:claims",
        estimate: { input: 40_000, output: 0 },
      });
      await ledger.settle(reservation, {
        usage: { input: 40_000, output: 0 },
        latencyMs: 9,
        ok: true,
      });
      await importClaudeTranscripts(ledger, [
        `${FIXTURES}session_a.jsonl`,
        `${FIXTURES}session_b_resumed.jsonl`,
      ]);
    }
    const client = await connectServeStdio({ home: home, env: { TASKORCH_KV: kv } });
    try {
      const { tools } = await client.listTools();
      const byName = new Map(tools.map((t: { name: string }) => [t.name, t]));
      const set = byName.get("cost_set_budget") as {
        annotations: Record<string, boolean>;
        outputSchema?: unknown;
      };
      assert.deepEqual(
        [
          set.annotations.readOnlyHint,
          set.annotations.destructiveHint,
          set.annotations.idempotentHint,
        ],
        [false, false, true],
      );
      assert.ok((byName.get("cost_summary") as { outputSchema?: unknown }).outputSchema);

      const call = async (name: string, args: Record<string, unknown>) =>
        await client.callTool({ name, arguments: args }) as {
          isError?: boolean;
          // deno-lint-ignore no-explicit-any
          structuredContent?: Record<string, any>;
          content: { text: string }[];
        };

      for (let i = 0; i < 2; i++) {
        const r = await call("cost_set_budget", {
          scope: "overall",
          period: "day",
          limit_usd: 0.04,
        });
        assert.ok(!r.isError, r.content[0].text);
        assert.deepEqual(r.structuredContent!.budget, {
          id: "overall/day",
          scope: "overall",
          period: "day",
          limit_usd: 0.04,
          warn_at: 0.8,
          throttle_at: 0.9,
        });
      }
      const bad = await call("cost_set_budget", { scope: "team:x", period: "day", limit_usd: 1 });
      assert.ok(bad.isError);
      assert.match(bad.content[0].text, /scope must be "overall" or "provider:NAME"/);

      const r = await call("cost_summary", {});
      assert.ok(!r.isError, r.content[0].text);
      const s = r.structuredContent!;
      assert.equal(s.allTime.taskorch.costUsd, 0.01);
      assert.equal(s.allTime.agent.costUsd, 0.06013);
      assert.equal(s.allTime.total.calls, 5);
      assert.deepEqual(s.unpriced, [{
        source: "agent",
        provider: "anthropic",
        model: "claude-experimental-x",
        calls: 1,
      }]);
      assert.equal(s.budgets.length, 1);
      assert.equal(s.budgets[0].spentUsd, 0.01, "only taskorch's own calls count against budgets");
      assert.equal(s.budgets[0].remainingUsd, 0.03);
      assert.equal(s.budgets[0].source, "store");
      assert.match(r.content[0].text, /budget overall\/day/);
      assert.match(r.content[0].text, /unpriced models: anthropic\/claude-experimental-x/);

      const removed = await call("cost_set_budget", {
        scope: "overall",
        period: "day",
        remove: true,
      });
      assert.equal(removed.structuredContent!.action, "removed");
    } finally {
      await client.close();
    }
    using store = await openStore({ path: kv });
    assert.equal((await store.get(keys.budget("overall/day"))).value, null);
    await Deno.remove(home, { recursive: true });
  },
});
