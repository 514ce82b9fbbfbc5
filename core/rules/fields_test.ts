import assert from "node:assert/strict";
import type { AgentEvent } from "../event.ts";
import { readField, textOf } from "./fields.ts";

const bash: AgentEvent = {
  hook_event_name: "PreToolUse",
  tool_name: "Bash",
  tool_input: { command: "ls -la" },
};
const write: AgentEvent = {
  hook_event_name: "PreToolUse",
  tool_name: "Write",
  tool_input: { file_path: "/p/.env", content: "KEY=1" },
};
const multi: AgentEvent = {
  hook_event_name: "PreToolUse",
  tool_name: "MultiEdit",
  tool_input: {
    file_path: "/p/a.ts",
    edits: [{ old_string: "a", new_string: "b" }, { old_string: "c", new_string: "d" }],
  },
};
const post: AgentEvent = {
  hook_event_name: "PostToolUse",
  tool_name: "Bash",
  tool_input: { command: "cat x" },
  tool_response: { stdout: "out", stderr: "err", interrupted: false },
};

Deno.test("readField: the salient text of each kind of event", () => {
  assert.equal(readField(bash, "text"), "ls -la");
  assert.equal(readField(write, "text"), "KEY=1");
  assert.equal(readField(multi, "text"), "b\nd");
  assert.equal(readField(post, "text"), "out\nerr\nfalse");
  assert.equal(readField({ hook_event_name: "UserPromptSubmit", prompt: "hi" }, "text"), "hi");
  assert.equal(
    readField({ hook_event_name: "Stop", last_assistant_message: "done" }, "text"),
    "done",
  );
});

Deno.test("readField: virtual and dotted fields", () => {
  assert.equal(readField(bash, "command"), "ls -la");
  assert.equal(readField(write, "command"), undefined);
  assert.equal(readField(write, "file_path"), "/p/.env");
  assert.equal(readField(write, "content"), "KEY=1");
  assert.equal(readField(post, "response"), "out\nerr\nfalse");
  assert.equal(readField(post, "tool_response.stdout"), "out");
  assert.equal(readField(post, "tool_response.missing"), undefined);
  assert.equal(readField(bash, "tool_name"), "Bash");
});

Deno.test("textOf flattens nested values and stops at depth", () => {
  assert.equal(textOf({ a: ["x", { b: 2 }], c: null }), "x\n2");
  let deep: unknown = "bottom";
  for (let i = 0; i < 20; i++) deep = { next: deep };
  assert.equal(textOf(deep), "");
});
