/**
 * The plugin SDK alone, for plugin authors: `defineGuard`, `defineGrader`,
 * `defineProvider` and their types, without the engine, the CLI or the MCP server (a
 * sandboxed plugin that imports `@taskorch/mcp/plugin` starts much faster than one that
 * imports `@taskorch/mcp`).
 *
 * @example
 * ```ts
 * import { defineGuard } from "./plugin.ts";
 * const guard = defineGuard({
 *   meta: { name: "no-sudo", version: "1.0.0", description: "Flags sudo.", permissions: {} },
 *   check: (event) => ({
 *     findings: String(event.tool_input?.command ?? "").startsWith("sudo ")
 *       ? [{ rule: "no-sudo", category: "other", severity: "high", message: "sudo runs as root" }]
 *       : [],
 *   }),
 * });
 * console.assert(guard.meta.kind === "guard");
 * ```
 *
 * @module
 */

export { defineGrader, defineGuard, defineProvider } from "./core/plugin/define.ts";
export { kindOfStatus, ProviderError, retryAfterMs } from "./core/plugin/provider_error.ts";
export type { ProviderErrorInfo, ProviderErrorKind } from "./core/plugin/provider_error.ts";
export type {
  CompletionRequest,
  CompletionResult,
  GradeResult,
  GraderPlugin,
  GraderSpec,
  GuardFinding,
  GuardPlugin,
  GuardResult,
  GuardSpec,
  OptionsSchema,
  Permissions,
  Plugin,
  PluginCache,
  PluginContext,
  PluginKind,
  PluginMeta,
  ProviderPlugin,
  ProviderSpec,
  SpecMeta,
  Usage,
} from "./core/plugin/types.ts";
