/**
 * The first-party provider plugins shipped in `plugins/providers/`, and the deno.json that maps
 * their imports (`@taskorch/mcp/plugin`, `openai`, `@anthropic-ai/sdk`, `@google/genai`, `zod`).
 *
 * @module
 */

import { fileURLToPath } from "node:url";

const at = (file: string) => new URL(`../../plugins/providers/${file}`, import.meta.url).href;

/** The built-in provider plugins' modules, by the name their meta gives. */
export const BUILTIN_PROVIDERS: Readonly<Record<string, string>> = Object.freeze({
  openai: at("openai.ts"),
  anthropic: at("anthropic.ts"),
  gemini: at("gemini.ts"),
  "openai-compatible": at("openai_compatible.ts"),
  echo: at("echo.ts"),
});

/** The deno.json for the built-in providers' imports. */
export const BUILTIN_PROVIDER_CONFIG: string = (() => {
  const url = new URL("../../deno.json", import.meta.url);
  return url.protocol === "file:" ? fileURLToPath(url) : url.href;
})();

/**
 * Whether `url` (a file URL, or an absolute path) is one of the built-in provider modules.
 *
 * @example
 * ```ts
 * import { BUILTIN_PROVIDERS, isBuiltinProvider } from "./builtin.ts";
 * console.assert(isBuiltinProvider(BUILTIN_PROVIDERS.openai));
 * console.assert(!isBuiltinProvider("/tmp/mine.ts"));
 * ```
 */
export function isBuiltinProvider(url: string): boolean {
  const href = url.startsWith("/") ? new URL(`file://${url}`).href : url;
  return Object.values(BUILTIN_PROVIDERS).includes(href);
}
