/**
 * Zod schemas of the learned memory's records, shared by the memory tools
 * (`immune_failures`, `immune_dashboard`).
 *
 * @module
 */

import { z } from "zod";
import { CATEGORIES } from "../verdict.ts";

/** The pattern sources (core/memory/types.ts). */
export const PATTERN_SOURCES = [
  "manual",
  "tool_failure",
  "stop_block",
  "grade",
  "rejection",
  "import",
] as const;

/** A learned failure pattern as listings show it (without its features). */
export const patternSummarySchema = z.object({
  id: z.string().describe("Stable pattern id"),
  category: z.enum(CATEGORIES),
  text: z.string().describe("The event's salient text, as seen (a command, a prompt, a claim)"),
  description: z.string().describe("What went wrong"),
  event: z.string().optional().describe("The hook event it came from"),
  tool: z.string().optional(),
  occurrences: z.number().int().describe("How many times it was recorded"),
  firstSeen: z.string().describe("ISO 8601"),
  lastSeen: z.string().describe("ISO 8601"),
  source: z.enum(PATTERN_SOURCES),
  scope: z.enum(["project", "global"]),
  cwd: z.string().optional().describe("The workspace, for project patterns"),
  evidence: z.string().optional().describe("A link to the evidence"),
  suggestion: z.string().optional().describe("What to do instead"),
});
