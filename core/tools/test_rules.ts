/**
 * `rules_test` (the MCP tool): runs rule packs' inline tests, the packs in force or a pack given as
 * YAML text, and reports TP/TN/FP/FN per rule.
 *
 * @module
 */

import { z } from "zod";
import { loadPackText } from "../rules/load.ts";
import { liveGuardCheckers } from "../plugin/guard_checker.ts";
import { runRuleTests } from "../rules/test_runner.ts";
import { defineTool, READ_ONLY } from "./tool.ts";

const counts = { tp: z.number(), tn: z.number(), fp: z.number(), fn: z.number() };

/** The `rules_test` tool. */
export const rulesTest = defineTool({
  name: "rules_test",
  title: "Run rule packs' inline tests",
  description: [
    "Run the inline tests of rule packs: every `fire` case must fire and every `pass` case must not.",
    "With `pack_yaml`, tests that pack (YAML text of a pack you are writing) instead of the packs in",
    "force; a pack that does not validate comes back as an error naming line, column and rule.",
    "Returns TP/TN/FP/FN per rule and each failing case.",
  ].join(" "),
  input: {
    pack_yaml: z.string().optional().describe("A rule pack as YAML text"),
    rule: z.string().optional().describe("Only rules whose id starts with this"),
  },
  output: {
    ok: z.boolean(),
    totals: z.object({
      ...counts,
      rules: z.number(),
      untested: z.array(z.string()),
      skipped: z.array(z.string()),
    }),
    rules: z.array(z.object({
      rule: z.string(),
      pack: z.string(),
      ...counts,
      skipped: z.string().optional(),
      failures: z.array(z.object({
        kind: z.enum(["false_negative", "false_positive"]),
        test: z.string(),
        line: z.number(),
        message: z.string().optional(),
      })),
    })),
  },
  annotations: READ_ONLY,
  async run(args, { packs }) {
    const chosen = args.pack_yaml !== undefined
      ? [await loadPackText(args.pack_yaml, "pack_yaml", { cache: false })]
      : packs;
    // Rules with `plugin:` leaves are tested with the guard plugins this server runs.
    const report = await runRuleTests(
      chosen,
      args.rule ? (r) => r.id.startsWith(args.rule!) : undefined,
      liveGuardCheckers()[0],
    );
    return {
      ok: report.ok,
      totals: report.totals,
      rules: report.rules.map((r) => ({
        ...r,
        failures: r.failures.map((f) => ({
          kind: f.kind,
          test: f.test.name,
          line: f.test.at.line,
          message: f.message,
        })),
      })),
    };
  },
  summarize(result) {
    const t = result.totals;
    const bad = result.rules.filter((r) => r.failures.length > 0).map((r) =>
      `- ${r.rule}: ${r.failures.map((f) => `${f.kind} "${f.test}" (line ${f.line})`).join("; ")}`
    );
    return [
      `${t.rules} rules: TP ${t.tp} TN ${t.tn} FP ${t.fp} FN ${t.fn}; ${
        result.ok ? "all pass" : "FAILED"
      }`,
      ...bad,
    ]
      .join("\n");
  },
});
