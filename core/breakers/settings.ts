/**
 * The `breakers:` section of `.taskorch/config.yaml`: when a provider's breaker opens, how
 * long it stays open, and how transient failures are retried.
 *
 * ```yaml
 * breakers:
 *   failure_threshold: 3       # consecutive failures that open a breaker
 *   half_open_after_ms: 30000  # open → half-open after this long
 *   probe_timeout_ms: 120000   # a half-open trial call that never reports frees the slot after this
 *   retry:
 *     retries: 2               # retries after the first attempt (transient errors only)
 *     initial_delay_ms: 500    # first backoff; doubled per retry, with jitter
 *     max_delay_ms: 10000      # longest wait; a retry-after longer than this is not waited for
 * ```
 *
 * @module
 */

import type { Config } from "../config.ts";
import { isMapping, readSection, type SectionFail } from "../config_section.ts";

/** How breakers and retries behave. */
export interface BreakerSettings {
  /** Consecutive failures that open a breaker (default 3). */
  failureThreshold: number;
  /** How long a breaker stays open before one trial call, in ms (default 30000). */
  halfOpenAfterMs: number;
  /** How long a half-open trial call holds the slot before another may try, in ms (default 120000). */
  probeTimeoutMs: number;
  /** Retries after the first attempt, for transient failures (default 2). */
  retries: number;
  /** The first retry's base delay, in ms (default 500). */
  initialDelayMs: number;
  /** The longest retry delay, in ms (default 10000). */
  maxDelayMs: number;
}

/** The defaults: CLOSED → 3 failures → OPEN → 30 s → HALF_OPEN → a success → CLOSED. */
export const DEFAULT_BREAKER_SETTINGS: Readonly<BreakerSettings> = Object.freeze({
  failureThreshold: 3,
  halfOpenAfterMs: 30_000,
  probeTimeoutMs: 120_000,
  retries: 2,
  initialDelayMs: 500,
  maxDelayMs: 10_000,
});

const TOP = ["failure_threshold", "half_open_after_ms", "probe_timeout_ms", "retry"];
const RETRY = ["retries", "initial_delay_ms", "max_delay_ms"];

function integer(
  record: Record<string, unknown>,
  key: string,
  path: (string | number)[],
  fail: SectionFail,
  min: number,
  max: number,
): number | undefined {
  const value = record[key];
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    fail([...path, key], `must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value as number;
}

function unknownKeys(
  record: Record<string, unknown>,
  known: string[],
  path: string[],
  fail: SectionFail,
) {
  for (const key of Object.keys(record)) {
    if (!known.includes(key)) fail([...path, key], `is not a setting (known: ${known.join(", ")})`);
  }
}

/**
 * Parses one file's `breakers:` value into the settings it gives (absent keys stay absent).
 *
 * @example
 * ```ts
 * import { parseBreakerSection } from "./settings.ts";
 * const fail = (path: (string | number)[], message: string): never => {
 *   throw new Error(`${path.join(".")} ${message}`);
 * };
 * const parsed = parseBreakerSection({ failure_threshold: 5, retry: { retries: 0 } }, fail);
 * console.assert(parsed.failureThreshold === 5 && parsed.retries === 0);
 * ```
 */
export function parseBreakerSection(value: unknown, fail: SectionFail): Partial<BreakerSettings> {
  if (value === null || value === undefined) return {};
  if (!isMapping(value)) fail([], "must be a mapping");
  const record = value;
  unknownKeys(record, TOP, [], fail);
  const out: Partial<BreakerSettings> = {};
  const set = <K extends keyof BreakerSettings>(key: K, n: number | undefined) => {
    if (n !== undefined) out[key] = n;
  };
  set("failureThreshold", integer(record, "failure_threshold", [], fail, 1, 1000));
  set("halfOpenAfterMs", integer(record, "half_open_after_ms", [], fail, 1, 86_400_000));
  set("probeTimeoutMs", integer(record, "probe_timeout_ms", [], fail, 1, 86_400_000));
  const retry = record.retry;
  if (retry !== undefined) {
    if (!isMapping(retry)) fail(["retry"], "must be a mapping");
    const r = retry;
    unknownKeys(r, RETRY, ["retry"], fail);
    set("retries", integer(r, "retries", ["retry"], fail, 0, 10));
    set("initialDelayMs", integer(r, "initial_delay_ms", ["retry"], fail, 0, 600_000));
    set("maxDelayMs", integer(r, "max_delay_ms", ["retry"], fail, 0, 600_000));
  }
  return out;
}

/** The breaker settings of a config: the defaults, then each file's `breakers:` (later wins). */
export async function breakerSettings(config: Config): Promise<BreakerSettings> {
  const parts = await readSection(config, "breakers", parseBreakerSection);
  return Object.assign({}, DEFAULT_BREAKER_SETTINGS, ...parts);
}
