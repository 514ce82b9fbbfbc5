/**
 * Grading one output: the chosen graders (built-in plugins, configured grader plugins, and
 * host-side LLM judges) each answer `{pass, score, reason, evidence, cost}` concurrently;
 * the overall pass follows the configured policy. A grader that crashes, times out or
 * cannot start gives a failed-to-grade outcome that says so, never an exception; one whose
 * inputs are absent (a transcript for `claims`) is skipped and says why.
 *
 * @module
 */

import type { PluginConfig } from "../config.ts";
import type { Ledger } from "../claude/ledger.ts";
import { errorMessage, TaskorchError } from "../errors.ts";
import type { GradeResult } from "../plugin/types.ts";
import type { Category } from "../verdict.ts";
import { BUILTIN_CONFIG, BUILTIN_GRADERS, type GraderNeeds } from "./builtin.ts";
import type { GradersConfig } from "./config.ts";
import type { GraderInput } from "./input.ts";
import { applyPolicy } from "./policy.ts";
import type { GraderPool } from "./pool.ts";

/**
 * What to grade: the graders' input without the ledger (the host builds it from
 * `transcript_path`; `cwd` defaults to the process's), and which graders.
 */
export interface GradeRequest extends Omit<GraderInput, "ledger"> {
  /** Graders by name (default: `graders.use`, else chosen by the inputs). */
  graders?: string[];
}

/** One grader's outcome. */
export interface GraderOutcome {
  /** The grader's name. */
  grader: string;
  /** `graded`; `error`: it failed to grade (crash, timeout, start); `skipped`: inputs absent. */
  status: "graded" | "error" | "skipped";
  /** Whether it passes the output (false unless graded). */
  pass: boolean;
  /** Its score from 0 to 1 (0 unless graded). */
  score: number;
  /** Why. */
  reason: string;
  /** What the judgement rests on. */
  evidence: string[];
  /** What it cost, in US dollars. */
  cost: number;
  /** The category its failure is learned as. */
  category: Category;
  /** The configured score threshold that decided `pass`, if any. */
  threshold?: number;
  /** Set when the grader ran at reduced assurance (an LLM judge fell back). */
  reducedAssurance?: string;
  /** How long it took, in ms. */
  ms: number;
}

/** The report of one grade. */
export interface GradeReport {
  /** Whether the output passes under the policy. */
  pass: boolean;
  /** The weighted mean score of the graders that counted. */
  score: number;
  /** The policy applied. */
  policy: GradersConfig["policy"];
  /** Why, in one sentence. */
  reason: string;
  /** Each grader's outcome, in the order asked. */
  graders: GraderOutcome[];
  /** Total cost in US dollars. */
  cost: number;
  /** Present when some grader could not grade or fell back: what assurance was lost. */
  reducedAssurance?: string;
}

/** A host-side grader (the LLM judges): called in process, not sandboxed. */
export interface HostGrader {
  /** Its name. */
  name: string;
  /** The category its failure is learned as. */
  category: Category;
  /** What it needs. */
  needs: GraderNeeds & { context?: boolean; task?: boolean };
  /** Grades one input; may mark the result as reduced assurance. */
  grade(
    input: GraderInput,
    options: Record<string, unknown>,
  ): Promise<GradeResult & { reducedAssurance?: string }>;
}

/** What grading uses. */
export interface GradeDeps {
  /** Keeps sandboxed graders alive. */
  pool: GraderPool;
  /** The `graders:` section. */
  config: GradersConfig;
  /** The configured plugins (`plugins:`); those of kind grader are found by name. */
  plugins?: readonly PluginConfig[];
  /** Host-side graders (LLM judges), by name. */
  hostGraders?: Readonly<Record<string, HostGrader>>;
  /** Reads a transcript into a ledger (default: core/claude/ledger.ts readLedger). */
  readLedger?: (path: string) => Promise<Ledger>;
}

interface Resolved {
  name: string;
  category: Category;
  needs: GraderNeeds & { context?: boolean; task?: boolean };
  run(input: GraderInput, timeoutMs: number): Promise<GradeResult & { reducedAssurance?: string }>;
}

