/**
 * Runs rules' inline tests, Semgrep-style: every `fire` case must fire and every `pass`
 * case must not. Counts per rule: true positives, true negatives, false positives, false
 * negatives.
 *
 * @module
 */

import { interpolate, matchRule } from "./checker.ts";
import { TEST_PLACES } from "./pack.ts";
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
}

/** Results for a set of packs. */
export interface TestReport {
  rules: RuleTestResult[];
  totals: { tp: number; tn: number; fp: number; fn: number; rules: number; untested: string[] };
  ok: boolean;
}

/** Runs one rule's tests. */
export function testRule(rule: Rule): RuleTestResult {
  const result: RuleTestResult = {
    rule: rule.id,
    pack: rule.pack,
    tp: 0,
    tn: 0,
    fp: 0,
    fn: 0,
    failures: [],
  };
  for (const test of rule.tests) {
    const captures = matchRule(rule, test.event, TEST_PLACES);
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
 * const report = runRuleTests([]);
 * console.assert(report.ok && report.totals.rules === 0);
 * ```
 */
export function runRuleTests(packs: readonly Pack[], only?: (rule: Rule) => boolean): TestReport {
  const rules = packs.flatMap((p) => p.rules).filter((r) => !only || only(r));
  const results = rules.map(testRule);
  const totals = { tp: 0, tn: 0, fp: 0, fn: 0, rules: results.length, untested: [] as string[] };
  for (const [i, r] of results.entries()) {
    totals.tp += r.tp;
    totals.tn += r.tn;
    totals.fp += r.fp;
    totals.fn += r.fn;
    if (rules[i].tests.filter((t) => t.expect === "fire").length === 0) {
      totals.untested.push(r.rule);
    }
  }
  return {
    rules: results,
    totals,
    ok: totals.fp === 0 && totals.fn === 0 && totals.untested.length === 0,
  };
}
