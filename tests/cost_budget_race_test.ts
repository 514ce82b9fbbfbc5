import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { saveBudget } from "../core/cost/budgets.ts";
import { bucketsOf } from "../core/cost/ledger.ts";
import type { LedgerEntry } from "../core/cost/types.ts";
import { keys, openStore } from "../core/store.ts";

const CONFIG = fileURLToPath(new URL("../deno.json", import.meta.url));
const RACER = fileURLToPath(new URL("./fixtures/cost_racer.ts", import.meta.url));
const PROCESSES = 4;
const CALLS = 20;
const LIMIT_USD = 0.5; // 50 calls of $0.01 fit; 80 are attempted

interface Report {
  id: string;
  ok: number;
  blocked: number;
  levels: number;
}

Deno.test({
  name: `cost: ${PROCESSES} processes × ${CALLS} concurrent reserves never overshoot a budget`,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "taskorch_cost_race_" });
    const path = join(dir, "cost.kv");
    {
      using store = await openStore({ path });
      await saveBudget(store, {
        scope: "provider:openai",
        period: "day",
        limit_usd: LIMIT_USD,
        warn_at: 0.5,
        throttle_at: 0.9,
      });
    }
    const abort = new AbortController();
    const watchdog = setTimeout(() => abort.abort(), 90_000);
    try {
      const children = Array.from({ length: PROCESSES }, (_, n) => {
        const child = new Deno.Command(Deno.execPath(), {
          args: ["run", "--allow-all", "--config", CONFIG, RACER, path, `p${n}`, `${CALLS}`],
          stdin: "piped",
          stdout: "piped",
          stderr: "piped",
          signal: abort.signal,
        }).spawn();
        const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
        return { child, reader, err: new Response(child.stderr).text() };
      });
      let pending: string[] = [];
      const outputs: string[] = [];
      for (const { reader } of children) {
        let text = "";
        while (!text.includes("ready\n")) {
          const { value, done } = await reader.read();
          if (done) break;
          text += value;
        }
        assert.match(text, /ready\n/);
        outputs.push(text.replace("ready\n", ""));
      }
      await Promise.all(children.map(async ({ child }) => {
        const w = child.stdin.getWriter();
        await w.write(new TextEncoder().encode("go\n"));
        await w.close();
      }));
      const reports: Report[] = [];
      for (const [i, { child, reader, err }] of children.entries()) {
        let text = outputs[i];
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          text += value;
        }
        const [status, stderr] = await Promise.all([child.status, err]);
        assert.equal(status.code, 0, `a racer failed (exit ${status.code}):\n${stderr}`);
        pending = text.trim().split("\n");
        reports.push(JSON.parse(pending.at(-1)!));
      }
      const ok = reports.reduce((s, r) => s + r.ok, 0);
      const blocked = reports.reduce((s, r) => s + r.blocked, 0);
      assert.equal(ok + blocked, PROCESSES * CALLS, "every call either ran or was blocked");
      assert.equal(ok, 50, `exactly the 50 calls that fit ran, got ${ok}`);
      assert.ok(reports.some((r) => r.levels > 0), "warn/throttle levels were reported");

      using store = await openStore({ path });
      const b = bucketsOf(new Date());
      assert.equal(
        await store.counter(keys.costSpent(b.day, "provider:openai")),
        500_000n,
        "spent is exactly the limit, never over",
      );
      assert.equal(await store.counter(keys.costSpent(b.month, "overall")), 500_000n);
      assert.equal(
        await store.counter(keys.costTotal("all", "taskorch", "openai", "gpt-5-mini", "calls")),
        50n,
      );
      const entries = await store.list<LedgerEntry>([keys.prefix.ledger]);
      assert.equal(entries.length, 50, "one ledger entry per call that ran");
      assert.equal(new Set(entries.map((e) => e.value.session)).size, 50);
      assert.equal(
        (await store.get(keys.costHolds("provider:openai"))).value,
        null,
        "no hold left",
      );
    } finally {
      clearTimeout(watchdog);
      await Deno.remove(dir, { recursive: true });
    }
  },
});
