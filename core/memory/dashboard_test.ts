import assert from "node:assert/strict";
import { keys, openStore, type Store } from "../store.ts";
import { recordOutcome } from "../outcomes.ts";
import type { Category, Decision } from "../verdict.ts";
import { recordCheck } from "./checks.ts";
import { computeDashboard, preventedOf } from "./dashboard.ts";
import { renderDashboard } from "./dashboard_markdown.ts";
import type { CheckRecord, FailurePattern } from "./types.ts";

const NOW = new Date("2026-03-10T12:00:00Z");

function check(
  at: string,
  decision: Decision,
  rules: [string, Category][] = [],
  extra: Partial<CheckRecord> = {},
): CheckRecord {
  return {
    at,
    event: "PreToolUse",
    tool: "Bash",
    decision,
    risk: decision === "allow" ? 0 : 0.5,
    findings: rules.map(([rule, category]) => ({ rule, category })),
    via: "hook",
    ...extra,
  };
}

function pattern(id: string, fields: Partial<FailurePattern>): FailurePattern {
  return {
    id,
    category: "other",
    text: `text of ${id}`,
    description: "",
    features: ["x"],
    occurrences: 1,
    firstSeen: "2026-03-01T00:00:00.000Z",
    lastSeen: "2026-03-01T00:00:00.000Z",
    source: "manual",
    scope: "global",
    ...fields,
  };
}

async function fill(store: Store): Promise<void> {
  const rm: [string, Category] = ["fs.rm-root", "destructive_command"];
  const mem: [string, Category] = ["memory.p-deploy", "other"];
  const records = [
    // session s1: rm-root denied twice (first recurred, second held), then an allow
    check("2026-03-10T01:00:00.000Z", "deny", [rm], { session: "s1" }),
    check("2026-03-10T01:01:00.000Z", "deny", [rm], { session: "s1" }),
    check("2026-03-10T01:02:00.000Z", "allow", [], { session: "s1" }),
    // session s2: a memory warning and a secrets ask, both held
    check("2026-03-09T08:00:00.000Z", "warn", [mem], { session: "s2", event: "UserPromptSubmit" }),
    check("2026-03-09T08:05:00.000Z", "ask", [["secrets.env", "secrets_leakage"], rm], {
      session: "s2",
      via: "mcp",
    }),
    // no session: undetermined
    check("2026-03-08T00:00:00.000Z", "block", [["claims.tests", "false_success_claim"]], {
      event: "Stop",
    }),
    check("2026-03-08T00:00:01.000Z", "allow"),
    // outside the 3-day window
    check("2026-03-07T23:59:59.000Z", "deny", [rm], { session: "s1" }),
  ];
  for (const r of records) await recordCheck(store, r);
  await store.set(
    keys.pattern("p-deploy"),
    pattern("p-deploy", { occurrences: 5, lastSeen: "2026-03-09T08:00:00.000Z" }),
  );
  await store.set(
    keys.pattern("p-new"),
    pattern("p-new", {
      category: "hallucinated_package",
      occurrences: 2,
      firstSeen: "2026-03-08T10:00:00.000Z",
      lastSeen: "2026-03-10T10:00:00.000Z",
      source: "tool_failure",
    }),
  );
  await store.set(
    keys.pattern("p-rejected"),
    pattern("p-rejected", { lastSeen: "2026-03-10T00:00:00.000Z", source: "rejection" }),
  );
  await store.set(keys.pattern("p-old"), pattern("p-old", { occurrences: 9 })); // not in window
  for (const at of ["2026-03-09T01:00:00.000Z", "2026-03-10T02:00:00.000Z"]) {
    await recordOutcome(store, { kind: "tool_failed", at, tool_name: "Bash", error: "exit 1" });
  }
}

