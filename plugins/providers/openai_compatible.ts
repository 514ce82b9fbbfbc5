/**
 * Any OpenAI-compatible Chat Completions endpoint by base URL: Ollama
 * (`http://127.0.0.1:11434/v1`), vLLM, LM Studio, OpenRouter (`https://openrouter.ai/api/v1`).
 * It asks for no network by itself: the operator grants exactly the endpoint's host, so the
 * base URL is reachable only when granted. A key is optional (`apiKeyEnv`, granted as env).
 *
 * ```yaml
 * plugins:
 *   - from: ./plugins/providers/openai_compatible.ts
 *     kind: provider
 *     name: ollama
 *     grant: { net: ["127.0.0.1:11434"] }
 *     options: { baseUrl: "http://127.0.0.1:11434/v1", model: llama3.2, label: ollama }
 * ```
 *
 * @module
 */

import { type CompletionRequest, defineProvider } from "@taskorch/mcp/plugin";
import { z } from "zod";
import { completeChat } from "./openai_chat.ts";

const options = z.object({
  /** The endpoint's base URL, usually ending in `/v1`; its host must be granted. */
  baseUrl: z.url(),
  /** The variable holding the API key; omit for servers without keys. */
  apiKeyEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).optional(),
  /** The model when a request names none. */
  model: z.string().min(1),
  /** The name used in messages (default `openai-compatible`). */
  label: z.string().min(1).max(100).default("openai-compatible"),
  /** `max_tokens` when a request gives none. */
  maxTokens: z.number().int().positive().default(1024),
  /** How long to wait for an answer when a request gives no `timeout_ms`, in ms. */
  timeoutMs: z.number().int().positive().default(120_000),
}).strict();

/** The OpenAI-compatible provider's options, parsed. */
export type OpenAICompatibleOptions = z.infer<typeof options>;

export default defineProvider<CompletionRequest, OpenAICompatibleOptions>({
  meta: {
    name: "openai-compatible",
    version: "1.0.0",
    description:
      "Any OpenAI-compatible endpoint by base URL (Ollama, vLLM, LM Studio, OpenRouter).",
    permissions: {},
  },
  options,
  complete(request, ctx) {
    return completeChat(ctx.options, request, ctx.signal);
  },
});
