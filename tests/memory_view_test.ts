// Seeing and sharing the memory end to end: hook processes recording checks through the journal,
// the dashboard and listing through the real CLI, export → rules lint → rules test → import, and
// the memory tools through the real MCP SDK client.

import assert from "node:assert/strict";
import { join } from "node:path";
import { learnFailure } from "../core/memory/learn.ts";
import type { FailurePattern } from "../core/memory/types.ts";
import { keys, openStore } from "../core/store.ts";
import { connectServeStdio, runTaskorch } from "./support.ts";

async function tempStore(): Promise<{ home: string; kv: string }> {
  const home = await Deno.makeTempDir({ prefix: "taskorch_memory_view_" });
  return { home, kv: join(home, "t.kv") };
}

function hookPayload(command: string, session: string): string {
  return JSON.stringify({
    hook_event_name: "PreToolUse",
    session_id: session,
    cwd: "/home/user/project",
    tool_name: "Bash",
    tool_input: { command },
  });
}

async function patternsIn(kv: string): Promise<FailurePattern[]> {
  using store = await openStore({ path: kv });
  return (await store.list<FailurePattern>([keys.prefix.patterns])).map((e) => e.value);
}

Deno.test("hook processes record checks in the journal; memory dashboard counts them", async () => {
  const { home, kv } = await tempStore();
  const env = { TASKORCH_KV: kv };
  const events: [string, string][] = [
    ["rm -rf ~", "s1"], // deny
    ["rm -rf ~", "s1"], // deny again: the first recurred
    ["ls -la", "s1"], // allow
    ["git push --force origin main", "s2"], // flagged once: held
  ];
  for (const [command, session] of events) {
    const out = await runTaskorch(["hook"], { home, env, stdin: hookPayload(command, session) });
    assert.equal(out.code, 0, out.stderr);
    assert.ok(!/could not record/.test(out.stdout), out.stdout);
  }
  const off = await runTaskorch(["hook"], {
    home,
    env: { ...env, TASKORCH_RECORD_CHECKS: "0" },
    stdin: hookPayload("ls", "s3"),
  });
  assert.equal(off.code, 0, off.stderr);
  const journal = await Deno.readTextFile(`${kv}.checks.jsonl`);
  assert.equal(journal.trim().split("\n").length, 4, "TASKORCH_RECORD_CHECKS=0 records nothing");
  await new Promise((done) => setTimeout(done, 1100)); // the fold's grace period

  const json = await runTaskorch(["memory", "dashboard", "--days", "1", "--json"], { home, env });
  assert.equal(json.code, 0, json.stderr);
  const d = JSON.parse(json.stdout);
  assert.equal(d.journal.folded, 4);
  assert.equal(d.checks.total, 4);
  assert.equal(d.checks.byVia.hook, 4);
  assert.equal(d.checks.byEvent.PreToolUse, 4);
  assert.equal(d.checks.byDecision.allow, 1);
  assert.equal(d.checks.flagged, 3);
  assert.equal(d.checks.byCategory.destructive_command, 3);
  assert.deepEqual(
    { held: d.prevented.held, recurred: d.prevented.recurred, undetermined: 0 },
    { held: 2, recurred: 1, undetermined: d.prevented.undetermined },
  );
  assert.equal(d.trend.length, 1);
  assert.equal(d.trend[0].checks, 4);
  // The journal is folded once: a second dashboard counts the same.
  const again = JSON.parse(
    (await runTaskorch(["memory", "dashboard", "--days", "1", "--json"], { home, env })).stdout,
  );
  assert.equal(again.checks.total, 4);
  assert.equal(again.journal.folded, 0);

  const md = await runTaskorch(["memory", "dashboard", "--days", "2"], { home, env });
  assert.equal(md.code, 0, md.stderr);
  assert.match(md.stdout, /\*\*4\*\* checks, \*\*3\*\* flagged \(75%\)/);
  assert.match(md.stdout, /## Trend \(per UTC day\)/);

  const bad = await runTaskorch(["memory", "dashboard", "--days", "0"], { home, env });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--days must be a whole number ≥ 1/);
});

Deno.test("hook: a check that cannot be recorded is reported, and the hook still answers", async () => {
  const { home, kv } = await tempStore();
  await Deno.mkdir(`${kv}.checks.jsonl`); // a folder where the journal file should be
  const out = await runTaskorch(["hook"], {
    home,
    env: { TASKORCH_KV: kv },
    stdin: hookPayload("rm -rf ~", "s1"),
  });
  assert.equal(out.code, 0, out.stderr);
  const answer = JSON.parse(out.stdout);
  assert.equal(answer.hookSpecificOutput.permissionDecision, "deny");
  assert.match(answer.systemMessage, /could not record this check for its dashboard/);
});

