/**
 * `rules_list`: the rules in force, filtered by pack, category or event.
 *
 * @module
 */

import { z } from "zod";
import { CATEGORIES, DECISIONS, SEVERITIES } from "../verdict.ts";
import { defineTool, READ_ONLY } from "./tool.ts";

/** The `rules_list` tool. */
export const rulesList = defineTool({
  name: "rules_list",
  title: "List the rules in force",
  description: [
    "List the rules taskorch enforces (built-in packs plus the operator's packs), optionally only",
    "one pack, category or hook event. Use it to learn why an action was denied or which kinds of",
    "failure are guarded against.",
  ].join(" "),
  input: {
    pack: z.string().optional().describe("Only this pack id, e.g. destructive"),
    category: z.enum(CATEGORIES).optional(),
    event: z.string().optional().describe("Only rules for this hook event, e.g. PreToolUse"),
  },
  output: {
    packs: z.array(
      z.object({ id: z.string(), version: z.string(), description: z.string(), rules: z.number() }),
    ),
    rules: z.array(z.object({
      id: z.string(),
      pack: z.string(),
      category: z.enum(CATEGORIES),
      severity: z.enum(SEVERITIES),
      action: z.enum(DECISIONS).nullable(),
      events: z.array(z.string()),
      tools: z.array(z.string()),
      message: z.string(),
    })),
  },
  annotations: READ_ONLY,
  run(args, { packs }) {
    const rules = packs.flatMap((p) => p.rules).filter((r) =>
      (!args.pack || r.pack === args.pack) && (!args.category || r.category === args.category) &&
      (!args.event || r.events.includes(args.event))
    );
    return Promise.resolve({
      packs: packs.map((p) => ({
        id: p.id,
        version: p.version,
        description: p.description,
        rules: p.rules.length,
      })),
      rules: rules.map((r) => ({
        id: r.id,
        pack: r.pack,
        category: r.category,
        severity: r.severity,
        action: r.action ?? null,
        events: r.events,
        tools: r.tools,
        message: r.message,
      })),
    });
  },
  summarize(result) {
    return [
      `${result.rules.length} rules`,
      ...result.rules.map((r) => `- ${r.id} (${r.category}, ${r.severity}): ${r.message}`),
    ].join("\n");
  },
});