Deno.test("dashboard: every figure over a 3-day window, from records in a real KV", async () => {
  using store = await openStore({ path: ":memory:" });
  await fill(store);
  const d = await computeDashboard(store, { days: 3, now: NOW });
  assert.deepEqual(d.window, {
    days: 3,
    from: "2026-03-08",
    to: "2026-03-10",
    generatedAt: NOW.toISOString(),
  });
  assert.equal(d.journal, undefined, ":memory: has no journal");
  assert.equal(d.checks.total, 7);
  assert.deepEqual(d.checks.byDecision, { allow: 2, warn: 1, ask: 1, deny: 2, block: 1 });
  assert.deepEqual(d.checks.byEvent, { PreToolUse: 5, UserPromptSubmit: 1, Stop: 1 });
  assert.deepEqual(d.checks.byVia, { hook: 6, mcp: 1 });
  assert.deepEqual(d.checks.byCategory, {
    destructive_command: 3,
    other: 1,
    secrets_leakage: 1,
    false_success_claim: 1,
  });
  assert.equal(d.checks.flagged, 5);
  assert.deepEqual(d.checks.topRules[0], {
    rule: "fs.rm-root",
    category: "destructive_command",
    count: 3,
  });
  assert.equal(d.checks.topRules.length, 4);
  assert.deepEqual(d.prevented, {
    total: 4, // held 3 + 1 rejection
    held: 3, // s1's second deny, s2's warn and ask
    recurred: 1, // s1's first deny
    undetermined: 1, // the Stop block without a session
    humanRejections: 1,
  });
  assert.equal(d.failures, 2);
  assert.deepEqual(
    d.trend.map((t) => [t.day, t.checks, t.decisions.deny, t.failures, t.newPatterns]),
    [
      ["2026-03-08", 2, 0, 0, 1],
      ["2026-03-09", 2, 0, 1, 0],
      ["2026-03-10", 3, 2, 1, 0],
    ],
  );
  assert.equal(d.patterns.stored, 4);
  assert.equal(d.patterns.newInWindow, 1);
  assert.equal(d.patterns.seenInWindow, 3);
  assert.deepEqual(d.patterns.byCategory, { other: 3, hallucinated_package: 1 });
  assert.deepEqual(d.patterns.bySource, { manual: 2, tool_failure: 1, rejection: 1 });
  assert.deepEqual(
    d.patterns.top.map((t) => [t.id, t.occurrences, t.matchedInWindow]),
    [["p-deploy", 5, 1], ["p-new", 2, 0], ["p-rejected", 1, 0]],
  );
  assert.ok(d.patterns.top.every((t) => !("features" in t)));

  const one = await computeDashboard(store, { days: 1, now: NOW });
  assert.equal(one.checks.total, 3);
  assert.deepEqual(one.prevented, {
    total: 2,
    held: 1,
    recurred: 1,
    undetermined: 0,
    humanRejections: 1,
  });
});

Deno.test("dashboard markdown shows the figures and defines prevented", async () => {
  using store = await openStore({ path: ":memory:" });
  await fill(store);
  const text = renderDashboard(await computeDashboard(store, { days: 3, now: NOW }));
  assert.match(text, /^# taskorch dashboard: 2026-03-08 to 2026-03-10 \(3 days, UTC\)/);
  assert.match(
    text,
    /\*\*7\*\* checks, \*\*5\*\* flagged \(71\.4%\): allow 2, warn 1, ask 1, deny 2, block 1/,
  );
  assert.match(text, /\*\*4\*\* prevented: 3 flagged events/);
  assert.match(text, /\| 2026-03-10 \| 3 \| 1 \| 0 \| 0 \| 2 \| 0 \| 1 \| 0 \|/);
  assert.match(text, /\| fs\.rm-root \| destructive_command \| 3 \|/);
  assert.match(text, /\| p-deploy \| other \| 5 \| 1 \| 2026-03-09 \| `text of p-deploy` \|/);
  assert.match(text, /"Prevented" counts flagged events/);
});

Deno.test("dashboard: an empty store and a bad window", async () => {
  using store = await openStore({ path: ":memory:" });
  const d = await computeDashboard(store, { days: 2, now: NOW });
  assert.equal(d.checks.total, 0);
  assert.equal(d.trend.length, 2);
  assert.match(renderDashboard(d), /No checks recorded\./);
  await assert.rejects(() => computeDashboard(store, { days: 0 }), /days must be a whole number/);
});

Deno.test("preventedOf: a rule firing later in the same session counts as recurred", () => {
  const r: [string, Category][] = [["a", "other"]];
  const figures = preventedOf([
    check("2026-01-01T00:00:02Z", "warn", r, { session: "x" }),
    check("2026-01-01T00:00:01Z", "warn", r, { session: "x" }),
    check("2026-01-01T00:00:03Z", "allow", r, { session: "x" }), // fired, but allowed (e.g. low)
    check("2026-01-01T00:00:01Z", "warn", r, { session: "y" }),
  ]);
  assert.deepEqual(figures, { held: 1, recurred: 2, undetermined: 0 });
});
