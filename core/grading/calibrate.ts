/**
 * Calibration: per-grader score thresholds from labeled examples. Each example is graded;
 * for each grader, every distinct score is tried as a threshold (pass when score ≥ it) and
 * scored against the labels by balanced accuracy and by F1 of catching failures (the
 * positive class is `fail`). The thresholds are written to `graders.thresholds` in
 * `.taskorch/config.yaml` with the `yaml` Document API, keeping the user's comments and
 * other keys.
 *
 * @module
 */

import { dirname } from "../posix_path.ts";
import { errorMessage, TaskorchError } from "../errors.ts";
import { type GradeDeps, gradeOutput, type GradeRequest } from "./grade.ts";

/** One labeled example (a line of the calibration JSONL). */
export interface LabeledExample extends GradeRequest {
  /** Whether the output should pass. */
  label: "pass" | "fail";
}

/** One grader's score on one example. */
export interface ScoredExample {
  /** The label. */
  label: "pass" | "fail";
  /** The grader's score. */
  score: number;
}

/** A threshold and how well it separates the labels. */
export interface ThresholdFit {
  /** Pass when score ≥ threshold. */
  threshold: number;
  /** Mean of the true-fail rate and the true-pass rate. */
  balancedAccuracy: number;
  /** F1 of predicting `fail` (the positive class). */
  f1: number;
  /** Fails caught, passes failed, fails missed, passes passed. */
  counts: { tp: number; fp: number; fn: number; tn: number };
}

/** One grader's calibration. */
export interface GraderCalibration {
  /** The grader. */
  grader: string;
  /** Examples it graded (others failed to grade or were skipped). */
  examples: number;
  /** The threshold that maximizes balanced accuracy (ties: higher F1, then lower threshold). */
  bestBalancedAccuracy?: ThresholdFit;
  /** The threshold that maximizes F1 (ties: higher balanced accuracy, then lower threshold). */
  bestF1?: ThresholdFit;
  /** Why no threshold was chosen (too few examples, one label only, constant scores). */
  note?: string;
}

function fit(examples: readonly ScoredExample[], threshold: number): ThresholdFit {
  let tp = 0, fp = 0, fn = 0, tn = 0;
  for (const e of examples) {
    const predictedFail = e.score < threshold;
    if (e.label === "fail") predictedFail ? tp++ : fn++;
    else predictedFail ? fp++ : tn++;
  }
  const tpr = tp + fn === 0 ? 0 : tp / (tp + fn);
  const tnr = tn + fp === 0 ? 0 : tn / (tn + fp);
  const f1 = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  return { threshold, balancedAccuracy: (tpr + tnr) / 2, f1, counts: { tp, fp, fn, tn } };
}

/**
 * The best thresholds for one grader's scores.
 *
 * @example
 * ```ts
 * import { calibrateScores } from "./calibrate.ts";
 * const c = calibrateScores("g", [
 *   { label: "fail", score: 0.2 }, { label: "fail", score: 0.4 },
 *   { label: "pass", score: 0.7 }, { label: "pass", score: 0.9 },
 * ]);
 * console.assert(c.bestBalancedAccuracy?.threshold === 0.7 && c.bestBalancedAccuracy.balancedAccuracy === 1);
 * ```
 */
export function calibrateScores(
  grader: string,
  examples: readonly ScoredExample[],
): GraderCalibration {
  const base = { grader, examples: examples.length };
  const labels = new Set(examples.map((e) => e.label));
  if (examples.length < 2 || labels.size < 2) {
    return { ...base, note: "needs examples of both labels" };
  }
  const scores = [...new Set(examples.map((e) => e.score))].sort((a, b) => a - b);
  if (scores.length < 2) return { ...base, note: `every score is ${scores[0]}: no signal` };
  const fits = scores.map((t) => fit(examples, t));
  const by = (primary: "balancedAccuracy" | "f1", secondary: "balancedAccuracy" | "f1") =>
    fits.reduce((best, f) =>
      f[primary] > best[primary] ||
        (f[primary] === best[primary] && f[secondary] > best[secondary])
        ? f
        : best
    );
  return {
    ...base,
    bestBalancedAccuracy: by("balancedAccuracy", "f1"),
    bestF1: by("f1", "balancedAccuracy"),
  };
}

