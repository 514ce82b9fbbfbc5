/**
 * taskorch: an immune system for coding agents. It judges every agent event (a prompt,
 * a tool call, a tool's result, the final answer) against rule packs and a memory of
 * past failures, and decides allow, warn, ask, deny or block.
 *
 * Run as a program it is the CLI (`deno run -A --unstable-kv jsr:@taskorch/mcp`, which
 * serves MCP over stdio); imported, it is the library.
 *
 * @example
 * ```ts
 * import { createEngine } from "@taskorch/mcp";
 * const engine = createEngine();
 * const verdict = await engine.evaluate({ hook_event_name: "UserPromptSubmit", prompt: "hi" });
 * console.log(verdict.decision); // "allow"
 * ```
 *
 * @module
 */

export { type Checker, createEngine, type Engine, type EngineOptions } from "./core/engine.ts";
export { type AgentEvent, HOOK_EVENTS, type HookEventName, parseEvent } from "./core/event.ts";
export {
  CATEGORIES,
  type Category,
  type Decision,
  DECISIONS,
  type Finding,
  type FindingSource,
  SEVERITIES,
  type Severity,
  type Verdict,
} from "./core/verdict.ts";
export { type ErrorCode, TaskorchError } from "./core/errors.ts";
export { type HookOutput, hookOutput } from "./core/hook_output.ts";
export {
  createMcpHttpHandler,
  createMcpServer,
  type McpServerOptions,
  serveStdio,
  type StdioSession,
  type TaskorchMcpServer,
} from "./core/mcp.ts";
export { main } from "./core/cli.ts";
// The plugin SDK: the same exports as `@taskorch/mcp/plugin`.
export * from "./plugin.ts";

import { main } from "./core/cli.ts";

if (import.meta.main) {
  const code = await main(Deno.args);
  Deno.exit(code);
}
