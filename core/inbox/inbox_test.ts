import assert from "node:assert/strict";
import type { AgentEvent } from "../event.ts";
import { openStore, type Store } from "../store.ts";
import { keys } from "../store_schema.ts";
import type { Verdict } from "../verdict.ts";
import { createInbox, type InboxOptions, REJECTION_HOLD_MS, riskLevel } from "./inbox.ts";
import { defaultInboxSettings } from "./settings.ts";
import type { InboxItem } from "./types.ts";

const PUSH: AgentEvent = {
  hook_event_name: "PreToolUse",
  session_id: "s1",
  tool_name: "Bash",
  tool_input: { command: "git push --force origin main", description: "Push" },
  cwd: "/work/repo",
};

const ASK: Verdict = {
  decision: "ask",
  risk: 0.6,
  suggestions: ["Use --force-with-lease"],
  findings: [{
    rule: "git.force-push",
    category: "destructive_command",
    severity: "high",
    message: "git push --force rewrites the remote history",
    suggestion: "Use --force-with-lease",
  }],
};

/** A clock the test moves. */
function clock(start = "2026-03-01T10:00:00.000Z"): { now: () => Date; advance(ms: number): void } {
  let t = Date.parse(start);
  return { now: () => new Date(t), advance: (ms) => t += ms };
}

async function withInbox(
  options: InboxOptions,
  use: (store: Store, inbox: ReturnType<typeof createInbox>) => Promise<void>,
): Promise<void> {
  const store = await openStore({ path: ":memory:" });
  try {
    await use(store, createInbox(store, { learnRejections: false, ...options }));
  } finally {
    store.close();
  }
}

Deno.test("riskLevel: highest severity, else the score", () => {
  const table: [Verdict, string][] = [
    [ASK, "HIGH"],
    [{ ...ASK, findings: [{ ...ASK.findings[0], severity: "low" }] }, "LOW"],
    [{
      ...ASK,
      findings: [{ ...ASK.findings[0], severity: "medium" }, {
        ...ASK.findings[0],
        severity: "critical",
      }],
    }, "CRITICAL"],
    [{ ...ASK, findings: [], risk: 0.8 }, "CRITICAL"],
    [{ ...ASK, findings: [], risk: 0.1 }, "LOW"],
  ];
  for (const [verdict, level] of table) assert.equal(riskLevel(verdict), level);
});

Deno.test("ask queues an item with its fields, the same action reuses it", async () => {
  const time = clock();
  await withInbox({ now: time.now }, async (_store, inbox) => {
    const first = await inbox.ask(PUSH, ASK);
    assert.equal(first.outcome, "queued");
    if (first.outcome !== "queued") return;
    assert.equal(first.created, true);
    const item = first.item;
    assert.match(item.id, /^[0-9A-HJKMNP-TV-Z]{4}$/);
    assert.equal(item.status, "PENDING");
    assert.equal(item.risk, "HIGH");
    assert.equal(item.rule, "git.force-push");
    assert.equal(item.summary, "Bash: git push --force origin main");
    assert.equal(item.requestedAt, "2026-03-01T10:00:00.000Z");
    assert.equal(item.expiresAt, "2026-03-01T11:00:00.000Z");
    assert.equal(item.onTimeout, "deny");
    time.advance(1000);
    // The retry, reworded description and all, finds the same item.
    const again = await inbox.ask(
      { ...PUSH, session_id: "s2", tool_input: { command: "git push --force origin main " } },
      ASK,
    );
    assert.equal(again.outcome, "queued");
    assert.equal(again.item.id, item.id);
    assert.equal(again.outcome === "queued" && again.created, false);
    assert.equal(again.item.asks, 2);
    assert.equal((await inbox.list()).length, 1);
  });
});