Deno.test("memory export → rules lint → rules test → memory import round trip", async () => {
  const { home, kv } = await tempStore();
  const env = { TASKORCH_KV: kv };
  {
    using store = await openStore({ path: kv });
    const base = { source: "tool_failure" as const, event: "PostToolUseFailure", tool: "Bash" };
    for (let i = 0; i < 3; i++) {
      await learnFailure(store, {
        ...base,
        category: "hallucinated_package",
        text: "pip install reqeusts==2.31.0",
        description: "No matching distribution found for reqeusts",
        suggestion: "The package is requests.",
      });
    }
    await learnFailure(store, {
      ...base,
      category: "destructive_command",
      text: "rm -rf /srv/app/uploads",
      description: "deleted users' uploads",
      scope: "project",
      cwd: "/home/user/project",
    });
    await learnFailure(store, {
      category: "false_success_claim",
      text: "All 42 tests pass and the build is green.",
      description: "no test had run",
      source: "stop_block",
      event: "Stop",
    });
    await learnFailure(store, {
      category: "hallucinated_path",
      text: "Read /home/user/project/src/confg.ts",
      description: "File does not exist",
      event: "PostToolUseFailure",
      tool: "Read",
    });
  }
  const before = await patternsIn(kv);
  assert.equal(before.length, 4);

  const pack = join(home, "memory.yaml");
  const exported = await runTaskorch(["memory", "export", "-o", pack], { home, env });
  assert.equal(exported.code, 0, exported.stderr);
  assert.match(exported.stderr, /wrote 4 rules/);
  const lint = await runTaskorch(["rules", "lint", pack], { home });
  assert.equal(lint.code, 0, lint.stderr);
  assert.match(lint.stdout, /memory 1\.0\.0, 4 rules/);
  const test = await runTaskorch(["rules", "test", pack, "--json"], { home });
  assert.equal(test.code, 0, test.stdout + test.stderr);
  const report = JSON.parse(test.stdout);
  assert.equal(report.ok, true);
  assert.equal(report.totals.rules, 4);
  assert.equal(report.totals.fp + report.totals.fn, 0);
  assert.ok(report.totals.tp >= 8, "two fire cases per rule");
  assert.ok(report.totals.tn >= 4, "near misses per rule");

  // The exported rule, loaded as a pack, fires on a generalized recurrence.
  const check = await runTaskorch(
    ["check", "--pack", pack, "--no-builtins", "--json", "--command", "pip install reqeusts==2.0"],
    { home, env: { TASKORCH_KV: ":memory:" } },
  );
  assert.equal(check.code, 0, check.stderr);
  const verdict = JSON.parse(check.stdout);
  assert.equal(verdict.decision, "warn");
  assert.ok(
    verdict.findings.some((f: { rule: string }) =>
      f.rule.startsWith("memory.hallucinated-package.")
    ),
  );

  const only = await runTaskorch(
    ["memory", "export", "--category", "hallucinated_package", "--min-occurrences", "2"],
    { home, env },
  );
  assert.equal(only.code, 0, only.stderr);
  assert.equal(only.stdout.match(/^ {2}- id: memory\./gm)?.length, 1);

  // Import into a fresh store: the same patterns, ids, counts and times.
  const other = join(home, "other.kv");
  const imported = await runTaskorch(["memory", "import", pack], {
    home,
    env: { TASKORCH_KV: other },
  });
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(imported.stdout, /imported 4 of 4 patterns .*: 4 new, 0 merged/);
  const after = await patternsIn(other);
  const view = (list: FailurePattern[]) =>
    list.map((p) => [p.id, p.category, p.text, p.occurrences, p.firstSeen, p.lastSeen, p.scope])
      .sort();
  assert.deepEqual(view(after), view(before));
  assert.ok(after.every((p) => p.source === "import"));

  // Import back into the original: counts merge.
  const merged = await runTaskorch(["memory", "import", pack, "--json"], { home, env });
  assert.equal(merged.code, 0, merged.stderr);
  assert.deepEqual(JSON.parse(merged.stdout), { read: 4, created: 0, merged: 4, skipped: [] });
  const doubled = Object.fromEntries((await patternsIn(kv)).map((p) => [p.id, p.occurrences]));
  for (const p of before) assert.equal(doubled[p.id], p.occurrences * 2);

  // JSON lines: export and import, rebasing project patterns onto another workspace.
  const lines = await runTaskorch(["memory", "export", "--format", "jsonl"], { home, env });
  assert.equal(lines.stdout.trim().split("\n").length, 4);
  const jsonl = join(home, "shared.jsonl");
  await Deno.writeTextFile(jsonl, lines.stdout + "not json\n");
  const third = join(home, "third.kv");
  const shared = await runTaskorch(["memory", "import", jsonl, "--cwd", "/elsewhere", "--json"], {
    home,
    env: { TASKORCH_KV: third },
  });
  assert.equal(shared.code, 0, shared.stderr);
  const sharedReport = JSON.parse(shared.stdout);
  assert.deepEqual([sharedReport.created, sharedReport.skipped.length], [4, 1]);
  const rebased = (await patternsIn(third)).find((p) => p.scope === "project");
  assert.equal(rebased?.cwd, "/elsewhere");

  const list = await runTaskorch(
    ["memory", "list", "--kv", kv, "--query", "reqeusts", "--json"],
    { home },
  );
  assert.equal(list.code, 0, list.stderr);
  const listed = JSON.parse(list.stdout);
  assert.equal(listed.matching, 1);
  assert.equal(listed.patterns[0].occurrences, 6);
});

