/**
 * Checks of what crosses the plugin boundary: a plugin's `meta` (from its hello message
 * or its module) and the results its behaviour functions return. The host trusts none of
 * it: every check names the field and what was found.
 *
 * @module
 */

import { TaskorchError } from "../errors.ts";
import { isCategory, isDecision, isSeverity } from "../verdict.ts";
import type {
  CompletionResult,
  GradeResult,
  GuardFinding,
  GuardResult,
  Permissions,
  PluginKind,
  PluginMeta,
} from "./types.ts";

const NAME = /^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/;
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;
const KINDS: readonly PluginKind[] = ["guard", "grader", "provider"];
const PERMISSION_KEYS = ["net", "env", "read", "write"] as const;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*\*?$/;
const HOST = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?)(:\d{1,5})?$/;

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function invalid(what: string, message: string): TaskorchError {
  return new TaskorchError("PLUGIN_INVALID", `${what}: ${message}`);
}

/** Returns whether `version` is a semver version such as `1.2.3` or `1.0.0-beta.1`. */
export function isSemver(version: string): boolean {
  return SEMVER.test(version);
}

/**
 * Validates a permissions object: known keys only, each a list of non-empty strings of
 * the right form (hosts for `net`, variable names for `env`, paths for `read`/`write`).
 *
 * @example
 * ```ts
 * import { validatePermissions } from "./validate.ts";
 * const permissions = validatePermissions({ net: ["registry.npmjs.org"] }, "meta.permissions");
 * console.assert(permissions.net?.[0] === "registry.npmjs.org");
 * ```
 */
export function validatePermissions(value: unknown, where: string): Permissions {
  if (value === undefined) return {};
  if (!isRecord(value)) throw invalid(where, `expected an object, got ${typeName(value)}`);
  const out: Permissions = {};
  for (const key of Object.keys(value)) {
    if (!(PERMISSION_KEYS as readonly string[]).includes(key)) {
      throw invalid(where, `unknown permission "${key}" (known: ${PERMISSION_KEYS.join(", ")})`);
    }
  }
  for (const key of PERMISSION_KEYS) {
    const list = value[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      throw invalid(`${where}.${key}`, `expected a list of strings, got ${typeName(list)}`);
    }
    list.forEach((item, i) => {
      if (typeof item !== "string" || item.length === 0 || item.includes(",")) {
        throw invalid(
          `${where}.${key}[${i}]`,
          `expected a non-empty string without commas, got ${JSON.stringify(item)}`,
        );
      }
      if (key === "net" && !HOST.test(item)) {
        throw invalid(`${where}.net[${i}]`, `"${item}" is not a host or host:port`);
      }
      if (key === "env" && !ENV_NAME.test(item)) {
        throw invalid(`${where}.env[${i}]`, `"${item}" is not an environment variable name`);
      }
    });
    out[key] = [...list] as string[];
  }
  return out;
}

/**
 * Validates a plugin's `meta`: name, semver version, description, kind (and that it is the
 * expected one, when given) and permissions.
 *
 * @example
 * ```ts
 * import { validateMeta } from "./validate.ts";
 * const meta = validateMeta({
 *   name: "demo", version: "1.0.0", description: "A demo.", kind: "guard", permissions: {},
 * });
 * console.assert(meta.name === "demo");
 * ```
 */
export function validateMeta(value: unknown, expectedKind?: PluginKind): PluginMeta {
  if (!isRecord(value)) throw invalid("meta", `expected an object, got ${typeName(value)}`);
  const { name, version, description, kind } = value;
  if (typeof name !== "string" || !NAME.test(name)) {
    throw invalid(
      "meta.name",
      `expected a lower-case name like "my-guard" or "@scope/my-guard", got ${
        JSON.stringify(name)
      }`,
    );
  }
  if (typeof version !== "string" || !isSemver(version)) {
    throw invalid(
      `meta.version of "${name}"`,
      `expected semver like "1.0.0", got ${JSON.stringify(version)}`,
    );
  }
  if (typeof description !== "string" || description.trim().length === 0) {
    throw invalid(`meta.description of "${name}"`, "expected a non-empty string");
  }
  if (typeof kind !== "string" || !(KINDS as readonly string[]).includes(kind)) {
    throw invalid(
      `meta.kind of "${name}"`,
      `expected guard, grader or provider, got ${JSON.stringify(kind)}`,
    );
  }
  if (expectedKind !== undefined && kind !== expectedKind) {
    throw invalid(`meta.kind of "${name}"`, `expected ${expectedKind}, got ${kind}`);
  }
  const permissions = validatePermissions(value.permissions, `meta.permissions of "${name}"`);
  return { name, version, description, kind: kind as PluginKind, permissions };
}

function validateFinding(value: unknown, where: string): GuardFinding {
  if (!isRecord(value)) throw invalid(where, `expected an object, got ${typeName(value)}`);
  const { rule, category, severity, message, confidence, suggestion, action } = value;
  if (typeof rule !== "string" || rule.length === 0) {
    throw invalid(`${where}.rule`, `expected a non-empty string, got ${JSON.stringify(rule)}`);
  }
  if (!isCategory(category)) {
    throw invalid(`${where}.category`, `${JSON.stringify(category)} is not a known category`);
  }
  if (!isSeverity(severity)) {
    throw invalid(`${where}.severity`, `${JSON.stringify(severity)} is not a severity`);
  }
  if (typeof message !== "string" || message.length === 0) {
    throw invalid(`${where}.message`, "expected a non-empty string");
  }
  const finding: GuardFinding = { rule, category, severity, message };
  if (confidence !== undefined) {
    if (typeof confidence !== "number" || !(confidence >= 0 && confidence <= 1)) {
      throw invalid(`${where}.confidence`, `expected a number from 0 to 1, got ${confidence}`);
    }
    finding.confidence = confidence;
  }
  if (suggestion !== undefined) {
    if (typeof suggestion !== "string") throw invalid(`${where}.suggestion`, "expected a string");
    finding.suggestion = suggestion;
  }
  if (action !== undefined) {
    if (!isDecision(action)) {
      throw invalid(`${where}.action`, `${JSON.stringify(action)} is not a decision`);
    }
    finding.action = action;
  }
  return finding;
}

