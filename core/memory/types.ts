/**
 * The learned memory's records, shared by recording, lookup, the dashboard and
 * export/import. Stored under the keys of `core/store_schema.ts`:
 * `["patterns", id]` → {@linkcode FailurePattern}, `["lsh", band, bucket]` → pattern ids,
 * `["checks", day, id]` → {@linkcode CheckRecord}.
 *
 * @module
 */

import type { Category, Decision } from "../verdict.ts";

/** Where a failure pattern came from. */
export type PatternSource =
  | "manual" // immune_record_failure, taskorch learn
  | "tool_failure" // PostToolUseFailure outcome
  | "stop_block" // a Stop the claims check blocked
  | "grade" // a failed grade (graders issue)
  | "rejection" // a human rejected an inbox item (inbox issue)
  | "import"; // memory import

/** Whether a pattern belongs to one workspace or to every project of the user. */
export type PatternScope = "project" | "global";

/** A learned failure pattern: one failure, however often it recurred. */
export interface FailurePattern {
  /** Stable id: a hash of the scope, category and normalized text. */
  id: string;
  /** One of the closed set of categories (DESIGN.md, contract 3). */
  category: Category;
  /** The event's salient text, as seen (a command, a prompt, a claim), cut to 2 KB. */
  text: string;
  /** What went wrong, in a sentence (the error, the finding's message, the user's words). */
  description: string;
  /** Normalized features the similarity is computed on (tokens, shingles; the memory's own). */
  features: string[];
  /** The event kind it came from: `PreToolUse`, `UserPromptSubmit`, ... */
  event?: string;
  /** The tool, for tool events. */
  tool?: string;
  /** How many times it was recorded. */
  occurrences: number;
  /** ISO 8601 times. */
  firstSeen: string;
  lastSeen: string;
  source: PatternSource;
  scope: PatternScope;
  /** The workspace, for project patterns. */
  cwd?: string;
  /** A link to the evidence: a transcript path and tool_use_id, an outcome key, a URL. */
  evidence?: string;
  /** What to do instead, shown with the warning. */
  suggestion?: string;
}

/** One judged event, for the dashboard's counts (written by the MCP tools and hooks). */
export interface CheckRecord {
  /** ISO 8601 time. */
  at: string;
  /** `PreToolUse`, `PostToolUse`, `UserPromptSubmit`, `Stop`, ... */
  event: string;
  tool?: string;
  session?: string;
  decision: Decision;
  risk: number;
  /** Rules and memory patterns that fired. */
  findings: { rule: string; category: Category }[];
  /** Which door it came through. */
  via: "hook" | "mcp" | "cli";
}