/**
 * Parses a calibration JSONL text: one `{output, label, ...inputs}` per line. A bad line
 * is an INPUT_INVALID error naming it.
 *
 * @example
 * ```ts
 * import { parseLabeled } from "./calibrate.ts";
 * const [e] = parseLabeled('{"output": "x", "label": "fail", "task": "t"}\n');
 * console.assert(e.label === "fail" && e.task === "t");
 * ```
 */
export function parseLabeled(text: string, file = "input"): LabeledExample[] {
  const out: LabeledExample[] = [];
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new TaskorchError(
        "INPUT_INVALID",
        `${file}:${i + 1}: not JSON: ${errorMessage(error)}`,
      );
    }
    if (typeof value !== "object" || value === null || typeof value.output !== "string") {
      throw new TaskorchError("INPUT_INVALID", `${file}:${i + 1}: needs "output" (a string)`);
    }
    if (value.label !== "pass" && value.label !== "fail") {
      throw new TaskorchError(
        "INPUT_INVALID",
        `${file}:${i + 1}: "label" must be "pass" or "fail", got ${JSON.stringify(value.label)}`,
      );
    }
    const text = (name: string) =>
      typeof value[name] === "string" ? value[name] as string : undefined;
    out.push({
      output: value.output,
      label: value.label,
      task: text("task"),
      expected: text("expected"),
      context: text("context"),
      transcript_path: text("transcript_path"),
      cwd: text("cwd"),
      graders: Array.isArray(value.graders) ? value.graders.map(String) : undefined,
    });
  });
  return out;
}

/**
 * Writes thresholds into `graders.thresholds` of a config file (created when absent),
 * keeping its comments, order and other keys. Returns the new text.
 *
 * @example
 * ```ts
 * import { writeThresholds } from "./calibrate.ts";
 * const path = await Deno.makeTempFile({ suffix: ".yaml" });
 * await Deno.writeTextFile(path, "# mine\npacks:\n  disable: [x] # keep\n");
 * const text = await writeThresholds(path, { json: 0.5 });
 * console.assert(text.includes("# mine") && text.includes("# keep") && text.includes("json: 0.5"));
 * await Deno.remove(path);
 * ```
 */
export async function writeThresholds(
  file: string,
  thresholds: Readonly<Record<string, number>>,
): Promise<string> {
  let text = "";
  try {
    text = await Deno.readTextFile(file);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  const { parseDocument } = await import("yaml");
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    throw new TaskorchError(
      "CONFIG_INVALID",
      `Cannot update config "${file}": it does not parse: ${doc.errors[0].message}`,
    );
  }
  for (const [name, value] of Object.entries(thresholds)) {
    doc.setIn(["graders", "thresholds", name], Math.round(value * 10_000) / 10_000);
  }
  const out = doc.toString();
  await Deno.mkdir(dirname(file), { recursive: true });
  await Deno.writeTextFile(file, out);
  return out;
}

/** What {@linkcode calibrate} found. */
export interface CalibrationReport {
  /** Examples read. */
  examples: number;
  /** Per grader, in first-seen order. */
  graders: GraderCalibration[];
}

/**
 * Grades every example (with `graders`, else each example's own or the defaults, all
 * without thresholds so raw scores count) and calibrates each grader's threshold.
 *
 * @example
 * ```ts ignore
 * import { calibrate, parseLabeled } from "./calibrate.ts";
 * const report = await calibrate(parseLabeled(await Deno.readTextFile("labels.jsonl")), deps);
 * console.log(report.graders.map((g) => [g.grader, g.bestBalancedAccuracy?.threshold]));
 * ```
 */
export async function calibrate(
  examples: readonly LabeledExample[],
  deps: GradeDeps,
  graders?: string[],
): Promise<CalibrationReport> {
  const scores = new Map<string, ScoredExample[]>();
  const raw: GradeDeps = { ...deps, config: { ...deps.config, thresholds: {} } };
  for (const example of examples) {
    const { label, ...request } = example;
    const report = await gradeOutput({ ...request, graders: graders ?? request.graders }, raw);
    for (const outcome of report.graders) {
      if (!scores.has(outcome.grader)) scores.set(outcome.grader, []);
      if (outcome.status === "graded") {
        scores.get(outcome.grader)!.push({ label, score: outcome.score });
      }
    }
  }
  return {
    examples: examples.length,
    graders: [...scores].map(([grader, scored]) => calibrateScores(grader, scored)),
  };
}