/**
 * Validates what a guard's `check` returned: `{ findings: [...], verdict?: "unknown" }`.
 *
 * @example
 * ```ts
 * import { validateGuardResult } from "./validate.ts";
 * const result = validateGuardResult({ findings: [], verdict: "unknown" }, "guard demo");
 * console.assert(result.verdict === "unknown");
 * ```
 */
export function validateGuardResult(value: unknown, who: string): GuardResult {
  const where = `result of ${who}`;
  if (!isRecord(value)) throw invalid(where, `expected an object, got ${typeName(value)}`);
  if (!Array.isArray(value.findings)) {
    throw invalid(`${where}.findings`, `expected an array, got ${typeName(value.findings)}`);
  }
  const findings = value.findings.map((f, i) => validateFinding(f, `${where}.findings[${i}]`));
  if (value.verdict !== undefined && value.verdict !== "unknown") {
    throw invalid(
      `${where}.verdict`,
      `expected "unknown" or nothing, got ${JSON.stringify(value.verdict)}`,
    );
  }
  return value.verdict === "unknown" ? { findings, verdict: "unknown" } : { findings };
}

/**
 * Validates what a grader's `grade` returned: `{ pass, score, reason, evidence?, cost? }`.
 *
 * @example
 * ```ts
 * import { validateGradeResult } from "./validate.ts";
 * const result = validateGradeResult({ pass: true, score: 1, reason: "ok" }, "grader demo");
 * console.assert(result.pass);
 * ```
 */
export function validateGradeResult(value: unknown, who: string): GradeResult {
  const where = `result of ${who}`;
  if (!isRecord(value)) throw invalid(where, `expected an object, got ${typeName(value)}`);
  const { pass, score, reason, evidence, cost } = value;
  if (typeof pass !== "boolean") throw invalid(`${where}.pass`, "expected a boolean");
  if (typeof score !== "number" || !(score >= 0 && score <= 1)) {
    throw invalid(`${where}.score`, `expected a number from 0 to 1, got ${JSON.stringify(score)}`);
  }
  if (typeof reason !== "string") throw invalid(`${where}.reason`, "expected a string");
  const result: GradeResult = { pass, score, reason };
  if (evidence !== undefined) {
    if (!Array.isArray(evidence) || evidence.some((e) => typeof e !== "string")) {
      throw invalid(`${where}.evidence`, "expected a list of strings");
    }
    result.evidence = evidence as string[];
  }
  if (cost !== undefined) {
    if (typeof cost !== "number" || !(cost >= 0)) {
      throw invalid(`${where}.cost`, "expected a non-negative number");
    }
    result.cost = cost;
  }
  return result;
}

const USAGE_KEYS = ["input", "output", "cache_read", "cache_write", "cache_write_1h", "reasoning"];

/**
 * Validates what a provider's `complete` returned: `{ text, model, usage, finish_reason?,
 * latency_ms? }`, `usage` with non-negative `input` and `output` and optional `cache_read`,
 * `cache_write`, `cache_write_1h`, `reasoning` (other usage keys are dropped).
 *
 * @example
 * ```ts
 * import { validateCompletionResult } from "./validate.ts";
 * const out = validateCompletionResult(
 *   { text: "hi", usage: { input: 1, output: 2 }, model: "m" },
 *   "p",
 * );
 * console.assert(out.model === "m" && out.usage.output === 2);
 * ```
 */
export function validateCompletionResult(value: unknown, who: string): CompletionResult {
  const where = `result of ${who}`;
  if (!isRecord(value)) throw invalid(where, `expected an object, got ${typeName(value)}`);
  const { text, usage, model, finish_reason, latency_ms } = value;
  if (typeof text !== "string") throw invalid(`${where}.text`, "expected a string");
  if (typeof model !== "string") throw invalid(`${where}.model`, "expected a string");
  if (!isRecord(usage)) throw invalid(`${where}.usage`, "expected an object of token counts");
  const counts: Record<string, number> = {};
  for (const key of USAGE_KEYS) {
    const n = usage[key];
    if (n === undefined && key !== "input" && key !== "output") continue;
    if (typeof n !== "number" || !Number.isFinite(n) || n < 0) {
      throw invalid(`${where}.usage.${key}`, `expected a non-negative number, got ${typeName(n)}`);
    }
    counts[key] = n;
  }
  const result: CompletionResult = {
    text,
    model,
    usage: counts as unknown as CompletionResult["usage"],
  };
  if (finish_reason !== undefined) {
    if (typeof finish_reason !== "string") {
      throw invalid(`${where}.finish_reason`, "expected a string");
    }
    result.finish_reason = finish_reason;
  }
  if (latency_ms !== undefined) {
    if (typeof latency_ms !== "number" || !(latency_ms >= 0)) {
      throw invalid(`${where}.latency_ms`, "expected a non-negative number");
    }
    result.latency_ms = latency_ms;
  }
  return result;
}

/** Validates a result of the given kind's behaviour function. */
export function validateResult(
  kind: PluginKind,
  value: unknown,
  who: string,
): GuardResult | GradeResult | CompletionResult {
  if (kind === "guard") return validateGuardResult(value, who);
  if (kind === "grader") return validateGradeResult(value, who);
  return validateCompletionResult(value, who);
}
