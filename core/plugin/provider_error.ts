/**
 * How a provider plugin reports a failed call so the host can classify it (retry or not,
 * when, and whether it counts against the circuit breaker). A plugin's thrown error crosses
 * the sandbox as text, so {@linkcode ProviderError} writes its details into its message in a
 * tagged form that {@linkcode parseProviderError} reads back on the host's side.
 *
 * @module
 */

/**
 * What went wrong:
 * - `rate_limit` (429), `server` (5xx), `timeout`, `network` (connection failed), `malformed`
 *   (a 2xx answer that is not the provider's format): transient, worth a retry;
 * - `auth` (401/403), `bad_request` (400, 404, 422 and other 4xx), `config` (the plugin is
 *   not set up: no API key): retrying cannot help.
 */
export type ProviderErrorKind =
  | "rate_limit"
  | "server"
  | "timeout"
  | "network"
  | "malformed"
  | "auth"
  | "bad_request"
  | "config";

/** A provider failure's details. */
export interface ProviderErrorInfo {
  /** What went wrong. */
  kind: ProviderErrorKind;
  /** The HTTP status, when there was an answer. */
  status?: number;
  /** How long the provider asked the caller to wait (`retry-after`), in ms. */
  retryAfterMs?: number;
}

const TAG = "[provider-error ";
const TAGGED = /\[provider-error (\{[^\]]*\})\]/;
const TRANSIENT: ReadonlySet<ProviderErrorKind> = new Set([
  "rate_limit",
  "server",
  "timeout",
  "network",
  "malformed",
]);

/** Whether a failure of this kind is transient: a retry may succeed, and it counts against a breaker. */
export function isTransient(kind: ProviderErrorKind): boolean {
  return TRANSIENT.has(kind);
}

/**
 * The kind of an HTTP error status: 429 → `rate_limit`, 408 → `timeout`, 5xx → `server`,
 * 401/403 → `auth`, other 4xx → `bad_request`.
 *
 * @example
 * ```ts
 * import { kindOfStatus } from "./provider_error.ts";
 * console.assert(kindOfStatus(429) === "rate_limit" && kindOfStatus(503) === "server");
 * ```
 */
export function kindOfStatus(status: number): ProviderErrorKind {
  if (status === 429) return "rate_limit";
  if (status === 408) return "timeout";
  if (status >= 500) return "server";
  if (status === 401 || status === 403) return "auth";
  return "bad_request";
}

/**
 * Reads a `retry-after` (seconds or an HTTP date) or `retry-after-ms` header into ms.
 *
 * @example
 * ```ts
 * import { retryAfterMs } from "./provider_error.ts";
 * console.assert(retryAfterMs(new Headers({ "retry-after": "2" })) === 2000);
 * console.assert(retryAfterMs(new Headers()) === undefined);
 * ```
 */
export function retryAfterMs(
  headers: Headers | Record<string, string> | undefined,
  now: number = Date.now(),
): number | undefined {
  if (headers === undefined) return undefined;
  const get = (name: string): string | null =>
    headers instanceof Headers
      ? headers.get(name)
      : headers[name] ?? headers[name.toLowerCase()] ?? null;
  const ms = Number(get("retry-after-ms"));
  if (get("retry-after-ms") !== null && Number.isFinite(ms) && ms >= 0) return ms;
  const value = get("retry-after");
  if (value === null || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * A provider call's failure, thrown by a provider plugin. Its message ends with a
 * `[provider-error {...}]` tag holding {@linkcode ProviderErrorInfo}, which survives the trip
 * over the sandbox's JSON lines.
 *
 * @example
 * ```ts
 * import { ProviderError, parseProviderError } from "./provider_error.ts";
 * const error = new ProviderError("openai: 429 Too Many Requests", {
 *   kind: "rate_limit",
 *   status: 429,
 *   retryAfterMs: 2000,
 * });
 * const parsed = parseProviderError(`ProviderError: ${error.message}`);
 * console.assert(parsed?.info.retryAfterMs === 2000);
 * console.assert(parsed?.message === "openai: 429 Too Many Requests");
 * ```
 */
export class ProviderError extends Error {
  /** The failure's details. */
  readonly info: ProviderErrorInfo;

  /** Creates the error; `message` says what failed, for a human. */
  constructor(message: string, info: ProviderErrorInfo, options?: { cause?: unknown }) {
    super(`${message} ${TAG}${JSON.stringify(info)}]`, options);
    this.name = "ProviderError";
    this.info = info;
  }
}

/**
 * Reads the details a {@linkcode ProviderError} put in a message (as the host receives it),
 * with the message without its tag; undefined for a message without one.
 */
export function parseProviderError(
  text: string,
): { info: ProviderErrorInfo; message: string } | undefined {
  const match = TAGGED.exec(text);
  if (match === null) return undefined;
  try {
    const raw = JSON.parse(match[1]) as Record<string, unknown>;
    if (typeof raw.kind !== "string") return undefined;
    const info: ProviderErrorInfo = { kind: raw.kind as ProviderErrorKind };
    if (typeof raw.status === "number") info.status = raw.status;
    if (typeof raw.retryAfterMs === "number") info.retryAfterMs = raw.retryAfterMs;
    const message = text.replace(match[0], "").replace(/^ProviderError: /, "")
      .replace(/^Plugin "[^"]*" threw in its complete: (ProviderError: )?/, "").trim();
    return { info, message };
  } catch {
    return undefined;
  }
}
