/**
 * Two processes deciding the same inbox items at the same moment, one approving and one
 * rejecting: for every item exactly one decision wins, the other gets INBOX_ALREADY_DECIDED,
 * and the stored item carries the winner's decision.
 */

import assert from "node:assert/strict";
import { createInbox } from "../core/inbox/inbox.ts";
import { openStore } from "../core/store.ts";
import { ROOT } from "./support.ts";

const ITEMS = 40;

interface Line {
  id: string;
  ok: boolean;
  status?: string;
  code?: string;
}

Deno.test("two processes deciding the same items: exactly one decision wins each", async () => {
  const dir = await Deno.makeTempDir({ prefix: "taskorch-inbox-race-" });
  const kv = `${dir}/taskorch.kv`;
  try {
    const ids: string[] = [];
    {
      using store = await openStore({ path: kv });
      const inbox = createInbox(store);
      for (let i = 0; i < ITEMS; i++) {
        const { item } = await inbox.enqueue({
          hook_event_name: "PreToolUse",
          tool_name: "Bash",
          tool_input: { command: `rm -rf build-${i}` },
          cwd: "/w",
        }, { decision: "ask", risk: 0.6, findings: [], suggestions: [] });
        ids.push(item.id);
      }
    }
    // Both start at the same wall-clock moment, after their (slower) startup.
    const start = String(Date.now() + 3000);
    const decider = (decision: string, name: string) =>
      new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          "--config",
          `${ROOT}deno.json`,
          `${ROOT}tests/fixtures/inbox_decide.ts`,
          kv,
          start,
          decision,
          name,
          ...ids,
        ],
        stdout: "piped",
        stderr: "piped",
      }).output();
    const outputs = await Promise.all([decider("approve", "ana"), decider("reject", "bo")]);
    const results = outputs.map((out) => {
      assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
      return new TextDecoder().decode(out.stdout).trim().split("\n").map((l) =>
        JSON.parse(l) as Line
      );
    });
    using store = await openStore({ path: kv });
    const inbox = createInbox(store);
    for (const [i, id] of ids.entries()) {
      const [a, b] = [results[0][i], results[1][i]];
      assert.equal(a.id, id);
      assert.equal(b.id, id);
      assert.equal(Number(a.ok) + Number(b.ok), 1, `#${id}: ${JSON.stringify([a, b])}`);
      const loser = a.ok ? b : a;
      assert.equal(loser.code, "INBOX_ALREADY_DECIDED");
      const stored = await inbox.get(id);
      assert.equal(stored?.status, a.ok ? "APPROVED" : "REJECTED");
      assert.equal(stored?.decidedBy, a.ok ? "ana" : "bo");
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
