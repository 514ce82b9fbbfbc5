import assert from "node:assert/strict";
import { TaskorchError } from "./errors.ts";
import { parseEvent, promptEvent } from "./event.ts";

Deno.test("parseEvent keeps known fields and drops unknown ones", () => {
  const event = parseEvent({
    hook_event_name: "PreToolUse",
    session_id: "s1",
    cwd: "/repo",
    tool_name: "Bash",
    tool_input: { command: "ls" },
    tool_use_id: "t1",
    permission_mode: "default",
    id: 7,
    whatever: { nested: true },
  });
  assert.deepEqual(event, {
    hook_event_name: "PreToolUse",
    session_id: "s1",
    cwd: "/repo",
    tool_name: "Bash",
    tool_input: { command: "ls" },
    tool_use_id: "t1",
    permission_mode: "default",
  });
});

Deno.test("parseEvent accepts unknown event names and null optional fields", () => {
  const event = parseEvent({ hook_event_name: "FutureEvent", cwd: null, tool_response: null });
  assert.equal(event.hook_event_name, "FutureEvent");
  assert.equal(event.cwd, undefined);
  assert.equal(event.tool_response, null);
});

const invalid: [string, unknown, RegExp][] = [
  ["not an object", "text", /expected a JSON object, got string/],
  ["an array", [], /expected a JSON object, got array/],
  ["null", null, /got null/],
  ["no event name", { tool_name: "Bash" }, /"hook_event_name" is missing/],
  [
    "numeric event name",
    { hook_event_name: 3 },
    /"hook_event_name" must be a non-empty string, got number/,
  ],
  [
    "tool_input a string",
    { hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: "ls" },
    /"tool_input" must be an object, got string/,
  ],
  ["cwd a number", { hook_event_name: "Stop", cwd: 1 }, /"cwd" must be a string, got number/],
  [
    "stop_hook_active a string",
    { hook_event_name: "Stop", stop_hook_active: "yes" },
    /"stop_hook_active" must be a boolean/,
  ],
  [
    "PreToolUse without tool",
    { hook_event_name: "PreToolUse" },
    /a PreToolUse event needs "tool_name"/,
  ],
  ["prompt event without prompt", { hook_event_name: "UserPromptSubmit" }, /needs "prompt"/],
];

for (const [name, input, message] of invalid) {
  Deno.test(`parseEvent rejects ${name} with EVENT_INVALID`, () => {
    assert.throws(() => parseEvent(input), (error: unknown) => {
      assert.ok(error instanceof TaskorchError);
      assert.equal(error.code, "EVENT_INVALID");
      assert.match(error.message, message);
      return true;
    });
  });
}

Deno.test("promptEvent builds a UserPromptSubmit event", () => {
  assert.deepEqual(promptEvent("hi", { cwd: "/r" }), {
    cwd: "/r",
    hook_event_name: "UserPromptSubmit",
    prompt: "hi",
  });
});
