/**
 * The Gemini provider: `generateContent` through the official `@google/genai` SDK (the
 * maintained successor of `@google/generative-ai`). It loads the SDK's web build, which
 * reads no environment variables (the Node build reads eleven at import: GOOGLE_API_KEY,
 * GEMINI_API_KEY, GOOGLE_CLOUD_PROJECT, GOOGLE_CLOUD_LOCATION, GOOGLE_GENAI_USE_VERTEXAI,
 * GOOGLE_GENAI_USE_ENTERPRISE, GOOGLE_VERTEX_BASE_URL, GOOGLE_GEMINI_BASE_URL,
 * GOOGLE_GENAI_API_VERSION, GOOGLE_SDK_NODE_LOGGING, WS_NO_BUFFER_UTIL), so the plugin asks
 * only for its key variable. Network limited to `generativelanguage.googleapis.com`.
 *
 * ```yaml
 * plugins:
 *   - from: ./plugins/providers/gemini.ts
 *     kind: provider
 *     name: gemini
 *     grant: { net: [generativelanguage.googleapis.com], env: [GEMINI_API_KEY] }
 *     options: { model: gemini-2.5-flash }
 * ```
 *
 * @module
 */

import { ApiError, GoogleGenAI } from "@google/genai/web";
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
  /** The API base URL (default `https://generativelanguage.googleapis.com`); grant its host. */
  baseUrl: z.url().default("https://generativelanguage.googleapis.com"),
  /** The API version in the path (default `v1beta`, where generateContent lives). */
  apiVersion: z.string().regex(/^v[0-9a-z]+$/).default("v1beta"),
  /** The variable holding the API key (default `GEMINI_API_KEY`). */
  apiKeyEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).default("GEMINI_API_KEY"),
  /** The model when a request names none. */
  model: z.string().min(1).default("gemini-2.5-flash"),
  /** `maxOutputTokens` when a request gives no `max_tokens`. */
  maxTokens: z.number().int().positive().default(1024),
  /** How long to wait for an answer when a request gives no `timeout_ms`, in ms. */
  timeoutMs: z.number().int().positive().default(60_000),
}).strict();

/** The Gemini provider's options, parsed. */
export type GeminiOptions = z.infer<typeof options>;

/** Gemini's `usageMetadata` on the wire. */
export interface GeminiUsage {
  /** All prompt tokens, cached content included. */
  promptTokenCount?: number;
  /** Prompt tokens served from cached content. */
  cachedContentTokenCount?: number;
  /** Generated answer tokens (thoughts excluded). */
  candidatesTokenCount?: number;
  /** Thinking tokens. */
  thoughtsTokenCount?: number;
  /** Tokens of tool-use prompts (billed as input). */
  toolUsePromptTokenCount?: number;
}

/**
 * Maps Gemini usage to the ledger's: `input` = prompt + tool-use prompt − cached,
 * `cache_read` = cached, `output` = candidates, `reasoning` = thoughts.
 *
 * @example
 * ```ts
 * import { mapGeminiUsage } from "./gemini.ts";
 * const usage = mapGeminiUsage({
 *   promptTokenCount: 1000,
 *   cachedContentTokenCount: 600,
 *   candidatesTokenCount: 40,
 *   thoughtsTokenCount: 90,
 * });
 * console.assert(usage.input === 400 && usage.cache_read === 600);
 * console.assert(usage.output === 40 && usage.reasoning === 90);
 * ```
 */
export function mapGeminiUsage(usage: GeminiUsage | null | undefined): Usage {
  const prompt = (usage?.promptTokenCount ?? 0) + (usage?.toolUsePromptTokenCount ?? 0);
  const cached = Math.min(usage?.cachedContentTokenCount ?? 0, prompt);
  const mapped: Usage = { input: prompt - cached, output: usage?.candidatesTokenCount ?? 0 };
  if (cached > 0) mapped.cache_read = cached;
  const thoughts = usage?.thoughtsTokenCount ?? 0;
  if (thoughts > 0) mapped.reasoning = thoughts;
  return mapped;
}

/** `"17s"` or `"1.5s"` from a google.rpc.RetryInfo `retryDelay` in an error body, in ms. */
function retryDelayMs(text: string): number | undefined {
  const match = /"retryDelay"\s*:\s*"(\d+(?:\.\d+)?)s"/.exec(text);
  return match ? Math.round(Number(match[1]) * 1000) : undefined;
}

function geminiError(error: unknown, timeoutMs: number, headers?: Headers): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof ApiError) {
    const after = retryAfterMs(headers) ?? retryDelayMs(error.message);
    return new ProviderError(`gemini: ${error.status} ${error.message.slice(0, 500)}`, {
      kind: kindOfStatus(error.status),
      status: error.status,
      ...(after !== undefined ? { retryAfterMs: after } : {}),
    });
  }
  const name = error instanceof Error ? error.name : "";
  const message = error instanceof Error ? error.message : String(error);
  if (name === "AbortError" || name === "TimeoutError") {
    return new ProviderError(`gemini: no answer within ${timeoutMs} ms`, { kind: "timeout" });
  }
  if (error instanceof SyntaxError) {
    return new ProviderError(`gemini: the answer is not valid JSON: ${message}`, {
      kind: "malformed",
    });
  }
  return new ProviderError(`gemini: ${message}`, { kind: "network" });
}

export default defineProvider<CompletionRequest, GeminiOptions>({
  meta: {
    name: "gemini",
    version: "1.0.0",
    description:
      "Google Gemini generateContent (official @google/genai); usage with cached and thinking tokens.",
    permissions: { net: ["generativelanguage.googleapis.com"], env: ["GEMINI_API_KEY"] },
  },
  options,
  async complete(request, ctx) {
    const timeoutMs = request.timeout_ms ?? ctx.options.timeoutMs;
    let headers: Headers | undefined;
    const ai = new GoogleGenAI({
      apiKey: readApiKey("gemini", ctx.options.apiKeyEnv),
      httpOptions: {
        baseUrl: ctx.options.baseUrl,
        apiVersion: ctx.options.apiVersion,
        timeout: timeoutMs,
        // Keeps the last response's headers, for retry-after on errors.
        fetch: async (input, init) => {
          const response = await fetch(input, init);
          headers = response.headers;
          return response;
        },
      },
    });
    const started = performance.now();
    let response;
    try {
      response = await ai.models.generateContent({
        model: request.model ?? ctx.options.model,
        contents: request.messages.map((m) => ({
          role: m.role === "assistant" ? "model" : "user",
          parts: [{ text: m.content }],
        })),
        config: {
          abortSignal: ctx.signal,
          maxOutputTokens: request.max_tokens ?? ctx.options.maxTokens,
          ...(request.system !== undefined ? { systemInstruction: request.system } : {}),
          ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
          ...(request.response_format === "json" ? { responseMimeType: "application/json" } : {}),
        },
      });
    } catch (error) {
      throw geminiError(error, timeoutMs, headers);
    }
    const candidate = response?.candidates?.[0];
    if (candidate === undefined) {
      throw new ProviderError("gemini: the answer has no candidates", { kind: "malformed" });
    }
    const text = (candidate.content?.parts ?? [])
      .map((part) => part.thought ? "" : part.text ?? "")
      .join("");
    return {
      text,
      model: response.modelVersion ?? request.model ?? ctx.options.model,
      usage: mapGeminiUsage(response.usageMetadata),
      ...(candidate.finishReason ? { finish_reason: candidate.finishReason } : {}),
      latency_ms: Math.round(performance.now() - started),
    };
  },
});
