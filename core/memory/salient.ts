/**
 * The salient text of an event: what the memory records for a failure and compares with
 * later events. A Bash call's command, a prompt, a final message, a file tool's path; for
 * other tools their arguments as JSON. Cut to 2 KB (`MAX_SALIENT`).
 *
 * @module
 */

import type { AgentEvent } from "../event.ts";

/** Longest salient text. */
export const MAX_SALIENT = 2048;

const PATH_FIELDS = ["file_path", "notebook_path", "path"] as const;

function cut(text: string): string {
  return text.length <= MAX_SALIENT ? text : text.slice(0, MAX_SALIENT);
}

/**
 * The salient text of a tool call from its tool name and input (also used for outcomes,
 * whose `tool_input` may be a string already cut).
 *
 * @example
 * ```ts
 * import { toolText } from "./salient.ts";
 * console.assert(toolText("Bash", { command: "npm test" }) === "npm test");
 * console.assert(toolText("Write", { file_path: "/a/b.ts", content: "x" }) === "Write /a/b.ts");
 * ```
 */
export function toolText(tool: string | undefined, input: unknown): string {
  if (typeof input === "string") return cut(input);
  if (typeof input !== "object" || input === null) return "";
  const fields = input as Record<string, unknown>;
  if (typeof fields.command === "string") return cut(fields.command);
  for (const field of PATH_FIELDS) {
    const value = fields[field];
    if (typeof value === "string") return cut(`${tool ?? ""} ${value}`.trim());
  }
  return cut(`${tool ?? ""} ${JSON.stringify(input)}`.trim());
}

/**
 * The salient text of an event, or "" when it has none.
 *
 * @example
 * ```ts
 * import { salientText } from "./salient.ts";
 * console.assert(salientText({ hook_event_name: "UserPromptSubmit", prompt: "hi" }) === "hi");
 * ```
 */
export function salientText(event: AgentEvent): string {
  switch (event.hook_event_name) {
    case "UserPromptSubmit":
      return cut(event.prompt ?? "");
    case "Stop":
    case "SubagentStop":
      return cut(event.last_assistant_message ?? "");
    default:
      return event.tool_name || event.tool_input
        ? toolText(event.tool_name, event.tool_input)
        : cut(
          event.prompt ?? event.last_assistant_message ?? "",
        );
  }
}
