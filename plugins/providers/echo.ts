/**
 * An example provider: answers with the last user message it was given, without calling any
 * model (for tests and offline runs). Written with the public SDK exactly as a third party would.
 *
 * @module
 */

import { defineProvider } from "@taskorch/mcp/plugin";
import { z } from "zod";

const options = z.object({
  /** Put in front of the echoed text (default none). */
  prefix: z.string().max(1000).default(""),
}).strict();

/** The provider's options, parsed. */
export type EchoOptions = z.infer<typeof options>;

/** What the echo provider reads: a `prompt`, or chat `messages` (the last user one is echoed). */
export interface EchoRequest {
  /** A plain prompt. */
  prompt?: string;
  /** A conversation; the last `user` message's text is echoed. */
  messages?: Array<{ role: string; content: string }>;
  /** Other request fields are ignored. */
  [key: string]: unknown;
}

/**
 * The text the echo provider answers with for `request`.
 *
 * @example
 * ```ts
 * import { echoText } from "./echo.ts";
 * console.assert(echoText({ messages: [{ role: "user", content: "hi" }] }) === "hi");
 * console.assert(echoText({ prompt: "yo" }) === "yo");
 * ```
 */
export function echoText(request: EchoRequest): string {
  const messages = Array.isArray(request.messages) ? request.messages : [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message?.role === "user" && typeof message.content === "string") return message.content;
  }
  return typeof request.prompt === "string" ? request.prompt : "";
}

/** Whitespace-separated words, as a stand-in for tokens. */
function words(text: string): number {
  return text.split(/\s+/).filter((word) => word !== "").length;
}

export default defineProvider<EchoRequest, EchoOptions>({
  meta: {
    name: "echo",
    version: "1.0.0",
    description: "Answers with the last user message, without calling a model (tests, offline).",
    permissions: {},
  },
  options,
  complete(request, ctx) {
    const input = echoText(request);
    const text = ctx.options.prefix + input;
    return {
      text,
      usage: { input: words(input), output: words(text) },
      model: "echo",
    };
  },
});
