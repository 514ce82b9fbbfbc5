// The learned memory end to end: several real processes recording at once, the CLI and the
// hook process (automatic recording, warnings), and the MCP tools through the real SDK client.

import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { markerPath } from "../core/memory/marker.ts";
import { BANDS } from "../core/memory/minhash.ts";
import { loadModel } from "../core/memory/model.ts";
import type { FailurePattern } from "../core/memory/types.ts";
import { keys, openStore } from "../core/store.ts";
import { connectServeStdio, runTaskorch } from "./support.ts";

const CONFIG = fileURLToPath(new URL("../deno.json", import.meta.url));
const LEARNER = fileURLToPath(new URL("./fixtures/memory_learner.ts", import.meta.url));
const PROCESSES = 4;
const ROUNDS = 25;

Deno.test({
  name: `memory: ${PROCESSES} processes recording one failure ${ROUNDS} times each count exactly`,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "taskorch_memory_concurrency_" });
    const path = join(dir, "shared.kv");
    const abort = new AbortController();
    const watchdog = setTimeout(() => abort.abort(), 120_000);
    try {
      const children = Array.from(
        { length: PROCESSES },
        (_, n) =>
          new Deno.Command(Deno.execPath(), {
            args: ["run", "--allow-all", "--config", CONFIG, LEARNER, path, `w${n}`, `${ROUNDS}`],
            stdin: "piped",
            stdout: "piped",
            stderr: "piped",
            signal: abort.signal,
          }).spawn(),
      );
      const outputs = children.map((child) => child.stdout.pipeThrough(new TextDecoderStream()));
      const readers = outputs.map((o) => o.getReader());
      for (const reader of readers) assert.equal((await reader.read()).value?.trim(), "ready");
      await Promise.all(children.map(async (child) => {
        const writer = child.stdin.getWriter();
        await writer.write(new TextEncoder().encode("go\n"));
        await writer.close();
      }));
      const summaries: { conflictRetries: number; lockRetries: number }[] = [];
      for (const [n, child] of children.entries()) {
        let rest = "";
        for (let r = await readers[n].read(); !r.done; r = await readers[n].read()) rest += r.value;
        const [status, stderr] = await Promise.all([
          child.status,
          new Response(child.stderr).text(),
        ]);
        assert.equal(status.code, 0, `writer ${n} failed:\n${stderr}`);
        summaries.push(JSON.parse(rest.trim()));
      }
      using store = await openStore({ path });
      const patterns = await store.list<FailurePattern>([keys.prefix.patterns]);
      assert.equal(patterns.length, 1, "one pattern, not duplicates");
      assert.equal(patterns[0].value.occurrences, PROCESSES * ROUNDS, "lost recurrence");
      assert.equal((await store.list([keys.prefix.lsh])).length, BANDS);
      assert.equal(await store.counter(keys.counter("memory.patterns")), 1n);
      assert.equal((await loadModel(store)).positives, PROCESSES * ROUNDS, "lost training step");
      assert.ok((await Deno.stat(markerPath(path)!)).isFile);
      const retries = summaries.reduce((sum, s) => sum + s.conflictRetries + s.lockRetries, 0);
      console.log(`writers retried ${retries} times (lock or lost races)`);
    } finally {
      clearTimeout(watchdog);
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("memory: a failed tool call is learned by the hook, and a similar call is warned", async () => {
  const home = await Deno.makeTempDir({ prefix: "taskorch_memory_hook_" });
  const kv = join(home, "memory.kv");
  const env = { TASKORCH_KV: kv };
  const hook = async (payload: Record<string, unknown>) => {
    const out = await runTaskorch(["hook"], { stdin: JSON.stringify(payload), home, env });
    assert.equal(out.code, 0, out.stderr);
    return JSON.parse(out.stdout);
  };
  const bash = (command: string) => ({
    hook_event_name: "PreToolUse",
    session_id: "s1",
    cwd: "/work/app",
    tool_name: "Bash",
    tool_input: { command },
  });
  try {
    // Empty memory: no marker, the hook does not even open the store for the memory.
    assert.deepEqual(await hook(bash("pip install fastjsonschema-validator==2.1")), {});
    assert.equal(await Deno.stat(markerPath(kv)!).catch(() => null), null);

    const failed = await hook({
      ...bash("pip install fastjsonschema-validator==2.1"),
      hook_event_name: "PostToolUseFailure",
      tool_use_id: "toolu_1",
      error: "Exit code 1\nERROR: No matching distribution found for fastjsonschema-validator==2.1",
    });
    assert.equal(failed.systemMessage, undefined, JSON.stringify(failed));
    {
      using store = await openStore({ path: kv });
      const [pattern] = (await store.list<FailurePattern>([keys.prefix.patterns]))
        .map((e) => e.value);
      assert.equal(pattern.source, "tool_failure");
      assert.equal(pattern.category, "hallucinated_package");
      assert.equal(pattern.scope, "project");
      assert.equal(pattern.cwd, "/work/app");
      assert.match(pattern.evidence!, /outcome \["outcomes", .*tool_use_id toolu_1/);
    }

    const warned = await hook(bash("pip install fastjsonschema-validator==3.0 --quiet"));
    const context = warned.hookSpecificOutput?.additionalContext ?? "";
    assert.match(context, /resembles a past failure/);
    assert.match(context, /No matching distribution found/);
    assert.deepEqual(await hook(bash("git status")), {});
    assert.deepEqual(
      await hook({
        hook_event_name: "UserPromptSubmit",
        cwd: "/work/app",
        prompt: "explain the README",
      }),
      {},
    );

    // The CLI records the same failure again: now highly similar and recurring, it asks.
    const learned = await runTaskorch([
      "learn",
      "--category",
      "hallucinated_package",
      "--text",
      "pip install fastjsonschema-validator==2.1",
      "--cwd",
      "/work/app",
      "--json",
    ], { home, env });
    assert.equal(learned.code, 0, learned.stderr);
    assert.equal(JSON.parse(learned.stdout).pattern.occurrences, 2);
    const asked = await hook(bash("pip install fastjsonschema-validator==9.9"));
    assert.equal(asked.hookSpecificOutput?.permissionDecision, "ask");

    const bad = await runTaskorch(["learn", "--category", "oops", "--text", "x"], { home, env });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--category must be one of .* got "oops" \[CLI_USAGE\]/);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test({
  name: "memory: immune_record_failure, then immune_check flags a similar prompt (MCP stdio)",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const home = await Deno.makeTempDir({ prefix: "taskorch_memory_mcp_" });
    const client = await connectServeStdio({ home: home });
    try {
      const call = async (name: string, args: Record<string, unknown>) =>
        (await client.callTool({ name, arguments: args })) as {
          isError?: boolean;
          structuredContent?: Record<string, unknown>;
          content: { text: string }[];
        };
      const prompt = "Deploy the staging stack with terraform apply -auto-approve";
      const before = await call("immune_check", { prompt });
      assert.equal(before.structuredContent!.decision, "allow");
      const recorded = await call("immune_record_failure", {
        category: "destructive_command",
        text: "terraform apply -auto-approve on the staging stack",
        description: "replaced the staging database without a plan review",
        suggestion: "Run terraform plan and show it to the user first.",
        scope: "global",
      });
      assert.equal(recorded.isError, undefined, recorded.content[0]?.text);
      assert.equal(recorded.structuredContent!.created, true);
      assert.match(recorded.content[0].text, /Recorded a new failure pattern/);
      const after = await call("immune_check", { prompt });
      const verdict = after.structuredContent as {
        decision: string;
        findings: { source: string; message: string }[];
        suggestions: string[];
      };
      assert.equal(verdict.decision, "warn");
      assert.equal(verdict.findings[0].source, "memory");
      assert.match(verdict.findings[0].message, /replaced the staging database/);
      assert.ok(verdict.suggestions.includes("Run terraform plan and show it to the user first."));
      const unrelated = await call("immune_check", { prompt: "Summarize the open issues" });
      assert.equal(unrelated.structuredContent!.decision, "allow");
      const again = await call("immune_record_failure", {
        category: "destructive_command",
        text: "terraform apply -auto-approve on the staging stack",
        scope: "global",
      });
      assert.equal(again.structuredContent!.created, false);
      assert.equal((again.structuredContent!.pattern as { occurrences: number }).occurrences, 2);
      const invalid = await call("immune_record_failure", { category: "other", text: "42" });
      assert.equal(invalid.isError, true);
      assert.match(invalid.content[0].text, /INPUT_INVALID.*no word to match on/);
    } finally {
      await client.close();
      await Deno.remove(home, { recursive: true });
    }
  },
});
