/**
 * One grade as the doors run it (the `grade_output` MCP tool and `taskorch grade`): load
 * the workspace's config (`graders:` and the grader plugins in `plugins:`), grade with the
 * pool, then learn each failed grader in the memory when a store is at hand and
 * `graders.learn` is on.
 *
 * With `graders.judge.provider` configured, the LLM judges (`rubric`, `faithfulness`,
 * `hallucination`, `instructions`) can be named: they call that provider through the
 * providers' call path (breaker, budget, ledger; see `provider_judges.ts`), using the
 * caller's shared providers (the MCP server's) or, without them, providers opened over the
 * store for this one grade and closed after it.
 *
 * @module
 */

import { loadConfig } from "../config.ts";
import { TaskorchError } from "../errors.ts";
import type { Providers } from "../providers/providers.ts";
import type { ProvidersSource } from "../providers/shared.ts";
import type { WithStore } from "../shared_store.ts";
import { loadGradersConfig } from "./config.ts";
import { gradeOutput, type GradeReport, type GradeRequest, type HostGrader } from "./grade.ts";
import { type GradeLesson, learnFromGrade } from "./learn.ts";
import { JUDGE_NAMES } from "./judges/judges.ts";
import { type GraderPool, sharedGraderPool } from "./pool.ts";
import { createProviderJudges } from "./provider_judges.ts";

/** Options of {@linkcode runGrade}. */
export interface RunGradeOptions {
  /** The pool (default: the process's shared pool, kept alive). */
  pool?: GraderPool;
  /** The store to learn in; absent: nothing is learned. */
  withStore?: WithStore;
  /** Learn from a failed grade (default: `graders.learn`, true unless configured). */
  learn?: boolean;
  /** Host-side graders by name (default: the LLM judges, when `graders.judge` is configured). */
  hostGraders?: Readonly<Record<string, HostGrader>>;
  /**
   * The providers the judges call (the server's shared ones). Absent: providers are opened
   * over `withStore`'s store for this grade, when a judge runs, and closed after it.
   */
  providers?: ProvidersSource;
  /** The agent session, recorded with the judges' calls in the cost ledger. */
  session?: string;
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
  const { judge } = graders;
  let hostGraders = options.hostGraders;
  let opened: Promise<Providers> | undefined;
  if (hostGraders === undefined && judge.provider !== undefined && options.withStore) {
    const withStore = options.withStore;
    hostGraders = createProviderJudges({
      judge: { ...judge, provider: judge.provider },
      providers: options.providers ??
        (() =>
          opened ??= import("../providers/open.ts").then(({ openProviders }) =>
            withStore((store) => openProviders(store, config, { cwd }))
          )),
      withStore,
      ...(options.session !== undefined ? { session: options.session } : {}),
    });
  } else if (hostGraders === undefined) {
    const judges = (request.graders ?? []).filter((name) =>
      JUDGE_NAMES.includes(name) &&
      !config.plugins.some((p) => p.kind === "grader" && p.name === name && p.enabled)
    );
    if (judges.length > 0) {
      throw new TaskorchError(
        "INPUT_INVALID",
        `The LLM judge${judges.length > 1 ? "s" : ""} ${judges.join(", ")} ${
          judges.length > 1 ? "need" : "needs"
        } ${
          judge.provider === undefined
            ? "graders.judge.provider in .taskorch/config.yaml: the name of a plugins: " +
              "entry of kind provider (and optionally graders.judge.model)"
            : "a store for the cost ledger, and none is open here"
        }.`,
      );
    }
  }
  let report: GradeReport;
  try {
    report = await gradeOutput({ ...request, cwd }, {
      pool: options.pool ?? sharedGraderPool(),
      config: graders,
      plugins: config.plugins,
      hostGraders,
    });
  } finally {
    if (opened !== undefined) await (await opened.catch(() => undefined))?.close();
  }
  let learned: GradeLesson[] = [];
  const learn = options.learn ?? graders.learn;
  if (learn && options.withStore && report.graders.some((g) => g.status === "graded" && !g.pass)) {
    learned = await options.withStore((store) => learnFromGrade(store, { ...request, cwd }, report))
      .catch((error) => [{ grader: "*", error: String(error?.message ?? error) }]);
  }
  return { ...report, learned };
}
