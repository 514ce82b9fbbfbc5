/**
 * `immune_failures`: lists the learned failure patterns, filtered and ordered.
 *
 * @module
 */

import { z } from "zod";
import { TaskorchError } from "../errors.ts";
import { listPatterns } from "../memory/query.ts";
import { CATEGORIES } from "../verdict.ts";
import { PATTERN_SOURCES, patternSummarySchema } from "./memory_schemas.ts";
import { defineTool, READ_ONLY } from "./tool.ts";

/** The `immune_failures` tool. */
export const immuneFailures = defineTool({
  name: "immune_failures",
  title: "List learned failure patterns",
  description: [
    "List the failures taskorch has learned (its memory of past agent mistakes: failed tool calls,",
    "blocked false success claims, failures recorded with immune_record_failure, imported ones),",
    "most frequent first. Filter by `category`, `scope` (project or global), `source`, a text",
    "`query` (substring of the text, description, suggestion or tool), `since` (ISO date or an age",
    "like 7d) and `min_occurrences`; `sort` by occurrences, last_seen or first_seen. Use it before",
    "risky work to see which mistakes recur here, and read each pattern's `suggestion`.",
  ].join(" "),
  input: {
    category: z.enum(CATEGORIES).optional().describe("Only this category"),
    scope: z.enum(["project", "global"]).optional().describe("Only this scope"),
    source: z.enum(PATTERN_SOURCES).optional().describe("Only patterns from this source"),
    query: z.string().optional().describe("Case-insensitive text to look for"),
    since: z.string().optional().describe("Seen since: ISO 8601 date/time, or 90m, 12h, 7d, 2w"),
    min_occurrences: z.number().int().min(1).optional().describe("Recorded at least this often"),
    cwd: z.string().optional().describe("Only this workspace's project patterns (plus global)"),
    sort: z.enum(["occurrences", "last_seen", "first_seen"]).optional().describe(
      "Highest first; default occurrences",
    ),
    limit: z.number().int().min(1).max(500).optional().describe("At most this many (default 20)"),
  },
  output: {
    stored: z.number().int().describe("Patterns in the memory"),
    matching: z.number().int().describe("Patterns passing the filters, before limit"),
    patterns: z.array(patternSummarySchema),
  },
  annotations: READ_ONLY,
  async run(args, { withStore }) {
    if (!withStore) {
      throw new TaskorchError("STORE_OPEN_FAILED", "immune_failures: this server has no store");
    }
    return await withStore((store) =>
      listPatterns(store, {
        category: args.category,
        scope: args.scope,
        source: args.source,
        query: args.query,
        since: args.since,
        minOccurrences: args.min_occurrences,
        cwd: args.cwd,
        sort: args.sort,
        limit: args.limit,
      })
    );
  },
  summarize(result) {
    const head = `${result.matching} of ${result.stored} learned patterns match` +
      (result.patterns.length < result.matching ? ` (showing ${result.patterns.length})` : "");
    const lines = result.patterns.map((p) =>
      `- ${p.id} [${p.category}, ${p.scope}, ${p.source}] ×${p.occurrences}, last ${p.lastSeen}: ` +
      `${p.text.length > 120 ? `${p.text.slice(0, 117)}...` : p.text}` +
      (p.suggestion ? `\n  suggestion: ${p.suggestion}` : "")
    );
    return [head, ...lines].join("\n");
  },
});
