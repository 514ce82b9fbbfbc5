/**
 * The `graders:` section of `.taskorch/config.yaml`: which graders run by default, their
 * options, the overall pass policy and per-grader score thresholds (written by
 * `taskorch grade --calibrate`). Validated here with located errors (`readSection`); the
 * user's file first, the project's wins key by key.
 *
 * ```yaml
 * graders:
 *   use: [non-empty, syntax, claims]   # the default graders (else: chosen by the inputs)
 *   policy: all                        # all | any | weighted | required
 *   threshold: 0.7                     # weighted: the weighted mean score must reach this
 *   weights: { claims: 2 }             # weighted: per-grader weight (default 1)
 *   required: [claims]                 # required: these must pass; the others inform
 *   on_error: ignore                   # a grader that failed to grade: ignore | fail
 *   thresholds: { json: 0.5 }          # a grader passes when its score reaches this
 *   options: { length: { maxChars: 4000 } }
 *   timeout_ms: 10000                  # per grader call
 *   learn: true                        # a failed grade is learned by the memory
 *   judge: { provider: openai, model: gpt-4.1-mini, cache_ttl_hours: 24 }
 * ```
 *
 * @module
 */

import type { Config } from "../config.ts";
import { isMapping, readSection, type SectionFail } from "../config_section.ts";

/** How the graders' verdicts combine into the overall pass. */
export type GradePolicy = "all" | "any" | "weighted" | "required";

/** The LLM judges' provider settings. */
export interface JudgeConfig {
  /** The configured provider's name (a `plugins:` entry of kind provider). */
  provider?: string;
  /** The model to ask. */
  model?: string;
  /** How long a judge's answer is cached, in hours (default 24; 0: no cache). */
  cacheTtlHours: number;
}

/** The merged `graders:` section. */
export interface GradersConfig {
  /** The default graders, when the caller names none. */
  use?: string[];
  /** How verdicts combine (default `all`). */
  policy: GradePolicy;
  /** The weighted mean score the `weighted` policy needs (default 0.7). */
  threshold: number;
  /** Per-grader weights for `weighted` (default 1 each). */
  weights: Record<string, number>;
  /** The graders that must pass under `required`. */
  required: string[];
  /** A grader that failed to grade: `ignore` it (default) or count it as a fail. */
  onError: "ignore" | "fail";
  /** Per-grader score thresholds: a grader passes when its score is at least this. */
  thresholds: Record<string, number>;
  /** Per-grader options. */
  options: Record<string, Record<string, unknown>>;
  /** Per grader call, in ms (default 10000). */
  timeoutMs: number;
  /** Whether a failed grade is learned by the memory (default true). */
  learn: boolean;
  /** The LLM judges' provider. */
  judge: JudgeConfig;
}

/** The configuration with nothing configured. */
export function defaultGradersConfig(): GradersConfig {
  return {
    policy: "all",
    threshold: 0.7,
    weights: {},
    required: [],
    onError: "ignore",
    thresholds: {},
    options: {},
    timeoutMs: 10_000,
    learn: true,
    judge: { cacheTtlHours: 24 },
  };
}

const POLICIES: readonly GradePolicy[] = ["all", "any", "weighted", "required"];
const KNOWN = [
  "use",
  "policy",
  "threshold",
  "weights",
  "required",
  "on_error",
  "thresholds",
  "options",
  "timeout_ms",
  "learn",
  "judge",
];

function record(value: unknown, path: string[], fail: SectionFail): Record<string, unknown> {
  if (!isMapping(value)) fail(path, "must be a mapping");
  return value;
}

function names(value: unknown, path: string[], fail: SectionFail): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string" || v === "")) {
    fail(path, "must be a list of grader names");
  }
  return value as string[];
}

function numbers(
  value: unknown,
  path: string[],
  fail: SectionFail,
  min: number,
  max: number,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, n] of Object.entries(record(value, path, fail))) {
    if (typeof n !== "number" || !Number.isFinite(n) || n < min || n > max) {
      fail([...path, name], `must be a number from ${min} to ${max}`);
    }
    out[name] = n as number;
  }
  return out;
}

/** One file's `graders:` value, validated; absent keys stay absent. */
export type PartialGradersConfig = Partial<Omit<GradersConfig, "judge">> & {
  judge?: Partial<JudgeConfig>;
};

/**
 * Validates one file's `graders:` value (the `parse` of `readSection`).
 *
 * @example
 * ```ts
 * import { parseGradersSection } from "./config.ts";
 * const fail = (path: (string | number)[], message: string): never => {
 *   throw new Error(`${path.join(".")} ${message}`);
 * };
 * const parsed = parseGradersSection({ policy: "any", thresholds: { json: 0.5 } }, fail);
 * console.assert(parsed.policy === "any" && parsed.thresholds?.json === 0.5);
 * ```
 */
