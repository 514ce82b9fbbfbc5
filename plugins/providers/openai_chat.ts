/**
 * The Chat Completions call shared by the OpenAI and OpenAI-compatible provider plugins:
 * builds the request with the official `openai` SDK (its own retries off: the host's
 * breaker retries), maps usage to the ledger's convention and errors to `ProviderError`.
 *
 * @module
 */

import OpenAI from "openai";
import {
  type CompletionRequest,
  type CompletionResult,
  kindOfStatus,
  ProviderError,
  retryAfterMs,
  type Usage,
} from "@taskorch/mcp/plugin";
import { readApiKey } from "./api_key.ts";

/** The connection settings of one Chat Completions endpoint. */
export interface ChatEndpoint {
  /** The provider's name, for messages (`openai`, `ollama`...). */
  label: string;
  /** The API base URL, ending in `/v1` for most servers. */
  baseUrl: string;
  /** The variable holding the API key; undefined for servers without keys (Ollama). */
  apiKeyEnv?: string;
  /** The model when the request names none. */
  model: string;
  /** `max_tokens` when the request gives none. */
  maxTokens: number;
  /** The SDK's request timeout when the request gives none, in ms. */
  timeoutMs: number;
}

/** The OpenAI wire usage, as Chat Completions reports it. */
export interface OpenAIUsage {
  /** All prompt tokens, cached included. */
  prompt_tokens?: number;
  /** All generated tokens, reasoning included. */
  completion_tokens?: number;
  /** Breakdown of the prompt. */
  prompt_tokens_details?: { cached_tokens?: number | null } | null;
  /** Breakdown of the completion. */
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
}

/**
 * Maps OpenAI usage to the ledger's: `input` = prompt − cached, `cache_read` = cached,
 * `output` = completion − reasoning, `reasoning` = reasoning.
 *
 * @example
 * ```ts
 * import { mapOpenAIUsage } from "./openai_chat.ts";
 * const usage = mapOpenAIUsage({
 *   prompt_tokens: 1000,
 *   completion_tokens: 300,
 *   prompt_tokens_details: { cached_tokens: 800 },
 *   completion_tokens_details: { reasoning_tokens: 200 },
 * });
 * console.assert(usage.input === 200 && usage.cache_read === 800);
 * console.assert(usage.output === 100 && usage.reasoning === 200);
 * ```
 */
export function mapOpenAIUsage(usage: OpenAIUsage | null | undefined): Usage {
  const prompt = usage?.prompt_tokens ?? 0;
  const completion = usage?.completion_tokens ?? 0;
  const cached = Math.min(usage?.prompt_tokens_details?.cached_tokens ?? 0, prompt);
  const reasoning = Math.min(usage?.completion_tokens_details?.reasoning_tokens ?? 0, completion);
  const mapped: Usage = { input: prompt - cached, output: completion - reasoning };
  if (cached > 0) mapped.cache_read = cached;
  if (reasoning > 0) mapped.reasoning = reasoning;
  return mapped;
}

/** Maps what the `openai` SDK threw to a `ProviderError` the host can classify. */
export function openAIError(label: string, error: unknown, timeoutMs: number): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return new ProviderError(`${label}: no answer within ${timeoutMs} ms`, { kind: "timeout" });
  }
  if (error instanceof OpenAI.APIUserAbortError) {
    return new ProviderError(`${label}: the call was cancelled`, { kind: "timeout" });
  }
  if (error instanceof OpenAI.APIConnectionError) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
    return new ProviderError(`${label}: cannot connect${cause}`, { kind: "network" });
  }
  if (error instanceof OpenAI.APIError && typeof error.status === "number") {
    const after = retryAfterMs(error.headers);
    return new ProviderError(`${label}: ${error.message}`, {
      kind: kindOfStatus(error.status),
      status: error.status,
      ...(after !== undefined ? { retryAfterMs: after } : {}),
    });
  }
  if (error instanceof SyntaxError) {
    return new ProviderError(`${label}: the answer is not valid JSON: ${error.message}`, {
      kind: "malformed",
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError(`${label}: ${message}`, { kind: "network" });
}

/** Builds the Chat Completions messages: the system prompt first, then the conversation. */
function chatMessages(request: CompletionRequest): OpenAI.Chat.ChatCompletionMessageParam[] {
  const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [];
  if (request.system !== undefined) messages.push({ role: "system", content: request.system });
  for (const message of request.messages) {
    messages.push({ role: message.role, content: message.content });
  }
  return messages;
}

/** Calls Chat Completions once (no SDK retries) and maps the answer. */
export async function completeChat(
  endpoint: ChatEndpoint,
  request: CompletionRequest,
  signal: AbortSignal,
): Promise<CompletionResult> {
  const timeoutMs = request.timeout_ms ?? endpoint.timeoutMs;
  const apiKey = endpoint.apiKeyEnv === undefined
    ? "none"
    : readApiKey(endpoint.label, endpoint.apiKeyEnv);
  const client = new OpenAI({
    apiKey,
    baseURL: endpoint.baseUrl,
    organization: null,
    project: null,
    webhookSecret: null,
    maxRetries: 0,
    timeout: timeoutMs,
    logLevel: "off",
  });
  const started = performance.now();
  let completion: OpenAI.Chat.ChatCompletion;
  try {
    completion = await client.chat.completions.create({
      model: request.model ?? endpoint.model,
      messages: chatMessages(request),
      max_completion_tokens: request.max_tokens ?? endpoint.maxTokens,
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      ...(request.response_format === "json"
        ? { response_format: { type: "json_object" as const } }
        : {}),
    }, { signal });
  } catch (error) {
    throw openAIError(endpoint.label, error, timeoutMs);
  }
  const choice = completion?.choices?.[0];
  if (choice === undefined || typeof completion.model !== "string") {
    throw new ProviderError(`${endpoint.label}: the answer has no choices or no model`, {
      kind: "malformed",
    });
  }
  return {
    text: choice.message?.content ?? "",
    model: completion.model,
    usage: mapOpenAIUsage(completion.usage),
    ...(choice.finish_reason ? { finish_reason: choice.finish_reason } : {}),
    latency_ms: Math.round(performance.now() - started),
  };
}
