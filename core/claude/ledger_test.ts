import assert from "node:assert/strict";
import { ledgerOf, readLedger } from "./ledger.ts";
import type { TranscriptEntry } from "./transcript.ts";

function call(id: string, name: string, input: Record<string, unknown>): TranscriptEntry {
  return {
    type: "assistant",
    cwd: "/w",
    message: { id: `m-${id}`, content: [{ type: "tool_use", id, name, input }] },
  };
}

function result(
  id: string,
  content: string,
  extra: Partial<TranscriptEntry> = {},
  isError = false,
): TranscriptEntry {
  return {
    type: "user",
    cwd: "/w",
    message: { content: [{ type: "tool_result", tool_use_id: id, content, is_error: isError }] },
    ...extra,
  };
}

Deno.test("ledger: Bash results give status, exit code, output tails and test counts", () => {
  const ledger = ledgerOf([
    call("t1", "Bash", { command: "deno test -A" }),
    result("t1", "FAILED | 3 passed | 1 failed", {}, true),
    call("t2", "Bash", { command: "npx jest -t login | tail" }),
    result("t2", "x", {
      toolUseResult: { stdout: "Tests: 1 passed, 1 total", stderr: "warn", interrupted: false },
    }),
    call("t3", "Bash", { command: "sleep 100" }),
    result("t3", "[Request interrupted by user for tool use]", {}, true),
    call("t4", "Bash", { command: "npm run build" }),
  ]);
  assert.deepEqual(ledger.commands.map((c) => c.status), [
    "failed",
    "ok",
    "interrupted",
    "unknown",
  ]);
  assert.equal(ledger.commands[1].stderrTail, "warn");
  const [first, second] = ledger.checks;
  assert.deepEqual([first.result, first.passed, first.failed, first.filtered], [
    "failed",
    3,
    1,
    false,
  ]);
  assert.deepEqual([second.result, second.passed, second.filtered, second.filter], [
    "passed",
    1,
    true,
    "login",
  ]);
  assert.equal(ledger.checks[2].kind, "build");
  assert.equal(ledger.checks[2].result, "unknown");
});

Deno.test("ledger: an exit code parsed from an error result", () => {
  const ledger = ledgerOf([
    call("t1", "Bash", { command: "false" }),
    result("t1", "Exit code 2\n", {}, true),
  ]);
  assert.equal(ledger.commands[0].exitCode, 2);
});

Deno.test("ledger: file writes, edits, failed edits and shell deletions, resolved against cwd", () => {
  const ledger = ledgerOf([
    call("w", "Write", { file_path: "/w/a.ts", content: "" }),
    result("w", "File created", { toolUseResult: { type: "create", filePath: "/w/a.ts" } }),
    call("e", "Edit", { file_path: "/w/b.ts", old_string: "a", new_string: "b" }),
    result("e", "String to replace not found", {}, true),
    call("n", "NotebookEdit", { notebook_path: "/w/n.ipynb", new_source: "x" }),
    result("n", "Updated"),
    call("r", "Bash", { command: "cd src && rm -f old.ts; echo hi > out.txt; mv x.ts y.ts" }),
    result("r", ""),
  ]);
  assert.deepEqual(
    ledger.files.map((f) => `${f.action} ${f.path} ${f.tool} ${f.ok}`),
    [
      "create /w/a.ts Write true",
      "edit /w/b.ts Edit false",
      "edit /w/n.ipynb NotebookEdit true",
      "delete /w/src/old.ts Bash true",
      "write /w/src/out.txt Bash true",
      "delete /w/src/x.ts Bash true",
      "write /w/src/y.ts Bash true",
    ],
  );
  assert.ok(ledger.files[0].seq < ledger.files[3].seq);
});

Deno.test("ledger: the last assistant text is the final message, after the last tool result", () => {
  const ledger = ledgerOf([
    { type: "assistant", message: { id: "m1", content: [{ type: "text", text: "Let me look." }] } },
    call("t1", "Bash", { command: "ls" }),
    result("t1", "a"),
    { type: "assistant", message: { id: "m2", content: [{ type: "text", text: "All done." }] } },
    { type: "assistant", message: { id: "m2", content: [{ type: "text", text: "Tests pass." }] } },
    {
      type: "assistant",
      isSidechain: true,
      message: { id: "s", content: [{ type: "text", text: "sub" }] },
    },
  ]);
  assert.equal(ledger.lastAssistantText, "All done.\n\nTests pass.");
});

Deno.test("ledger: usage is summed once per message id", () => {
  const usage = { input_tokens: 10, output_tokens: 5 };
  const ledger = ledgerOf([
    { type: "assistant", message: { id: "m1", usage, content: [{ type: "text", text: "a" }] } },
    { type: "assistant", message: { id: "m1", usage, content: [{ type: "text", text: "b" }] } },
    { type: "assistant", message: { id: "m2", usage, content: [] } },
  ]);
  assert.deepEqual(ledger.usage, { inputTokens: 20, outputTokens: 10 });
});

Deno.test("readLedger streams a file with a corrupt line, an unknown type and a partial last line", async () => {
  const path = await Deno.makeTempFile({ suffix: ".jsonl" });
  try {
    await Deno.writeTextFile(
      path,
      [
        JSON.stringify(call("t1", "Bash", { command: "cargo test" })),
        "not json",
        JSON.stringify({ type: "brand-new-entry", x: 1 }),
        JSON.stringify(result("t1", "test result: ok. 4 passed; 0 failed;")),
        '{"type":"assistant","message":{"content":[{"type":"te',
      ].join("\n"),
    );
    const ledger = await readLedger(path);
    assert.equal(ledger.checks[0].passed, 4);
    assert.equal(ledger.stats.malformed, 2);
    assert.equal(ledger.stats.partialLastLine, true);
    assert.deepEqual(ledger.stats.unknownTypes, { "brand-new-entry": 1 });
    await assert.rejects(readLedger(`${path}.missing`), /Cannot read the transcript/);
  } finally {
    await Deno.remove(path);
  }
});