Deno.test({
  name: "mcp: immune_check records a check; immune_failures and immune_dashboard read the store",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { home, kv } = await tempStore();
    {
      using store = await openStore({ path: kv });
      for (let i = 0; i < 2; i++) {
        await learnFailure(store, {
          category: "hallucinated_package",
          text: "npm install left-padd",
          description: "404 Not Found",
        });
      }
      await learnFailure(store, { category: "other", text: "make deploy-prod", scope: "global" });
    }
    const client = await connectServeStdio({ home: home, env: { TASKORCH_KV: kv } });
    try {
      const call = async (name: string, args: Record<string, unknown>) =>
        (await client.callTool({ name, arguments: args })) as {
          isError?: boolean;
          structuredContent?: Record<string, unknown>;
          content: { text: string }[];
        };
      const { tools } = await client.listTools();
      for (const name of ["immune_failures", "immune_dashboard"]) {
        const tool = tools.find((t: { name: string }) => t.name === name) as {
          annotations?: { readOnlyHint?: boolean };
          outputSchema?: unknown;
        };
        assert.ok(tool, name);
        assert.equal(tool.annotations?.readOnlyHint, true);
        assert.ok(tool.outputSchema, `${name} has an output schema`);
      }

      const checked = await call("immune_check", {
        event: {
          hook_event_name: "PreToolUse",
          session_id: "m1",
          tool_name: "Bash",
          tool_input: { command: "rm -rf ~" },
          cwd: "/home/user/project",
        },
      });
      assert.equal(checked.structuredContent?.decision, "deny");
      await call("guard_event", {
        event: { hook_event_name: "UserPromptSubmit", session_id: "m1", prompt: "hello" },
      });

      const all = await call("immune_failures", {});
      assert.equal(all.isError, undefined, all.content[0]?.text);
      assert.equal(all.structuredContent?.stored, 2);
      const first = (all.structuredContent?.patterns as FailurePattern[])[0];
      assert.equal(first.text, "npm install left-padd");
      assert.equal(first.occurrences, 2);
      assert.ok(!("features" in first));
      const filtered = await call("immune_failures", { category: "other", limit: 5 });
      assert.equal(filtered.structuredContent?.matching, 1);
      assert.match(filtered.content[0].text, /1 of 2 learned patterns match/);
      const none = await call("immune_failures", { query: "no such thing" });
      assert.equal(none.structuredContent?.matching, 0);
      const badSince = await call("immune_failures", { since: "last week" });
      assert.equal(badSince.isError, true);

      const dash = await call("immune_dashboard", { days: 1 });
      assert.equal(dash.isError, undefined, dash.content[0]?.text);
      const d = dash.structuredContent as {
        checks: {
          total: number;
          byVia: Record<string, number>;
          byDecision: Record<string, number>;
        };
        patterns: { stored: number; newInWindow: number };
      };
      assert.equal(d.checks.total, 2);
      assert.deepEqual(d.checks.byVia, { mcp: 2 });
      assert.equal(d.checks.byDecision.deny, 1);
      assert.equal(d.checks.byDecision.allow, 1);
      assert.equal(d.patterns.stored, 2);
      assert.equal(d.patterns.newInWindow, 2);
      assert.match(dash.content[0].text, /^# taskorch dashboard/);
    } finally {
      await client.close();
    }
  },
});