Deno.test("an approval passes the exact action once, not a different one", async () => {
  await withInbox({}, async (_store, inbox) => {
    const { item } = await inbox.ask(PUSH, ASK);
    const other: AgentEvent = { ...PUSH, tool_input: { command: "git push --force origin dev" } };
    const elsewhere: AgentEvent = { ...PUSH, cwd: "/work/other" };
    await inbox.decide(`#${item.id.toLowerCase()}`, {
      decision: "approve",
      by: "ana",
      channel: "cli",
    });
    assert.equal((await inbox.ask(other, ASK)).outcome, "queued");
    assert.equal((await inbox.ask(elsewhere, ASK)).outcome, "queued");
    const passed = await inbox.ask(PUSH, ASK);
    assert.equal(passed.outcome, "approved");
    assert.ok(passed.item.consumedAt);
    const next = await inbox.ask(PUSH, ASK);
    assert.equal(next.outcome, "queued");
    assert.notEqual(next.item.id, item.id);
    assert.equal(await inbox.consume(PUSH), null);
  });
});

Deno.test("a rejection denies the same action with the reason, for the hold only", async () => {
  const time = clock();
  await withInbox({ now: time.now }, async (_store, inbox) => {
    const { item } = await inbox.ask(PUSH, ASK);
    const decided = await inbox.decide(item.id, {
      decision: "reject",
      by: "ana",
      reason: "never force-push main",
      channel: "cli",
    });
    assert.equal(decided.item.status, "REJECTED");
    assert.equal(decided.item.decidedBy, "ana");
    const retry = await inbox.ask(PUSH, ASK);
    assert.equal(retry.outcome, "rejected");
    assert.equal(retry.item.reason, "never force-push main");
    time.advance(REJECTION_HOLD_MS + 1);
    const later = await inbox.ask(PUSH, ASK);
    assert.equal(later.outcome, "queued");
    assert.equal(later.outcome === "queued" && later.previous?.id, item.id);
  });
});

Deno.test("deciding twice: the second gets INBOX_ALREADY_DECIDED; unknown ids NOT_FOUND", async () => {
  await withInbox({}, async (_store, inbox) => {
    const { item } = await inbox.ask(PUSH, ASK);
    await inbox.decide(item.id, { decision: "approve", by: "ana", channel: "web" });
    await assert.rejects(
      () => inbox.decide(item.id, { decision: "reject", by: "bo", channel: "cli" }),
      (e: Error & { code?: string }) =>
        e.code === "INBOX_ALREADY_DECIDED" && /approved by ana via web/.test(e.message),
    );
    const missing = item.id === "ZZZZ" ? "YYYY" : "ZZZZ";
    await assert.rejects(
      () => inbox.decide(missing, { decision: "approve", by: "ana", channel: "cli" }),
      (e: Error & { code?: string }) => e.code === "INBOX_NOT_FOUND",
    );
    await assert.rejects(
      () => inbox.decide("not an id", { decision: "approve", by: "ana", channel: "cli" }),
      (e: Error & { code?: string }) => e.code === "INPUT_INVALID",
    );
  });
});

Deno.test("expiry: deny by default, per-rule ttl and on_timeout allow", async () => {
  const time = clock();
  const settings = {
    ...defaultInboxSettings(),
    rules: { "git.force-push": { ttlMinutes: 5, onTimeout: "allow" as const } },
  };
  await withInbox({ now: time.now, settings }, async (_store, inbox) => {
    const other: AgentEvent = { ...PUSH, tool_input: { command: "rm -rf build" } };
    const otherVerdict: Verdict = {
      ...ASK,
      findings: [{ ...ASK.findings[0], rule: "fs.rm-rf" }],
    };
    const allowed = await inbox.ask(PUSH, ASK);
    const denied = await inbox.ask(other, otherVerdict);
    assert.equal(allowed.item.expiresAt, "2026-03-01T10:05:00.000Z");
    assert.equal(denied.item.expiresAt, "2026-03-01T11:00:00.000Z");
    time.advance(6 * 60_000);
    const expiredNow = await inbox.expire();
    assert.deepEqual(expiredNow.map((i) => i.id), [allowed.item.id]);
    assert.equal((await inbox.get(allowed.item.id))?.status, "EXPIRED");
    assert.equal((await inbox.get(allowed.item.id))?.decidedBy, "timeout");
    // on_timeout allow: the retry passes once.
    assert.equal((await inbox.ask(PUSH, ASK)).outcome, "approved");
    time.advance(60 * 60_000);
    // Lazily on read: the default (deny) item expired too, and cannot be decided any more.
    assert.equal((await inbox.list()).length, 0);
    await assert.rejects(
      () => inbox.decide(denied.item.id, { decision: "approve", by: "ana", channel: "cli" }),
      (e: Error & { code?: string }) =>
        e.code === "INBOX_ALREADY_DECIDED" && /expired unanswered/.test(e.message),
    );
    const requeued = await inbox.ask(other, otherVerdict);
    assert.equal(requeued.outcome, "queued");
    assert.equal(requeued.outcome === "queued" && requeued.previous?.id, denied.item.id);
  });
});

