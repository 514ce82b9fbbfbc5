/**
 * `immune_check`: judges a prompt or a full agent event and returns the verdict.
 *
 * @module
 */

import { TaskorchError } from "../errors.ts";
import { type AgentEvent, parseEvent, promptEvent } from "../event.ts";
import { recordCheckWith } from "../memory/checks.ts";
import { eventSchema, verdictShape } from "./schemas.ts";
import { defineTool, READ_ONLY } from "./tool.ts";
import { z } from "zod";

/** The `immune_check` tool. */
export const immuneCheck = defineTool({
  name: "immune_check",
  title: "Check an action or prompt before acting",
  description: [
    "Check a planned action, a tool call, a tool result or a prompt against taskorch's rule packs",
    "and its memory of past agent failures, before you act on it.",
    "Pass either `prompt` (plain text to check) or `event` (a Claude Code hook payload, e.g.",
    '{"hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"rm -rf build"},"cwd":"/repo"}).',
    "Returns `decision` (allow | warn | ask | deny | block), `risk` from 0 to 1, the `findings` and",
    "`suggestions`. Follow the decision: on deny do not do it and read the suggestions; on ask get a",
    "human's approval first; on warn go ahead only after reading the findings.",
  ].join(" "),
  input: {
    prompt: z.string().optional().describe("Text to check, treated as a UserPromptSubmit event"),
    event: eventSchema.optional().describe("A full hook event; takes precedence over `prompt`"),
  },
  output: verdictShape,
  annotations: READ_ONLY,
  async run(args, { engine, withStore }) {
    let event: AgentEvent;
    if (args.event !== undefined) event = parseEvent(args.event);
    else if (args.prompt !== undefined) event = promptEvent(args.prompt);
    else {
      throw new TaskorchError(
        "INPUT_INVALID",
        'immune_check needs "prompt" (text) or "event" (a hook payload); neither was given',
      );
    }
    const verdict = await engine.evaluate(event);
    // Check recording (issue 5): counted by the dashboard; a failed write is only logged.
    const problem = await recordCheckWith(withStore, event, verdict, "mcp");
    if (problem) console.error(problem);
    return verdict;
  },
  summarize(verdict) {
    const head = `decision: ${verdict.decision} (risk ${verdict.risk})`;
    if (verdict.findings.length === 0) return `${head}; no findings`;
    const lines = verdict.findings.map((f) =>
      `- [${f.severity}] ${f.rule} (${f.category}): ${f.message}`
    );
    const tips = verdict.suggestions.map((s) => `suggestion: ${s}`);
    return [head, ...lines, ...tips].join("\n");
  },
});