/** The names a caller may use: built-ins, then configured grader plugins, then judges. */
export function graderNames(deps: Pick<GradeDeps, "plugins" | "hostGraders">): string[] {
  return [
    ...Object.keys(BUILTIN_GRADERS),
    ...(deps.plugins ?? []).filter((p) => p.kind === "grader" && p.enabled).map((p) => p.name),
    ...Object.keys(deps.hostGraders ?? {}),
  ];
}

/**
 * The graders to run when the caller names none: `graders.use`, else `non-empty`, `syntax`
 * and `paths-exist`, plus `claims` and `tests-ran` with a transcript, `contains` with an
 * expected answer, and `faithfulness` with context when a judge is available.
 *
 * @example
 * ```ts
 * import { defaultGraders } from "./grade.ts";
 * import { defaultGradersConfig } from "./config.ts";
 * const names = defaultGraders({ output: "x", transcript_path: "/t.jsonl" }, defaultGradersConfig());
 * console.assert(names.includes("claims") && !names.includes("contains"));
 * ```
 */
export function defaultGraders(
  request: GradeRequest,
  config: GradersConfig,
  hostGraders: Readonly<Record<string, HostGrader>> = {},
): string[] {
  if (config.use !== undefined && config.use.length > 0) return config.use;
  const names = ["non-empty", "syntax", "paths-exist"];
  if (request.transcript_path) names.push("claims", "tests-ran");
  if (request.expected) names.push("contains");
  if (request.context && hostGraders.faithfulness) names.push("faithfulness");
  return names;
}

function resolve(name: string, deps: GradeDeps, cwd: string): Resolved {
  const options = deps.config.options[name] ?? {};
  const builtin = Object.hasOwn(BUILTIN_GRADERS, name) ? BUILTIN_GRADERS[name] : undefined;
  const configured = (deps.plugins ?? []).find((p) =>
    p.kind === "grader" && p.name === name && p.enabled
  );
  if (configured) {
    return {
      name,
      category: "other",
      needs: {},
      run: async (input, timeoutMs) =>
        await (await deps.pool.get({
          name,
          from: configured.from,
          grant: configured.grant,
          options: { ...configured.options, ...options },
          cwd,
          timeoutMs: Math.max(timeoutMs, configured.timeoutMs),
        })).grade(input),
    };
  }
  if (builtin) {
    return {
      name,
      category: builtin.category,
      needs: builtin.needs,
      run: async (input, timeoutMs) =>
        await (await deps.pool.get({
          name,
          from: builtin.module,
          grant: builtin.needs.workspace
            ? { read: ["."] }
            : name === "syntax"
            ? { env: ["LOG_TOKENS", "LOG_STREAM"] }
            : {},
          options,
          cwd: builtin.needs.workspace ? cwd : Deno.cwd(),
          config: BUILTIN_CONFIG,
          timeoutMs,
        })).grade(input),
    };
  }
  const host = deps.hostGraders?.[name];
  if (host) {
    return {
      name,
      category: host.category,
      needs: host.needs,
      run: (input) => host.grade(input, options),
    };
  }
  throw new TaskorchError(
    "INPUT_INVALID",
    `Unknown grader "${name}". Known graders: ${graderNames(deps).join(", ")}.`,
  );
}

function missingInput(needs: Resolved["needs"], input: GraderInput): string | undefined {
  if (needs.ledger && input.transcript_path === undefined) return "it needs a transcript_path";
  if (needs.expected && input.expected === undefined) return "it needs an expected answer";
  if (needs.context && input.context === undefined) return "it needs context";
  if (needs.task && input.task === undefined) return "it needs the task";
  return undefined;
}

/**
 * Grades one output with the chosen graders and combines their verdicts.
 *
 * @example
 * ```ts ignore
 * import { gradeOutput } from "./grade.ts";
 * import { createGraderPool } from "./pool.ts";
 * import { defaultGradersConfig } from "./config.ts";
 * const pool = createGraderPool();
 * const report = await gradeOutput({ output: '{"a": 1}', graders: ["json"] }, {
 *   pool,
 *   config: defaultGradersConfig(),
 * });
 * console.log(report.pass, report.graders[0].reason);
 * await pool.close();
 * ```
 */
