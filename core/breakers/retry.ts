/**
 * Retries of provider calls with `npm:cockatiel`: transient failures (429, 5xx, timeouts,
 * connection failures, malformed answers, a crashed or timed-out plugin process) are retried
 * with exponential backoff and jitter, waiting at least what the provider's `retry-after`
 * asked; other failures (4xx, a missing key, an open breaker, a broken plugin) are not.
 *
 * @module
 */

import { handleWhen, type IBackoff, type IRetryBackoffContext, retry } from "cockatiel";
import { errorMessage, TaskorchError } from "../errors.ts";
import { isTransient, parseProviderError } from "../plugin/provider_error.ts";
import type { BreakerSettings } from "./settings.ts";

/** A failed provider call, classified. */
export interface Failure {
  /** `rate_limit`, `server`, `timeout`, `network`, `malformed`, `auth`, `bad_request`, `config`, `crash`, `breaker_open`, `plugin`. */
  kind: string;
  /** Whether a retry may succeed; transient failures also count against the breaker. */
  transient: boolean;
  /** The HTTP status, when there was one. */
  status?: number;
  /** The wait the provider asked for, in ms. */
  retryAfterMs?: number;
  /** What failed, for a human. */
  message: string;
}

/**
 * Classifies what a sandboxed provider call threw.
 *
 * @example
 * ```ts
 * import { TaskorchError } from "../errors.ts";
 * import { ProviderError } from "../plugin/provider_error.ts";
 * import { classifyFailure } from "./retry.ts";
 * const thrown = new TaskorchError(
 *   "PLUGIN_CALL_FAILED",
 *   `Plugin "openai" threw in its complete: ProviderError: ${
 *     new ProviderError("openai: 503", { kind: "server", status: 503 }).message
 *   }`,
 * );
 * const failure = classifyFailure(thrown);
 * console.assert(failure.transient && failure.status === 503);
 * ```
 */
export function classifyFailure(error: unknown): Failure {
  const message = errorMessage(error);
  if (error instanceof TaskorchError) {
    if (error.code === "PLUGIN_CALL_FAILED") {
      const parsed = parseProviderError(message);
      if (parsed !== undefined) {
        return {
          kind: parsed.info.kind,
          transient: isTransient(parsed.info.kind),
          ...(parsed.info.status !== undefined ? { status: parsed.info.status } : {}),
          ...(parsed.info.retryAfterMs !== undefined
            ? { retryAfterMs: parsed.info.retryAfterMs }
            : {}),
          message: parsed.message,
        };
      }
      return { kind: "plugin", transient: false, message };
    }
    if (error.code === "PLUGIN_TIMEOUT") return { kind: "timeout", transient: true, message };
    if (error.code === "PLUGIN_CRASHED") return { kind: "crash", transient: true, message };
    if (error.code === "BREAKER_OPEN") return { kind: "breaker_open", transient: false, message };
  }
  return { kind: "plugin", transient: false, message };
}

/**
 * The wait before retry `attempt` (1-based): exponential from `initialDelayMs`, with jitter
 * (between half and all of it), at least `retryAfterMs`, at most `maxDelayMs`.
 *
 * @example
 * ```ts
 * import { retryDelay } from "./retry.ts";
 * const settings = { initialDelayMs: 100, maxDelayMs: 10_000 };
 * console.assert(retryDelay(3, settings, undefined, () => 1) === 400);
 * console.assert(retryDelay(1, settings, 2000, () => 0) === 2000);
 * ```
 */
export function retryDelay(
  attempt: number,
  settings: Pick<BreakerSettings, "initialDelayMs" | "maxDelayMs">,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(settings.maxDelayMs, settings.initialDelayMs * 2 ** (attempt - 1));
  const jittered = Math.round(exponential / 2 + (exponential / 2) * random());
  return Math.min(settings.maxDelayMs, Math.max(jittered, retryAfterMs ?? 0));
}

class RetryAfterBackoff implements IBackoff<IRetryBackoffContext<unknown>> {
  constructor(
    private readonly settings: BreakerSettings,
    private readonly attempt: number,
    readonly duration: number,
  ) {}

  next(context: IRetryBackoffContext<unknown>): IBackoff<IRetryBackoffContext<unknown>> {
    const error = "error" in context.result ? context.result.error : undefined;
    const after = classifyFailure(error).retryAfterMs;
    const attempt = this.attempt + 1;
    return new RetryAfterBackoff(
      this.settings,
      attempt,
      retryDelay(attempt, this.settings, after),
    );
  }
}

/** Options of {@linkcode withRetry}. */
export interface RetryOptions {
  /** Cancels the waits and further attempts. */
  signal?: AbortSignal;
  /** Called before each retry with the failure and the wait. */
  onRetry?: (failure: Failure, delayMs: number, attempt: number) => void;
}

/**
 * Runs `attempt` and retries transient failures (at most `settings.retries` times). A failure
 * whose `retry-after` is longer than `maxDelayMs` is not waited for: it is thrown at once.
 */
export async function withRetry<T>(
  attempt: (n: number) => Promise<T>,
  settings: BreakerSettings,
  options: RetryOptions = {},
): Promise<T> {
  const policy = retry(
    handleWhen((error) => {
      const failure = classifyFailure(error);
      return failure.transient && (failure.retryAfterMs ?? 0) <= settings.maxDelayMs;
    }),
    {
      maxAttempts: settings.retries,
      backoff: new RetryAfterBackoff(settings, 0, 0),
    },
  );
  const listener = policy.onRetry((event) => {
    if ("error" in event) {
      options.onRetry?.(classifyFailure(event.error), event.delay, event.attempt);
    }
  });
  try {
    return await policy.execute((context) => attempt(context.attempt + 1), options.signal);
  } finally {
    listener.dispose();
  }
}
