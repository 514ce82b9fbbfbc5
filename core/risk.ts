/**
 * Turns findings into a verdict: the decision is the strictest any finding asks for,
 * and the risk combines every finding's severity and confidence.
 *
 * @module
 */

import { type Decision, DECISIONS, type Finding, type Severity, type Verdict } from "./verdict.ts";

/** The weight of each severity in the combined risk. */
const SEVERITY_WEIGHT: Record<Severity, number> = {
  low: 0.1,
  medium: 0.3,
  high: 0.6,
  critical: 0.9,
};

/** The decision a finding asks for when it names none. */
const DEFAULT_ACTION: Record<Severity, Decision> = {
  low: "warn",
  medium: "warn",
  high: "ask",
  critical: "deny",
};

/** Returns the decision a finding asks for: its own `action`, or one derived from severity. */
export function actionOf(finding: Finding): Decision {
  return finding.action ?? DEFAULT_ACTION[finding.severity];
}

/** Returns the stricter of two decisions. */
export function stricter(a: Decision, b: Decision): Decision {
  return DECISIONS.indexOf(a) >= DECISIONS.indexOf(b) ? a : b;
}

/**
 * Combines findings into a verdict. Risk is `1 - Π(1 - weight(severity) × confidence)`,
 * so independent findings add up without ever passing 1.
 *
 * @example
 * ```ts
 * import { verdictOf } from "./risk.ts";
 * const verdict = verdictOf([
 *   { rule: "fs.rm-root", category: "destructive_command", severity: "critical", message: "rm -rf /" },
 * ]);
 * console.assert(verdict.decision === "deny");
 * ```
 */
export function verdictOf(findings: readonly Finding[]): Verdict {
  let decision: Decision = "allow";
  let safe = 1;
  for (const finding of findings) {
    decision = stricter(decision, actionOf(finding));
    const confidence = Math.min(1, Math.max(0, finding.confidence ?? 1));
    safe *= 1 - SEVERITY_WEIGHT[finding.severity] * confidence;
  }
  const sorted = [...findings].sort((a, b) =>
    DECISIONS.indexOf(actionOf(b)) - DECISIONS.indexOf(actionOf(a))
  );
  const suggestions = [
    ...new Set(sorted.flatMap((f) => (f.suggestion ? [f.suggestion] : []))),
  ];
  return {
    decision,
    risk: Math.round((1 - safe) * 1000) / 1000,
    findings: sorted,
    suggestions,
  };
}
