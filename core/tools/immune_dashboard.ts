/**
 * `immune_dashboard`: what taskorch judged and learned over the last days, as JSON
 * (structuredContent) and markdown (the text).
 *
 * @module
 */

import { z } from "zod";
import { TaskorchError } from "../errors.ts";
import { computeDashboard, MAX_DAYS } from "../memory/dashboard.ts";
import { renderDashboard } from "../memory/dashboard_markdown.ts";
import { patternSummarySchema } from "./memory_schemas.ts";
import { defineTool, READ_ONLY } from "./tool.ts";

const counts = z.record(z.string(), z.number().int());

/** The `immune_dashboard` tool. */
export const immuneDashboard = defineTool({
  name: "immune_dashboard",
  title: "Dashboard of checks, failures and learned patterns",
  description: [
    "Summarize what taskorch judged and learned over the last `days` UTC days (default 7): checks",
    "by decision (allow, warn, ask, deny, block), by hook event and by category; the rules that",
    "fired most; the learned failure patterns seen most; tool failures; a per-day trend; and how",
    "many flagged events were prevented (none of their rules fired again later in the same",
    "session, plus human rejections). Every figure is counted from stored records. The text is",
    "markdown for a person; `structuredContent` holds the same figures as JSON.",
  ].join(" "),
  input: {
    days: z.number().int().min(1).max(MAX_DAYS).optional().describe(
      "UTC days covered, ending today (default 7)",
    ),
    top: z.number().int().min(1).max(100).optional().describe(
      "Top rules and patterns shown (default 10)",
    ),
  },
  output: {
    window: z.object({
      days: z.number().int(),
      from: z.string().describe("First UTC day, YYYY-MM-DD"),
      to: z.string().describe("Last UTC day (today)"),
      generatedAt: z.string(),
    }),
    checks: z.object({
      total: z.number().int(),
      byDecision: counts,
      byEvent: counts,
      byVia: counts.describe("Door: hook, mcp, cli"),
      byCategory: counts.describe("Checks with at least one finding of the category"),
      flagged: z.number().int().describe("Checks whose decision was not allow"),
      topRules: z.array(
        z.object({ rule: z.string(), category: z.string(), count: z.number().int() }),
      ),
    }),
    patterns: z.object({
      stored: z.number().int(),
      newInWindow: z.number().int(),
      seenInWindow: z.number().int(),
      byCategory: counts,
      bySource: counts,
      top: z.array(
        patternSummarySchema.extend({
          matchedInWindow: z.number().int().describe("Checks its memory finding fired in"),
        }),
      ),
    }),
    prevented: z.object({
      total: z.number().int().describe("held + humanRejections"),
      held: z.number().int().describe("Flagged events whose rules did not fire again in session"),
      recurred: z.number().int().describe("Flagged events whose rule fired again in session"),
      undetermined: z.number().int().describe("Flagged events without a session id"),
      humanRejections: z.number().int(),
    }),
    failures: z.number().int().describe("Tool failures the hooks recorded"),
    trend: z.array(z.object({
      day: z.string(),
      checks: z.number().int(),
      decisions: counts,
      failures: z.number().int(),
      newPatterns: z.number().int(),
    })),
    journal: z.object({
      folded: z.number().int(),
      files: z.number().int(),
      waiting: z.number().int(),
      malformed: z.array(z.string()),
    }).optional().describe("Folding the hooks' check journal into the store, done first"),
  },
  // It folds the hooks' check journal into the store: bookkeeping, not a change a client sees.
  annotations: READ_ONLY,
  async run(args, { withStore }) {
    if (!withStore) {
      throw new TaskorchError("STORE_OPEN_FAILED", "immune_dashboard: this server has no store");
    }
    return await withStore((store) => computeDashboard(store, { days: args.days, top: args.top }));
  },
  summarize(result) {
    return renderDashboard(result);
  },
});
