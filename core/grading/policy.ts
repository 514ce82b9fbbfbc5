/**
 * The overall verdict of several graders under a policy: `all` must pass, `any` one must,
 * `weighted` mean score at least a threshold, `required` the named graders must pass (the
 * others only inform). A grader that failed to grade is ignored or counted as a fail
 * (`on_error`); a skipped one (its inputs were absent) is ignored.
 *
 * @module
 */

import type { GradePolicy, GradersConfig } from "./config.ts";

/** What a policy needs of each grader's outcome. */
export interface PolicyInput {
  /** The grader. */
  grader: string;
  /** `graded`, `error` (failed to grade) or `skipped`. */
  status: "graded" | "error" | "skipped";
  /** Its pass. */
  pass: boolean;
  /** Its score. */
  score: number;
}

/** The overall verdict. */
export interface PolicyVerdict {
  /** Whether the output passes. */
  pass: boolean;
  /** The weighted mean score of the graders that counted (1 when none counted). */
  score: number;
  /** Why, in one sentence. */
  reason: string;
}

/**
 * Combines outcomes under the configured policy.
 *
 * @example
 * ```ts
 * import { applyPolicy } from "./policy.ts";
 * import { defaultGradersConfig } from "./config.ts";
 * const outcomes = [
 *   { grader: "a", status: "graded" as const, pass: true, score: 1 },
 *   { grader: "b", status: "graded" as const, pass: false, score: 0.6 },
 * ];
 * console.assert(!applyPolicy(outcomes, defaultGradersConfig()).pass);
 * console.assert(applyPolicy(outcomes, { ...defaultGradersConfig(), policy: "any" }).pass);
 * ```
 */
export function applyPolicy(
  outcomes: readonly PolicyInput[],
  config: Pick<GradersConfig, "policy" | "threshold" | "weights" | "required" | "onError">,
  policy: GradePolicy = config.policy,
): PolicyVerdict {
  const counted = outcomes.filter((o) =>
    o.status === "graded" || (o.status === "error" && config.onError === "fail")
  );
  const weight = (name: string) => config.weights[name] ?? 1;
  const total = counted.reduce((sum, o) => sum + weight(o.grader), 0);
  const score = total === 0 ? 1 : counted.reduce(
    (sum, o) => sum + weight(o.grader) * (o.status === "graded" ? o.score : 0),
    0,
  ) /
    total;
  const ok = (o: PolicyInput) => o.status === "graded" && o.pass;
  const failed = counted.filter((o) => !ok(o)).map((o) => o.grader);
  if (counted.length === 0) {
    const errors = outcomes.filter((o) => o.status === "error").length;
    return {
      pass: errors === 0,
      score,
      reason: errors === 0
        ? "No grader applied to these inputs."
        : `No grader could grade: ${errors} failed to grade.`,
    };
  }
  switch (policy) {
    case "any": {
      const pass = counted.some(ok);
      return {
        pass,
        score,
        reason: pass
          ? `${counted.length - failed.length} of ${counted.length} graders pass (policy any).`
          : `No grader passes (policy any): ${failed.join(", ")}.`,
      };
    }
    case "weighted": {
      const pass = score >= config.threshold;
      return {
        pass,
        score,
        reason: `The weighted mean score ${score.toFixed(2)} is ${
          pass ? "at least" : "below"
        } the threshold ${config.threshold} (policy weighted).`,
      };
    }
    case "required": {
      const required = config.required.length > 0 ? config.required : counted.map((o) => o.grader);
      const missing = required.filter((name) => {
        const outcome = outcomes.find((o) => o.grader === name);
        if (outcome === undefined || outcome.status === "skipped") return false;
        if (outcome.status === "error") return config.onError === "fail";
        return !outcome.pass;
      });
      return {
        pass: missing.length === 0,
        score,
        reason: missing.length === 0
          ? `The required graders pass (${required.join(", ")}).`
          : `Required graders fail: ${missing.join(", ")} (policy required).`,
      };
    }
    default:
      return {
        pass: failed.length === 0,
        score,
        reason: failed.length === 0
          ? `All ${counted.length} graders pass.`
          : `${failed.length} of ${counted.length} graders fail: ${failed.join(", ")}.`,
      };
  }
}