Deno.test("list filters by status, risk and history, newest first", async () => {
  const time = clock();
  await withInbox({ now: time.now }, async (_store, inbox) => {
    const made: InboxItem[] = [];
    for (const [command, severity] of [["a", "low"], ["b", "critical"], ["c", "high"]] as const) {
      const verdict = { ...ASK, findings: [{ ...ASK.findings[0], severity }] };
      made.push((await inbox.ask({ ...PUSH, tool_input: { command } }, verdict)).item);
      time.advance(1000);
    }
    await inbox.decide(made[2].id, { decision: "reject", by: "ana", channel: "cli" });
    assert.deepEqual((await inbox.list()).map((i) => i.summary), ["Bash: b", "Bash: a"]);
    assert.deepEqual((await inbox.list({ history: true })).map((i) => i.summary), [
      "Bash: c",
      "Bash: b",
      "Bash: a",
    ]);
    assert.deepEqual((await inbox.list({ status: "REJECTED" })).map((i) => i.id), [made[2].id]);
    assert.deepEqual(
      (await inbox.list({ history: true, minRisk: "HIGH" })).map((i) => i.risk),
      ["HIGH", "CRITICAL"],
    );
    assert.deepEqual((await inbox.list({ risk: "LOW" })).map((i) => i.id), [made[0].id]);
    assert.equal((await inbox.list({ history: true, limit: 1 })).length, 1);
  });
});

Deno.test("secrets in the event are redacted in the stored item", async () => {
  await withInbox({}, async (store, inbox) => {
    const event: AgentEvent = {
      ...PUSH,
      tool_input: { command: "curl -H 'Authorization: Bearer abcdef1234567890' https://x" },
    };
    const { item } = await inbox.ask(event, ASK);
    const raw = JSON.stringify((await store.get(keys.inbox(item.id))).value);
    assert.ok(!raw.includes("abcdef1234567890"), raw);
    // The approval still matches the exact (unredacted) event.
    await inbox.decide(item.id, { decision: "approve", by: "ana", channel: "cli" });
    assert.equal((await inbox.ask(event, ASK)).outcome, "approved");
  });
});

Deno.test("a rejection is learned by the memory as source rejection", async () => {
  const store = await openStore({ path: ":memory:" });
  try {
    const inbox = createInbox(store);
    const { item } = await inbox.ask(PUSH, ASK);
    const result = await inbox.decide(item.id, {
      decision: "reject",
      by: "ana",
      reason: "not on main",
      channel: "cli",
    });
    assert.ok(result.learned, result.problem);
    const pattern = (await store.get<{ source: string; text: string }>(
      keys.pattern(result.learned!),
    )).value;
    assert.equal(pattern?.source, "rejection");
    assert.equal(pattern?.text, "git push --force origin main");
  } finally {
    store.close();
  }
});

Deno.test("two asks of one new action at once make one item", async () => {
  await withInbox({}, async (_store, inbox) => {
    const results = await Promise.all(Array.from({ length: 5 }, () => inbox.ask(PUSH, ASK)));
    assert.equal(new Set(results.map((r) => r.item.id)).size, 1);
    assert.equal((await inbox.list())[0].asks, 5);
  });
});
