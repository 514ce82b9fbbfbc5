import assert from "node:assert/strict";
import { replayTranscript } from "./replay.ts";

const FIXTURE = new URL("../../tests/fixtures/scan/session.jsonl", import.meta.url).pathname;

Deno.test("replayTranscript turns a session into the hook events Claude Code sends", async () => {
  const events = [];
  for await (const { event } of replayTranscript(FIXTURE)) events.push(event);
  assert.deepEqual(
    events.map((e) => `${e.hook_event_name} ${e.tool_name ?? ""}`.trim()),
    [
      "UserPromptSubmit",
      "PreToolUse Bash",
      "PostToolUse Bash",
      "PreToolUse WebFetch",
      "PostToolUse WebFetch",
      "PreToolUse Bash",
      "PostToolUseFailure Bash",
      "Stop",
    ],
  );
  for (const e of events) {
    assert.equal(e.session_id, "5f3c2a1e-0b7d-4c1e-9a55-2d8e3f6a7b90");
    assert.equal(e.cwd, "/home/user/project");
    assert.equal(e.transcript_path, FIXTURE);
  }
  assert.equal(events[0].prompt, "Clean the build folders and push the fix");
  assert.deepEqual(events[1].tool_input?.command, "rm -rf dist build");
  assert.equal(events[2].tool_use_id, "toolu_1");
  assert.match(String((events[4].tool_response as { result: string }).result), /ignore all/);
  assert.deepEqual(events[6].tool_input, { command: "git push --force origin main" });
  assert.match(events[7].last_assistant_message ?? "", /^The build folders are cleaned/);
  assert.equal(events[7].stop_hook_active, false);
});
