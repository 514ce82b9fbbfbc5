/**
 * One grade as the doors run it (the `grade_output` MCP tool and `taskorch grade`): load
 * the workspace's config (`graders:` and the grader plugins in `plugins:`), grade with the
 * pool, then learn each failed grader in the memory when a store is at hand and
 * `graders.learn` is on.
 *
 * @module
 */

import { loadConfig } from "../config.ts";
import type { WithStore } from "../shared_store.ts";
import { loadGradersConfig } from "./config.ts";
import { gradeOutput, type GradeReport, type GradeRequest, type HostGrader } from "./grade.ts";
import { type GradeLesson, learnFromGrade } from "./learn.ts";
import { type GraderPool, sharedGraderPool } from "./pool.ts";

/** Options of {@linkcode runGrade}. */
export interface RunGradeOptions {
  /** The pool (default: the process's shared pool, kept alive). */
  pool?: GraderPool;
  /** The store to learn in; absent: nothing is learned. */
  withStore?: WithStore;
  /** Learn from a failed grade (default: `graders.learn`, true unless configured). */
  learn?: boolean;
  /** Host-side graders (LLM judges), by name. */
  hostGraders?: Readonly<Record<string, HostGrader>>;
}

/** A grade and what the memory learned from it. */
export interface GradeRun extends GradeReport {
  /** One lesson per failed grader, when learning ran. */
  learned: GradeLesson[];
}

/**
 * Grades one output in its workspace and learns from a failure.
 *
 * @example
 * ```ts ignore
 * import { runGrade } from "./service.ts";
 * const run = await runGrade({ output: "{}", graders: ["json"] });
 * console.log(run.pass, run.learned);
 * ```
 */
export async function runGrade(
  request: GradeRequest,
  options: RunGradeOptions = {},
): Promise<GradeRun> {
  const cwd = request.cwd ?? Deno.cwd();
  const config = await loadConfig(cwd);
  const graders = await loadGradersConfig(config);
  const report = await gradeOutput({ ...request, cwd }, {
    pool: options.pool ?? sharedGraderPool(),
    config: graders,
    plugins: config.plugins,
    hostGraders: options.hostGraders,
  });
  let learned: GradeLesson[] = [];
  const learn = options.learn ?? graders.learn;
  if (learn && options.withStore && report.graders.some((g) => g.status === "graded" && !g.pass)) {
    learned = await options.withStore((store) => learnFromGrade(store, { ...request, cwd }, report))
      .catch((error) => [{ grader: "*", error: String(error?.message ?? error) }]);
  }
  return { ...report, learned };
}
