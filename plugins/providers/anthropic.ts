/**
 * The Anthropic provider: the Messages API through the official `@anthropic-ai/sdk`. Network
 * limited to `api.anthropic.com`; the key is read from `ANTHROPIC_API_KEY` or the variable
 * named by `apiKeyEnv`. The SDK reads a dozen `ANTHROPIC_*` variables while it makes a client
 * and a request (`ANTHROPIC_CUSTOM_HEADERS`, `ANTHROPIC_OPEN_TELEMETRY*`, `ANTHROPIC_LOG`...)
 * and fails without access, so the plugin asks for `ANTHROPIC_*`; the options it sets
 * (key, base URL, log level) win over the variables.
 *
 * ```yaml
 * plugins:
 *   - from: ./plugins/providers/anthropic.ts
 *     kind: provider
 *     name: anthropic
 *     grant: { net: [api.anthropic.com], env: ["ANTHROPIC_*"] }
 *     options: { model: claude-haiku-4-5 }
 * ```
 *
 * @module
 */

import Anthropic from "@anthropic-ai/sdk";
import {
  type CompletionRequest,
  defineProvider,
  kindOfStatus,
  ProviderError,
  retryAfterMs,
  type Usage,
} from "@taskorch/mcp/plugin";
import { z } from "zod";
import { readApiKey } from "./api_key.ts";

const options = z.object({
  /** The API base URL (default `https://api.anthropic.com`); its host must be granted. */
  baseUrl: z.url().default("https://api.anthropic.com"),
  /** The variable holding the API key (default `ANTHROPIC_API_KEY`). */
  apiKeyEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).default("ANTHROPIC_API_KEY"),
  /** The model when a request names none. */
  model: z.string().min(1).default("claude-haiku-4-5"),
  /** `max_tokens` when a request gives none (the Messages API requires one). */
  maxTokens: z.number().int().positive().default(1024),
  /** How long to wait for an answer when a request gives no `timeout_ms`, in ms. */
  timeoutMs: z.number().int().positive().default(60_000),
}).strict();

/** The Anthropic provider's options, parsed. */
export type AnthropicOptions = z.infer<typeof options>;

/** The Messages API usage on the wire. */
export interface AnthropicUsage {
  /** Uncached input tokens (cache reads and writes are apart). */
  input_tokens?: number;
  /** Generated tokens (thinking included: Anthropic does not split it out). */
  output_tokens?: number;
  /** Tokens read from the cache. */
  cache_read_input_tokens?: number | null;
  /** Tokens written to the cache, all TTLs. */
  cache_creation_input_tokens?: number | null;
  /** The writes by TTL, when reported. */
  cache_creation?:
    | { ephemeral_5m_input_tokens?: number; ephemeral_1h_input_tokens?: number }
    | null;
}

/**
 * Maps Anthropic usage to the ledger's: `input` as is (it excludes cache), `cache_read`,
 * `cache_write` (5-minute writes) and `cache_write_1h` when the TTL breakdown is given.
 *
 * @example
 * ```ts
 * import { mapAnthropicUsage } from "./anthropic.ts";
 * const usage = mapAnthropicUsage({
 *   input_tokens: 50,
 *   output_tokens: 20,
 *   cache_read_input_tokens: 1000,
 *   cache_creation_input_tokens: 300,
 *   cache_creation: { ephemeral_5m_input_tokens: 100, ephemeral_1h_input_tokens: 200 },
 * });
 * console.assert(usage.input === 50 && usage.cache_read === 1000);
 * console.assert(usage.cache_write === 100 && usage.cache_write_1h === 200);
 * ```
 */
