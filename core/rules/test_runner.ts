/**
 * Runs rules' inline tests, Semgrep-style: every `fire` case must fire and every `pass`
 * case must not. Counts per rule: true positives, true negatives, false positives, false
 * negatives.
 *
 * @module
 */

import { applies, interpolate, matchRule } from "./checker.ts";
import { TEST_PLACES } from "./pack.ts";
import { matchWithPlugins, type PluginHost } from "./plugin_rules.ts";
import type { Pack, Rule, RuleTest } from "./types.ts";

/** One failed inline test. */
export interface TestFailure {
  /** The case. */
  test: RuleTest;
  /** `false_negative`: should have fired; `false_positive`: should not have. */
  kind: "false_negative" | "false_positive";
  /** The message the rule produced, for a false positive. */
  message?: string;
}

/** Results for one rule. */
export interface RuleTestResult {
  rule: string;
  pack: string;
  tp: number;
  tn: number;
  fp: number;
  fn: number;
  failures: TestFailure[];
  /** Why the rule's tests did not run (a plugin it uses is not available here). */
  skipped?: string;
}

/** Results for a set of packs. */
export interface TestReport {
  rules: RuleTestResult[];
  totals: {
    tp: number;
    tn: number;
    fp: number;
    fn: number;
    rules: number;
    untested: string[];
    /** Rules whose tests could not run here (their plugins are not configured). */
    skipped: string[];
  };
  ok: boolean;
}

/**
 * Runs one rule's tests. A rule with `plugin:` leaves needs a host that runs its plugins;
 * without one (or with its plugins not ready) its tests are skipped, saying why.
 */
export async function testRule(rule: Rule, host?: PluginHost): Promise<RuleTestResult> {
  const result: RuleTestResult = {
    rule: rule.id,
    pack: rule.pack,
    tp: 0,
    tn: 0,
    fp: 0,
    fn: 0,
    failures: [],
  };
  if (rule.plugins.length > 0) {
    const absent = rule.plugins.filter((name) => host?.presence(name) !== "ready");
    if (absent.length > 0) {
      result.skipped = `plugin ${
        absent.map((a) => `"${a}"`).join(", ")
      } is not configured (add it under plugins: in .taskorch/config.yaml)`;
      return result;
    }
  }
  for (const test of rule.tests) {
    let captures;
    if (rule.plugins.length === 0) captures = matchRule(rule, test.event, TEST_PLACES);
    else if (!applies(rule, test.event)) captures = null;
    else {
      const places = { ...TEST_PLACES, cwd: test.event.cwd ?? TEST_PLACES.cwd };
      const outcome = await matchWithPlugins(
        rule,
        { event: test.event, places, cache: new Map() },
        host!,
      );
      if (outcome.unavailable) {
        result.skipped = `${outcome.unavailable.message} (test "${test.name}")`;
        return result;
      }
      captures = outcome.captures;
    }
    if (test.expect === "fire") {
      if (captures) result.tp++;
      else {
        result.fn++;
        result.failures.push({ test, kind: "false_negative" });
      }
    } else if (captures) {
      result.fp++;
      result.failures.push({
        test,
        kind: "false_positive",
        message: interpolate(rule.message, captures),
      });
    } else result.tn++;
  }
  return result;
}

/**
 * Runs every rule's tests.
 *
 * @example
 * ```ts
 * import { runRuleTests } from "./test_runner.ts";
 * const report = await runRuleTests([]);
 * console.assert(report.ok && report.totals.rules === 0);
 * ```
 */
export async function runRuleTests(
  packs: readonly Pack[],
  only?: (rule: Rule) => boolean,
  host?: PluginHost,
): Promise<TestReport> {
  const rules = packs.flatMap((p) => p.rules).filter((r) => !only || only(r));
  const results: RuleTestResult[] = [];
  for (const rule of rules) results.push(await testRule(rule, host));
  const totals = {
    tp: 0,
    tn: 0,
    fp: 0,
    fn: 0,
    rules: results.length,
    untested: [] as string[],
    skipped: [] as string[],
  };
  for (const [i, r] of results.entries()) {
    totals.tp += r.tp;
    totals.tn += r.tn;
    totals.fp += r.fp;
    totals.fn += r.fn;
    if (r.skipped !== undefined) totals.skipped.push(r.rule);
    else if (rules[i].tests.filter((t) => t.expect === "fire").length === 0) {
      totals.untested.push(r.rule);
    }
  }
  return {
    rules: results,
    totals,
    ok: totals.fp === 0 && totals.fn === 0 && totals.untested.length === 0,
  };
}
