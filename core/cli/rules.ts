/**
 * `taskorch rules list|test|lint [PACK...]`: see the rules in force, run packs' inline
 * tests Semgrep-style, or only validate packs.
 *
 * @module
 */

import { errorMessage, TaskorchError } from "../errors.ts";
import { loadConfig } from "../config.ts";
import type { GuardChecker } from "../plugin/guard_checker.ts";
import { loadPack } from "../rules/load.ts";
import { runRuleTests, type TestReport } from "../rules/test_runner.ts";
import type { Pack } from "../rules/types.ts";
import { createRuntime } from "../runtime.ts";
import { type CliIO, type Command, parseFlags, write } from "./args.ts";

async function packsFor(paths: string[], io: CliIO): Promise<{ packs: Pack[]; failed: number }> {
  if (paths.length === 0) {
    const runtime = await createRuntime({ cwd: Deno.cwd() });
    for (const problem of runtime.problems) await write(io.stderr, `taskorch rules: ${problem}\n`);
    return { packs: runtime.packs, failed: runtime.problems.length };
  }
  const packs: Pack[] = [];
  let failed = 0;
  for (const path of paths) {
    try {
      packs.push(await loadPack(path, { cache: false }));
    } catch (error) {
      failed++;
      await write(io.stderr, `${errorMessage(error)}\n`);
    }
  }
  return { packs, failed };
}

/**
 * The guard plugins that rules with `plugin:` leaves need, from the config in force here;
 * none when no rule uses a plugin (nothing of the plugin host is loaded then).
 */
async function pluginHostFor(packs: Pack[]): Promise<GuardChecker | undefined> {
  const names = [...new Set(packs.flatMap((p) => p.rules).flatMap((r) => r.plugins))];
  if (names.length === 0) return undefined;
  const config = await loadConfig(Deno.cwd());
  if (!config.plugins.some((p) => p.kind === "guard")) return undefined;
  const { createGuardChecker } = await import("../plugin/guard_checker.ts");
  return createGuardChecker({ plugins: config.plugins, cwd: Deno.cwd(), ruleOnly: names });
}

/** Formats a test report as text, one line per rule plus failures. */
export function formatReport(report: TestReport): string {
  const lines: string[] = [];
  for (const r of report.rules) {
    const mark = r.fp + r.fn === 0 ? "ok  " : "FAIL";
    lines.push(`${mark} ${r.rule.padEnd(44)} TP ${r.tp}  TN ${r.tn}  FP ${r.fp}  FN ${r.fn}`);
    for (const f of r.failures) {
      const where = `${f.test.at.file}:${f.test.at.line}:${f.test.at.column}`;
      lines.push(
        f.kind === "false_negative"
          ? `       missed (should fire): ${JSON.stringify(f.test.name)} at ${where}`
          : `       fired (should pass):  ${JSON.stringify(f.test.name)} at ${where}: ${f.message}`,
      );
    }
  }
  for (const id of report.totals.untested) lines.push(`FAIL ${id}: no fire test`);
  for (const r of report.rules) {
    if (r.skipped !== undefined) lines.push(`skip ${r.rule}: ${r.skipped}`);
  }
  const t = report.totals;
  lines.push(
    `${t.rules} rules: TP ${t.tp}  TN ${t.tn}  FP ${t.fp}  FN ${t.fn}${
      t.skipped.length > 0 ? `  (${t.skipped.length} skipped)` : ""
    }  ${
      report.ok && t.rules > 0 ? "all tests pass" : t.rules === 0 ? "no rules tested" : "FAILED"
    }`,
  );
  return lines.join("\n") + "\n";
}

/** The `rules` command. */
export const rulesCommand: Command = {
  name: "rules",
  help: `Usage: taskorch rules list [PACK...] [--json]
       taskorch rules test [PACK...] [--json] [--rule ID]
       taskorch rules lint PACK...

With no PACK, works on the packs in force here: the built-in packs and those your
~/.taskorch/config.yaml and ./.taskorch/config.yaml add.

  list   one line per rule: id, category, severity, action, events, tools
  test   runs every rule's inline tests: each "fire" case must fire and each "pass"
         case must not; prints TP/TN/FP/FN per rule and exits 1 on any failure
  lint   loads and validates the packs (YAML, schema, regexes, fields); exits 1 on
         the first problem in each, naming file, line, column and rule

Options:
  --json      Machine-readable output
  --rule ID   test: only this rule (repeatable prefix match: --rule git.)
  -h, --help  Show this help
`,
  async run(args, io) {
    const { values, positionals } = parseFlags("rules", args, {
      json: { type: "boolean" },
      rule: { type: "string" },
    }, true);
    if (values.help) return await write(io.stdout, this.help), 0;
    const [action, ...paths] = positionals;
    if (!["list", "test", "lint"].includes(action ?? "")) {
      throw new TaskorchError(
        "CLI_USAGE",
        `taskorch rules: say list, test or lint${action ? `, not "${action}"` : ""}`,
      );
    }
    if (action === "lint" && paths.length === 0) {
      throw new TaskorchError("CLI_USAGE", "taskorch rules lint: name the pack files to lint");
    }
    const { packs, failed } = await packsFor(paths, io);
    if (action === "lint") {
      for (const pack of packs) {
        await write(
          io.stdout,
          `ok   ${pack.source}: ${pack.id} ${pack.version}, ${pack.rules.length} rules\n`,
        );
      }
      return failed > 0 ? 1 : 0;
    }
    if (action === "list") {
      const rules = packs.flatMap((p) => p.rules);
      if (values.json) {
        const out = rules.map((r) => ({
          id: r.id,
          pack: r.pack,
          category: r.category,
          severity: r.severity,
          confidence: r.confidence,
          action: r.action ?? null,
          events: r.events,
          tools: r.tools,
          message: r.message,
        }));
        await write(io.stdout, JSON.stringify(out, null, 2) + "\n");
      } else {
        for (const r of rules) {
          const action = r.action ?? "(by severity)";
          await write(
            io.stdout,
            `${r.id.padEnd(44)} ${r.category.padEnd(20)} ${r.severity.padEnd(8)} ${
              action.padEnd(13)
            } ${r.events.join(",")} ${r.tools.join(",") || "*"}\n`,
          );
        }
        await write(io.stdout, `${rules.length} rules in ${packs.length} packs\n`);
      }
      return failed > 0 ? 1 : 0;
    }
    const prefix = values.rule as string | undefined;
    const host = await pluginHostFor(packs);
    let report: TestReport;
    try {
      report = await runRuleTests(
        packs,
        prefix ? (r) => r.id.startsWith(prefix) : undefined,
        host,
      );
    } finally {
      await host?.close();
    }
    if (values.json) {
      const out = {
        ok: report.ok && failed === 0,
        totals: report.totals,
        rules: report.rules.map((r) => ({
          ...r,
          failures: r.failures.map((f) => ({
            kind: f.kind,
            test: f.test.name,
            at: f.test.at,
            message: f.message,
          })),
        })),
      };
      await write(io.stdout, JSON.stringify(out, null, 2) + "\n");
    } else {
      await write(io.stdout, formatReport(report));
      if (failed > 0) {
        await write(io.stdout, `FAILED: ${failed} pack(s) did not load (see above)\n`);
      }
    }
    return report.ok && failed === 0 ? 0 : 1;
  },
};