export function mapAnthropicUsage(usage: AnthropicUsage | null | undefined): Usage {
  const mapped: Usage = { input: usage?.input_tokens ?? 0, output: usage?.output_tokens ?? 0 };
  const read = usage?.cache_read_input_tokens ?? 0;
  if (read > 0) mapped.cache_read = read;
  const byTtl = usage?.cache_creation;
  const fiveMinutes = byTtl?.ephemeral_5m_input_tokens;
  const oneHour = byTtl?.ephemeral_1h_input_tokens;
  if (byTtl && (fiveMinutes !== undefined || oneHour !== undefined)) {
    if ((fiveMinutes ?? 0) > 0) mapped.cache_write = fiveMinutes;
    if ((oneHour ?? 0) > 0) mapped.cache_write_1h = oneHour;
  } else {
    const written = usage?.cache_creation_input_tokens ?? 0;
    if (written > 0) mapped.cache_write = written;
  }
  return mapped;
}

function anthropicError(error: unknown, timeoutMs: number): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof Anthropic.APIConnectionTimeoutError) {
    return new ProviderError(`anthropic: no answer within ${timeoutMs} ms`, { kind: "timeout" });
  }
  if (error instanceof Anthropic.APIUserAbortError) {
    return new ProviderError("anthropic: the call was cancelled", { kind: "timeout" });
  }
  if (error instanceof Anthropic.APIConnectionError) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
    return new ProviderError(`anthropic: cannot connect${cause}`, { kind: "network" });
  }
  if (error instanceof Anthropic.APIError && typeof error.status === "number") {
    const after = retryAfterMs(error.headers ?? undefined);
    // 529 "overloaded" is Anthropic's transient capacity error: a server error.
    return new ProviderError(`anthropic: ${error.message}`, {
      kind: kindOfStatus(error.status),
      status: error.status,
      ...(after !== undefined ? { retryAfterMs: after } : {}),
    });
  }
  if (error instanceof SyntaxError) {
    return new ProviderError(`anthropic: the answer is not valid JSON: ${error.message}`, {
      kind: "malformed",
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError(`anthropic: ${message}`, { kind: "network" });
}

export default defineProvider<CompletionRequest, AnthropicOptions>({
  meta: {
    name: "anthropic",
    version: "1.0.0",
    description:
      "Anthropic Messages API (official SDK); usage with cache reads and 5-minute/1-hour writes.",
    permissions: {
      net: ["api.anthropic.com"],
      env: ["ANTHROPIC_*"],
    },
  },
  options,
  async complete(request, ctx) {
    const timeoutMs = request.timeout_ms ?? ctx.options.timeoutMs;
    const client = new Anthropic({
      apiKey: readApiKey("anthropic", ctx.options.apiKeyEnv),
      authToken: null,
      baseURL: ctx.options.baseUrl,
      webhookKey: null,
      maxRetries: 0,
      timeout: timeoutMs,
      logLevel: "off",
    });
    // The Messages API has no JSON mode: a JSON request is asked for in the system prompt.
    const system = request.response_format === "json"
      ? [request.system, "Answer with one JSON object and nothing else."].filter(Boolean).join(
        "\n\n",
      )
      : request.system;
    const started = performance.now();
    let message: Anthropic.Message;
    try {
      message = await client.messages.create({
        model: request.model ?? ctx.options.model,
        max_tokens: request.max_tokens ?? ctx.options.maxTokens,
        messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
        ...(system !== undefined ? { system } : {}),
        ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      }, { signal: ctx.signal });
    } catch (error) {
      throw anthropicError(error, timeoutMs);
    }
    if (!Array.isArray(message?.content) || typeof message.model !== "string") {
      throw new ProviderError("anthropic: the answer has no content or no model", {
        kind: "malformed",
      });
    }
    const text = message.content
      .map((block) => block.type === "text" ? block.text : "")
      .join("");
    return {
      text,
      model: message.model,
      usage: mapAnthropicUsage(message.usage as AnthropicUsage),
      ...(message.stop_reason ? { finish_reason: message.stop_reason } : {}),
      latency_ms: Math.round(performance.now() - started),
    };
  },
});
