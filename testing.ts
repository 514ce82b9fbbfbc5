/**
 * `@taskorch/mcp/testing`: test a taskorch plugin with tables of named cases, like
 * ESLint's RuleTester.
 *
 * @example
 * ```ts ignore
 * import { PluginTester } from "@taskorch/mcp/testing";
 * import guard from "./my_guard.ts";
 *
 * new PluginTester(guard).run("my-guard", {
 *   valid: [{ name: "ls is fine", event: { hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command: "ls" } } }],
 *   invalid: [{
 *     name: "sudo is flagged",
 *     event: { hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command: "sudo rm -rf /" } },
 *     findings: [{ rule: "my-guard.sudo", category: "destructive_command" }],
 *   }],
 * });
 * ```
 *
 * @module
 */

export {
  type CaseOutcome,
  type ExpectedFinding,
  type InvalidCase,
  type InvalidOptionsCase,
  type PluginCase,
  PluginTester,
  type PluginTesterOptions,
  type PluginTests,
} from "./core/plugin/tester.ts";