export async function gradeOutput(request: GradeRequest, deps: GradeDeps): Promise<GradeReport> {
  const cwd = request.cwd ?? Deno.cwd();
  const names = [
    ...new Set(request.graders ?? defaultGraders(request, deps.config, deps.hostGraders)),
  ];
  if (names.length === 0) throw new TaskorchError("INPUT_INVALID", "No grader was chosen.");
  const resolved = names.map((name) => resolve(name, deps, cwd));
  const input: GraderInput = {
    output: request.output,
    task: request.task,
    expected: request.expected,
    context: request.context,
    transcript_path: request.transcript_path,
    cwd,
  };
  let ledger: Promise<Ledger> | undefined;
  const ledgerFor = async (): Promise<Ledger> => {
    ledger ??= (deps.readLedger ?? (await import("../claude/ledger.ts")).readLedger)(
      request.transcript_path!,
    );
    return await ledger;
  };

  const runOne = async (grader: Resolved): Promise<GraderOutcome> => {
    const started = performance.now();
    const base = { grader: grader.name, category: grader.category, evidence: [], cost: 0 };
    const missing = missingInput(grader.needs, input);
    if (missing) {
      return {
        ...base,
        status: "skipped",
        pass: false,
        score: 0,
        reason: `Skipped: ${missing}.`,
        ms: 0,
      };
    }
    try {
      let graderInput = input;
      if (grader.needs.ledger) {
        try {
          graderInput = { ...input, ledger: await ledgerFor() };
        } catch (error) {
          throw new Error(
            `cannot read the transcript "${request.transcript_path}": ${errorMessage(error)}`,
          );
        }
      }
      const result = await grader.run(graderInput, deps.config.timeoutMs);
      const threshold = deps.config.thresholds[grader.name];
      return {
        ...base,
        status: "graded",
        pass: threshold === undefined ? result.pass : result.score >= threshold,
        score: result.score,
        reason: result.reason,
        evidence: result.evidence ?? [],
        cost: result.cost ?? 0,
        ...(threshold === undefined ? {} : { threshold }),
        ...(result.reducedAssurance ? { reducedAssurance: result.reducedAssurance } : {}),
        ms: performance.now() - started,
      };
    } catch (error) {
      if (error instanceof TaskorchError && error.code === "BREAKER_OPEN") {
        return {
          ...base,
          status: "skipped",
          pass: false,
          score: 0,
          reason: `Skipped: the provider's circuit breaker is open (${errorMessage(error)}).`,
          reducedAssurance: "its provider's breaker is open; the deterministic graders decide",
          ms: performance.now() - started,
        };
      }
      const code = error instanceof TaskorchError ? ` [${error.code}]` : "";
      return {
        ...base,
        status: "error",
        pass: false,
        score: 0,
        reason: `The grader "${grader.name}" failed to grade: ${errorMessage(error)}${code}`,
        ms: performance.now() - started,
      };
    }
  };
  const outcomes = await Promise.all(resolved.map(runOne));
  // A judge skipped by an open breaker falls back to the deterministic tier: the default
  // deterministic graders run when none was asked for.
  const hostNames = new Set(Object.keys(deps.hostGraders ?? {}));
  const deterministicRan = outcomes.some((o) => !hostNames.has(o.grader));
  if (!deterministicRan && outcomes.some((o) => o.reducedAssurance && o.status === "skipped")) {
    const fallback = defaultGraders(request, { ...deps.config, use: undefined })
      .filter((name) => !hostNames.has(name) && !names.includes(name));
    outcomes.push(...await Promise.all(fallback.map((name) => runOne(resolve(name, deps, cwd)))));
  }

  const verdict = applyPolicy(outcomes, deps.config);
  const lost = [
    ...outcomes.filter((o) => o.status === "error").map((o) => `${o.grader} failed to grade`),
    ...outcomes.filter((o) => o.reducedAssurance).map((o) => `${o.grader}: ${o.reducedAssurance}`),
  ];
  return {
    pass: verdict.pass,
    score: verdict.score,
    policy: deps.config.policy,
    reason: verdict.reason,
    graders: outcomes,
    cost: outcomes.reduce((sum, o) => sum + o.cost, 0),
    ...(lost.length > 0 ? { reducedAssurance: `Reduced assurance: ${lost.join("; ")}.` } : {}),
  };
}
