/**
 * Zod schemas shared by the MCP tools' inputs and outputs.
 *
 * @module
 */

import { z } from "zod";
import { CATEGORIES, DECISIONS, SEVERITIES } from "../verdict.ts";

/** A finding, as tools return it. */
export const findingSchema = z.object({
  rule: z.string().describe("Id of the rule, memory pattern or guard that fired"),
  category: z.enum(CATEGORIES),
  severity: z.enum(SEVERITIES),
  message: z.string().describe("What was noticed, written for the agent"),
  action: z.enum(DECISIONS).optional().describe("The decision this finding asks for"),
  confidence: z.number().min(0).max(1).optional(),
  suggestion: z.string().optional().describe("What to do instead"),
  source: z.enum(["rule", "evidence", "memory", "guard"]).optional(),
});

/** The verdict shape (DESIGN.md): decision, risk, findings, suggestions. */
export const verdictShape = {
  decision: z.enum(DECISIONS).describe(
    "allow: go ahead. warn: go ahead carefully, read the findings. ask: a human must approve first. deny: do not do it. block: do not stop yet, keep working.",
  ),
  risk: z.number().min(0).max(1).describe("Combined risk, 0 (nothing found) to 1"),
  findings: z.array(findingSchema),
  suggestions: z.array(z.string()),
};

/** A hook event, loosely: the engine validates it precisely. */
export const eventSchema = z.looseObject({
  hook_event_name: z.string().describe(
    "PreToolUse, PostToolUse, PostToolUseFailure, UserPromptSubmit, Stop, SubagentStop, ...",
  ),
  tool_name: z.string().optional(),
  tool_input: z.record(z.string(), z.unknown()).optional(),
  tool_response: z.unknown().optional(),
  prompt: z.string().optional(),
  last_assistant_message: z.string().optional(),
  cwd: z.string().optional(),
  session_id: z.string().optional(),
  transcript_path: z.string().optional(),
});
