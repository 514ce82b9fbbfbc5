import assert from "node:assert/strict";
import { TaskorchError } from "../errors.ts";
import { ProviderError, type ProviderErrorInfo } from "../plugin/provider_error.ts";
import { DEFAULT_BREAKER_SETTINGS } from "./settings.ts";
import { classifyFailure, retryDelay, withRetry } from "./retry.ts";

const FAST = { ...DEFAULT_BREAKER_SETTINGS, retries: 3, initialDelayMs: 1, maxDelayMs: 50 };

/** What the host receives when a provider plugin throws a ProviderError. */
function thrown(info: ProviderErrorInfo): TaskorchError {
  const error = new ProviderError(`fake: ${info.kind}`, info);
  return new TaskorchError(
    "PLUGIN_CALL_FAILED",
    `Plugin "fake" threw in its complete: ProviderError: ${error.message}`,
  );
}

Deno.test("retry: classification of what a sandboxed provider throws", () => {
  const rate = classifyFailure(thrown({ kind: "rate_limit", status: 429, retryAfterMs: 1500 }));
  assert.deepEqual(rate, {
    kind: "rate_limit",
    transient: true,
    status: 429,
    retryAfterMs: 1500,
    message: "fake: rate_limit",
  });
  assert.equal(classifyFailure(thrown({ kind: "bad_request", status: 400 })).transient, false);
  assert.equal(classifyFailure(thrown({ kind: "auth", status: 401 })).transient, false);
  assert.equal(classifyFailure(new TaskorchError("PLUGIN_TIMEOUT", "t")).transient, true);
  assert.equal(classifyFailure(new TaskorchError("PLUGIN_CRASHED", "c")).kind, "crash");
  assert.equal(classifyFailure(new TaskorchError("PLUGIN_BROKEN", "b")).transient, false);
  assert.equal(classifyFailure(new TaskorchError("PLUGIN_CALL_FAILED", "a bug")).kind, "plugin");
  assert.equal(classifyFailure(new Error("x")).transient, false);
});

Deno.test("retry: delays grow exponentially with jitter, honour retry-after, stay capped", () => {
  const s = { initialDelayMs: 100, maxDelayMs: 1000 };
  assert.deepEqual([1, 2, 3, 4, 5].map((n) => retryDelay(n, s, undefined, () => 1)), [
    100,
    200,
    400,
    800,
    1000,
  ]);
  assert.deepEqual([1, 2, 3].map((n) => retryDelay(n, s, undefined, () => 0)), [50, 100, 200]);
  assert.equal(retryDelay(1, s, 700, () => 0.5), 700);
  assert.equal(retryDelay(1, s, 5000, () => 0.5), 1000);
});

Deno.test("retry: transient failures are retried until success; the retry-after is reported", async () => {
  const seen: string[] = [];
  let calls = 0;
  const result = await withRetry(
    async (n) => {
      calls++;
      await Promise.resolve();
      if (n === 1) throw thrown({ kind: "rate_limit", status: 429, retryAfterMs: 20 });
      if (n === 2) throw thrown({ kind: "server", status: 500 });
      return `ok on ${n}`;
    },
    FAST,
    {
      onRetry: (f, delay, attempt) =>
        seen.push(`${attempt}:${f.kind}:${delay >= 20 && attempt === 1 ? "waited" : "backoff"}`),
    },
  );
  assert.equal(result, "ok on 3");
  assert.equal(calls, 3);
  assert.deepEqual(seen, ["1:rate_limit:waited", "2:server:backoff"]);
});

Deno.test("retry: 4xx, a retry-after beyond the cap and exhausted retries are thrown", async () => {
  let calls = 0;
  await assert.rejects(
    withRetry(() => {
      calls++;
      return Promise.reject(thrown({ kind: "bad_request", status: 400 }));
    }, FAST),
    /bad_request/,
  );
  assert.equal(calls, 1);
  calls = 0;
  await assert.rejects(
    withRetry(() => {
      calls++;
      return Promise.reject(thrown({ kind: "rate_limit", status: 429, retryAfterMs: 60_000 }));
    }, FAST),
    /rate_limit/,
  );
  assert.equal(calls, 1, "a 60 s retry-after is beyond max_delay_ms: not waited for");
  calls = 0;
  await assert.rejects(
    withRetry(() => {
      calls++;
      return Promise.reject(new TaskorchError("PLUGIN_TIMEOUT", "slow"));
    }, FAST),
    /slow/,
  );
  assert.equal(calls, 4, "the first attempt and 3 retries");
});
