/**
 * Field paths into an event, as rules name them: dotted paths such as
 * `tool_input.command` or `tool_response.stdout`, and virtual fields that spare rule
 * authors from knowing every tool's input shape: `text`, `command`, `content`,
 * `file_path`, `response`, `url`.
 *
 * @module
 */

import type { AgentEvent } from "../event.ts";

/** The virtual fields and what they read. */
export const VIRTUAL_FIELDS: Record<string, string> = {
  text:
    "the event's salient text: the command, the written content, the tool's response, the prompt or the final message",
  command: "tool_input.command",
  content: "what a Write, Edit, MultiEdit or NotebookEdit puts into a file",
  file_path: "tool_input.file_path, path or notebook_path",
  response: "tool_response as text (every string in it, one per line)",
  url: "tool_input.url",
};

/** Joins every string (and number) leaf of a value, one per line. */
export function textOf(value: unknown, depth = 0): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (depth > 8) return "";
  if (Array.isArray(value)) {
    return value.map((v) => textOf(v, depth + 1)).filter((s) => s !== "").join("\n");
  }
  if (typeof value === "object") {
    return Object.values(value as Record<string, unknown>).map((v) => textOf(v, depth + 1))
      .filter((s) => s !== "").join("\n");
  }
  return "";
}

function contentOf(input: Record<string, unknown> | undefined): string {
  if (!input) return "";
  const parts: string[] = [];
  for (const key of ["content", "new_string", "new_source"]) {
    if (typeof input[key] === "string") parts.push(input[key] as string);
  }
  if (Array.isArray(input.edits)) {
    for (const edit of input.edits) {
      const text = (edit as Record<string, unknown>)?.new_string;
      if (typeof text === "string") parts.push(text);
    }
  }
  return parts.join("\n");
}

function salient(event: AgentEvent): string {
  switch (event.hook_event_name) {
    case "UserPromptSubmit":
      return event.prompt ?? "";
    case "Stop":
    case "SubagentStop":
      return event.last_assistant_message ?? "";
    case "PostToolUse":
    case "PostToolUseFailure":
      return textOf(event.tool_response);
  }
  const input = event.tool_input;
  if (!input) return event.prompt ?? event.last_assistant_message ?? "";
  if (typeof input.command === "string") return input.command;
  const content = contentOf(input);
  if (content) return content;
  return textOf(input);
}

/**
 * Reads a field of an event as text. Objects and arrays read as their string leaves
 * joined by newlines; a missing field reads as `undefined`.
 *
 * @example
 * ```ts
 * import { readField } from "./fields.ts";
 * const event = { hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command: "ls" } };
 * console.assert(readField(event, "text") === "ls");
 * console.assert(readField(event, "tool_input.command") === "ls");
 * ```
 */
export function readField(event: AgentEvent, field: string): string | undefined {
  switch (field) {
    case "text":
      return salient(event);
    case "command": {
      const command = event.tool_input?.command;
      return typeof command === "string" ? command : undefined;
    }
    case "content": {
      const content = contentOf(event.tool_input);
      return content === "" ? undefined : content;
    }
    case "file_path": {
      const input = event.tool_input ?? {};
      const path = input.file_path ?? input.path ?? input.notebook_path;
      return typeof path === "string" ? path : undefined;
    }
    case "response":
      return event.tool_response === undefined ? undefined : textOf(event.tool_response);
    case "url": {
      const url = event.tool_input?.url;
      return typeof url === "string" ? url : undefined;
    }
  }
  let value: unknown = event;
  for (const part of field.split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  if (value === undefined) return undefined;
  return textOf(value);
}

/** Whether a field name is virtual or a dotted path into a known event field. */
export function isKnownField(field: string): boolean {
  if (field in VIRTUAL_FIELDS) return true;
  const root = field.split(".")[0];
  return [
    "hook_event_name",
    "session_id",
    "transcript_path",
    "cwd",
    "permission_mode",
    "tool_name",
    "tool_input",
    "tool_response",
    "tool_use_id",
    "prompt",
    "last_assistant_message",
    "stop_hook_active",
  ].includes(root);
}
