import assert from "node:assert/strict";
import { type Checker, createEngine } from "../engine.ts";
import { checkJsonl } from "./check.ts";

const toy: Checker = {
  name: "toy",
  check: (event) =>
    String(event.tool_input?.command ?? "").startsWith("rm -rf /")
      ? [{ rule: "toy.rm", category: "destructive_command", severity: "critical", message: "no" }]
      : [],
};

async function run(input: string): Promise<{ out: unknown[]; summary: unknown }> {
  let text = "";
  const decoder = new TextDecoder();
  const output = new WritableStream<Uint8Array>({
    write: (c) => void (text += decoder.decode(c, { stream: true })),
  });
  const summary = await checkJsonl(
    createEngine({ checkers: [toy] }),
    new Response(input).body!,
    output,
  );
  return { out: text.trimEnd().split("\n").map((l) => JSON.parse(l)), summary };
}

Deno.test("check --jsonl: one line out per line in, in order, malformed lines reported", async () => {
  const input = [
    JSON.stringify({
      id: "a",
      hook_event_name: "PreToolUse",
      tool_name: "Bash",
      tool_input: { command: "ls" },
    }),
    "{not json",
    JSON.stringify({
      id: "b",
      hook_event_name: "PreToolUse",
      tool_name: "Bash",
      tool_input: { command: "rm -rf /" },
    }),
    "",
    JSON.stringify({ hook_event_name: "PreToolUse" }),
    JSON.stringify({ hook_event_name: "UserPromptSubmit", prompt: "hi" }),
  ].join("\n") + "\n";
  const { out, summary } = await run(input);
  assert.equal(out.length, 6);
  assert.deepEqual(out[0], { id: "a", decision: "allow", risk: 0, findings: [] });
  assert.equal((out[1] as { line: number }).line, 2);
  assert.match((out[1] as { error: string }).error, /not JSON/);
  assert.deepEqual(out[2], {
    id: "b",
    decision: "deny",
    risk: 0.9,
    findings: [{
      rule: "toy.rm",
      category: "destructive_command",
      severity: "critical",
      message: "no",
    }],
  });
  assert.deepEqual(out[3], { line: 4, error: "empty line" });
  assert.match((out[4] as { error: string }).error, /needs "tool_name"/);
  assert.equal((out[5] as { id: unknown }).id, null);
  assert.deepEqual(summary, { checked: 3, errors: 3, strictest: "deny" });
});