export function parseGradersSection(value: unknown, fail: SectionFail): PartialGradersConfig {
  if (value === null || value === undefined) return {};
  const raw = record(value, [], fail);
  for (const key of Object.keys(raw)) {
    if (!KNOWN.includes(key)) fail([key], `is not a graders setting (known: ${KNOWN.join(", ")})`);
  }
  const out: PartialGradersConfig = {};
  if (raw.use !== undefined) out.use = names(raw.use, ["use"], fail);
  if (raw.policy !== undefined) {
    if (!POLICIES.includes(raw.policy as GradePolicy)) {
      fail(["policy"], `must be one of ${POLICIES.join(", ")}`);
    }
    out.policy = raw.policy as GradePolicy;
  }
  if (raw.threshold !== undefined) {
    const t = raw.threshold;
    if (typeof t !== "number" || t < 0 || t > 1) {
      fail(["threshold"], "must be a number from 0 to 1");
    }
    out.threshold = t as number;
  }
  if (raw.weights !== undefined) out.weights = numbers(raw.weights, ["weights"], fail, 0, 1000);
  if (raw.required !== undefined) out.required = names(raw.required, ["required"], fail);
  if (raw.on_error !== undefined) {
    if (raw.on_error !== "ignore" && raw.on_error !== "fail") {
      fail(["on_error"], "must be ignore or fail");
    }
    out.onError = raw.on_error as "ignore" | "fail";
  }
  if (raw.thresholds !== undefined) {
    out.thresholds = numbers(raw.thresholds, ["thresholds"], fail, 0, 1);
  }
  if (raw.options !== undefined) {
    out.options = {};
    for (const [name, options] of Object.entries(record(raw.options, ["options"], fail))) {
      out.options[name] = record(options, ["options", name], fail);
    }
  }
  if (raw.timeout_ms !== undefined) {
    const t = raw.timeout_ms;
    if (typeof t !== "number" || !Number.isInteger(t) || t < 100 || t > 600_000) {
      fail(["timeout_ms"], "must be a whole number of milliseconds from 100 to 600000");
    }
    out.timeoutMs = t as number;
  }
  if (raw.learn !== undefined) {
    if (typeof raw.learn !== "boolean") fail(["learn"], "must be true or false");
    out.learn = raw.learn as boolean;
  }
  if (raw.judge !== undefined) {
    const judge = record(raw.judge, ["judge"], fail);
    out.judge = {};
    for (const key of Object.keys(judge)) {
      if (!["provider", "model", "cache_ttl_hours"].includes(key)) {
        fail(["judge", key], "is not a judge setting (known: provider, model, cache_ttl_hours)");
      }
    }
    for (const key of ["provider", "model"] as const) {
      if (judge[key] !== undefined) {
        if (typeof judge[key] !== "string" || judge[key] === "") {
          fail(["judge", key], "must be a non-empty string");
        }
        out.judge[key] = judge[key] as string;
      }
    }
    if (judge.cache_ttl_hours !== undefined) {
      const h = judge.cache_ttl_hours;
      if (typeof h !== "number" || h < 0 || h > 720) {
        fail(["judge", "cache_ttl_hours"], "must be a number of hours from 0 to 720");
      }
      out.judge.cacheTtlHours = h as number;
    }
  }
  return out;
}

/**
 * Merges parsed sections, later ones winning key by key (maps merge per grader).
 *
 * @example
 * ```ts
 * import { mergeGradersConfig } from "./config.ts";
 * const merged = mergeGradersConfig([{ thresholds: { a: 0.2 } }, { thresholds: { b: 0.4 } }]);
 * console.assert(merged.thresholds.a === 0.2 && merged.thresholds.b === 0.4);
 * console.assert(merged.policy === "all");
 * ```
 */
export function mergeGradersConfig(parts: readonly PartialGradersConfig[]): GradersConfig {
  const merged = defaultGradersConfig();
  for (const part of parts) {
    const { weights, thresholds, options, judge, ...rest } = part;
    Object.assign(
      merged,
      Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
    );
    Object.assign(merged.weights, weights ?? {});
    Object.assign(merged.thresholds, thresholds ?? {});
    for (const [name, o] of Object.entries(options ?? {})) {
      merged.options[name] = { ...merged.options[name], ...o };
    }
    merged.judge = { ...merged.judge, ...judge };
  }
  return merged;
}

/**
 * Reads the merged `graders:` section of a loaded config (CONFIG_INVALID, located, when a
 * value is wrong).
 *
 * @example
 * ```ts
 * import { applyConfig, defaultConfig } from "../config.ts";
 * import { loadGradersConfig } from "./config.ts";
 * const config = applyConfig(defaultConfig(), { graders: { policy: "weighted" } }, "/p/.taskorch/config.yaml");
 * console.assert((await loadGradersConfig(config)).policy === "weighted");
 * ```
 */
export async function loadGradersConfig(config: Config): Promise<GradersConfig> {
  return mergeGradersConfig(await readSection(config, "graders", parseGradersSection));
}
