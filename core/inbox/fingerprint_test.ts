import assert from "node:assert/strict";
import type { AgentEvent } from "../event.ts";
import { eventFingerprint } from "./fingerprint.ts";
import { parseId, randomId } from "./short_id.ts";

const BASE: AgentEvent = {
  hook_event_name: "PreToolUse",
  tool_name: "Bash",
  tool_input: { command: "rm -rf build", timeout: 5000 },
  cwd: "/w",
};

Deno.test("fingerprint: the same action matches, a different one does not", async () => {
  const base = await eventFingerprint(BASE);
  const same: AgentEvent[] = [
    { ...BASE, session_id: "other", tool_use_id: "toolu_2", hook_event_name: "PermissionRequest" },
    { ...BASE, tool_input: { timeout: 5000, command: "rm -rf build" } },
    { ...BASE, tool_input: { ...BASE.tool_input, description: "clean up" } },
    {
      ...BASE,
      tool_input: { command: "  rm -rf build\n", timeout: 5000, run_in_background: null },
    },
    { ...BASE, cwd: "/w/" },
  ];
  for (const event of same) {
    assert.equal(await eventFingerprint(event), base, JSON.stringify(event));
  }
  const different: AgentEvent[] = [
    { ...BASE, tool_input: { command: "rm -rf  build", timeout: 5000 } },
    { ...BASE, tool_input: { command: "rm -rf build", timeout: 6000 } },
    { ...BASE, tool_input: { command: "rm -rf build" } },
    { ...BASE, tool_name: "Shell" },
    { ...BASE, cwd: "/other" },
    { ...BASE, tool_input: { ...BASE.tool_input, nested: { description: "kept below the top" } } },
  ];
  for (const event of different) {
    assert.notEqual(await eventFingerprint(event), base, JSON.stringify(event));
  }
});

Deno.test("short ids: random ones parse back; typed ones are read forgivingly", () => {
  for (let i = 0; i < 100; i++) {
    const id = randomId();
    assert.equal(parseId(`#${id.toLowerCase()}`), id);
  }
  const table: [string, string][] = [["#7f3k", "7F3K"], [" 7F3K ", "7F3K"], ["OILo", "0110"]];
  for (const [typed, id] of table) assert.equal(parseId(typed), id);
  for (const bad of ["", "#", "7F3", "7F3K!", "UUUU", "123456789"]) {
    assert.throws(() => parseId(bad), /is not an inbox id/, bad);
  }
});
