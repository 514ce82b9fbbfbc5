/**
 * The plugin SDK's three helpers. Each returns its spec as the plugin a module
 * default-exports, typed precisely (hono-style identity helpers): the kind is filled
 * in from the helper used and `permissions` defaults to none.
 *
 * @module
 */

import type {
  CompletionRequest,
  GraderPlugin,
  GraderSpec,
  GuardPlugin,
  GuardSpec,
  PluginKind,
  PluginMeta,
  ProviderPlugin,
  ProviderSpec,
  SpecMeta,
} from "./types.ts";

function metaOf<K extends PluginKind>(meta: SpecMeta<K>, kind: K): PluginMeta & { kind: K } {
  return { ...meta, kind, permissions: meta.permissions ?? {} };
}

/**
 * Defines a guard: a plugin that judges agent events and returns findings.
 *
 * @example
 * ```ts
 * import { defineGuard } from "./define.ts";
 * const guard = defineGuard({
 *   meta: { name: "no-curl", version: "1.0.0", description: "Flags curl.", permissions: {} },
 *   check(event) {
 *     const command = String(event.tool_input?.command ?? "");
 *     return {
 *       findings: command.startsWith("curl ")
 *         ? [{ rule: "no-curl.used", category: "other", severity: "low", message: "curl" }]
 *         : [],
 *     };
 *   },
 * });
 * console.assert(guard.meta.kind === "guard");
 * ```
 */
export function defineGuard<O = undefined>(spec: GuardSpec<O>): GuardPlugin<O> {
  return { ...spec, meta: metaOf(spec.meta, "guard") };
}

/**
 * Defines a grader: a plugin that judges an output and returns pass, score and reason.
 *
 * @example
 * ```ts
 * import { defineGrader } from "./define.ts";
 * const grader = defineGrader({
 *   meta: { name: "non-empty", version: "1.0.0", description: "Passes non-empty text." },
 *   grade(input: { output: string }) {
 *     const pass = input.output.trim().length > 0;
 *     return { pass, score: pass ? 1 : 0, reason: pass ? "has text" : "empty" };
 *   },
 * });
 * console.assert(grader.meta.kind === "grader");
 * ```
 */
export function defineGrader<I = unknown, O = undefined>(
  spec: GraderSpec<I, O>,
): GraderPlugin<I, O> {
  return { ...spec, meta: metaOf(spec.meta, "grader") };
}

/**
 * Defines a provider: a plugin that calls an LLM and returns its text, usage and model.
 *
 * @example
 * ```ts
 * import { defineProvider } from "./define.ts";
 * const echo = defineProvider({
 *   meta: { name: "echo", version: "0.1.0", description: "Echoes the prompt." },
 *   complete(request: { prompt: string }) {
 *     return { text: request.prompt, usage: { input: 0, output: 0 }, model: "echo" };
 *   },
 * });
 * console.assert(echo.meta.kind === "provider");
 * ```
 */
export function defineProvider<R = CompletionRequest, O = undefined>(
  spec: ProviderSpec<R, O>,
): ProviderPlugin<R, O> {
  return { ...spec, meta: metaOf(spec.meta, "provider") };
}
