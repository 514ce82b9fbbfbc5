/**
 * Learning from failed grades: each grader that graded an output and failed it becomes a
 * learned failure in the memory (`learnFailure`, source `grade`, the grader's category:
 * `false_success_claim` for `claims` and `tests-ran`, `hallucinated_path` for
 * `paths-exist`, `other` for the rest), so the next similar prompt is warned. The pattern's
 * text is the task (what a later prompt resembles): without a task nothing is learned.
 *
 * @module
 */

import { errorMessage } from "../errors.ts";
import { learnFailure } from "../memory/learn.ts";
import type { Store } from "../store.ts";
import type { GradeReport, GradeRequest } from "./grade.ts";

/** What learning from one grade did, per failed grader. */
export interface GradeLesson {
  /** The grader. */
  grader: string;
  /** The pattern's id, when recorded. */
  pattern?: string;
  /** True when the pattern is new, false when it recurred. */
  created?: boolean;
  /** Why it was not recorded. */
  error?: string;
}

/**
 * Records each failed grader of a report in the memory; a failed write is reported in the
 * lesson, never thrown.
 *
 * @example
 * ```ts
 * import { openStore } from "../store.ts";
 * import { learnFromGrade } from "./learn.ts";
 * using store = await openStore({ path: ":memory:" });
 * const lessons = await learnFromGrade(store, { output: "All tests pass.", task: "fix the login bug" }, {
 *   pass: false, score: 0, policy: "all", reason: "", cost: 0,
 *   graders: [{ grader: "claims", status: "graded", pass: false, score: 0, reason: "no test ran",
 *     evidence: [], cost: 0, category: "false_success_claim", ms: 1 }],
 * });
 * console.assert(lessons[0].created === true);
 * ```
 */
export async function learnFromGrade(
  store: Store,
  request: GradeRequest,
  report: GradeReport,
): Promise<GradeLesson[]> {
  const failed = report.graders.filter((g) => g.status === "graded" && !g.pass);
  const text = request.task?.trim().slice(0, 2048) ?? "";
  if (text === "") return [];
  const lessons: GradeLesson[] = [];
  for (const outcome of failed) {
    try {
      const { pattern, created } = await learnFailure(store, {
        category: outcome.category,
        text,
        description: `The grader "${outcome.grader}" failed the output: ${outcome.reason}`,
        suggestion: outcome.evidence[0],
        source: "grade",
        cwd: request.cwd,
        evidence: request.transcript_path,
      });
      lessons.push({ grader: outcome.grader, pattern: pattern.id, created });
    } catch (error) {
      lessons.push({ grader: outcome.grader, error: errorMessage(error) });
    }
  }
  return lessons;
}
