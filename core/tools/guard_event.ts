/**
 * `guard_event`: judges a full hook event and returns the verdict plus the hook output
 * Claude Code would get, for agents and harnesses that are not Claude Code hooks.
 *
 * @module
 */

import { z } from "zod";
import { parseEvent } from "../event.ts";
import { hookOutput } from "../hook_output.ts";
import { recordCheckWith } from "../memory/checks.ts";
import { eventSchema, verdictShape } from "./schemas.ts";
import { defineTool, READ_ONLY } from "./tool.ts";

/** The `guard_event` tool. */
export const guardEvent = defineTool({
  name: "guard_event",
  title: "Guard one agent event",
  description: [
    "Judge one agent event (a Claude Code hook payload: PreToolUse before a tool runs, PostToolUse",
    "with the tool's result, UserPromptSubmit, Stop with the final message) and return the verdict",
    "together with `hook_output`, the exact JSON a Claude Code hook would print for it. Use it from",
    "agents or harnesses that cannot run hooks: call it before each tool call and after each tool",
    "result, and obey `decision` (deny: do not run it; ask: get a human's approval; block: keep working).",
  ].join(" "),
  input: { event: eventSchema.describe("The hook payload") },
  output: {
    ...verdictShape,
    hook_output: z.record(z.string(), z.unknown()).describe("Claude Code hook output JSON"),
  },
  annotations: READ_ONLY,
  async run(args, { engine, withStore }) {
    const event = parseEvent(args.event);
    const verdict = await engine.evaluate(event);
    // Check recording (issue 5): counted by the dashboard; a failed write is only logged.
    const problem = await recordCheckWith(withStore, event, verdict, "mcp");
    if (problem) console.error(problem);
    return { ...verdict, hook_output: hookOutput(event, verdict) as Record<string, unknown> };
  },
  summarize(result) {
    const lines = [`decision: ${result.decision} (risk ${result.risk})`];
    for (const f of result.findings) lines.push(`- [${f.severity}] ${f.rule}: ${f.message}`);
    return lines.join("\n");
  },
});
