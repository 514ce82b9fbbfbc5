/**
 * The OpenAI provider: Chat Completions through the official `openai` SDK. Network limited to
 * `api.openai.com` (grant another host, e.g. a proxy, with `baseUrl`); the key is read from
 * `OPENAI_API_KEY` or the variable named by `apiKeyEnv` (grant it too).
 *
 * ```yaml
 * plugins:
 *   - from: ./plugins/providers/openai.ts
 *     kind: provider
 *     name: openai
 *     grant: { net: [api.openai.com], env: [OPENAI_API_KEY] }
 *     options: { model: gpt-5-mini }
 * ```
 *
 * @module
 */

import { type CompletionRequest, defineProvider } from "@taskorch/mcp/plugin";
import { z } from "zod";
import { completeChat } from "./openai_chat.ts";

const options = z.object({
  /** The API base URL (default `https://api.openai.com/v1`); its host must be granted. */
  baseUrl: z.url().default("https://api.openai.com/v1"),
  /** The variable holding the API key (default `OPENAI_API_KEY`). */
  apiKeyEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).default("OPENAI_API_KEY"),
  /** The model when a request names none. */
  model: z.string().min(1).default("gpt-5-mini"),
  /** `max_tokens` when a request gives none. */
  maxTokens: z.number().int().positive().default(1024),
  /** How long to wait for an answer when a request gives no `timeout_ms`, in ms. */
  timeoutMs: z.number().int().positive().default(60_000),
}).strict();

/** The OpenAI provider's options, parsed. */
export type OpenAIOptions = z.infer<typeof options>;

export default defineProvider<CompletionRequest, OpenAIOptions>({
  meta: {
    name: "openai",
    version: "1.0.0",
    description:
      "OpenAI Chat Completions (official openai SDK); usage split into cache and reasoning.",
    permissions: { net: ["api.openai.com"], env: ["OPENAI_API_KEY"] },
  },
  options,
  complete(request, ctx) {
    return completeChat({ label: "openai", ...ctx.options }, request, ctx.signal);
  },
});
