/**
 * The event: Claude Code's hook JSON, field names exactly as Claude Code sends them
 * (DESIGN.md, contract 1). Every door (MCP tools, hooks, the CLI) turns its input into
 * an {@linkcode AgentEvent} with {@linkcode parseEvent} before the engine sees it.
 *
 * @module
 */

import { TaskorchError } from "./errors.ts";

/** The hook events Claude Code sends. Other names are accepted and passed through. */
export const HOOK_EVENTS = [
  "PreToolUse",
  "PostToolUse",
  "PostToolUseFailure",
  "UserPromptSubmit",
  "Stop",
  "SubagentStop",
  "SessionStart",
  "SessionEnd",
  "Notification",
  "PreCompact",
  "PermissionRequest",
] as const;

/** A known hook event name. */
export type HookEventName = typeof HOOK_EVENTS[number];

/** One agent event, in Claude Code's hook payload shape. Unknown fields are dropped. */
export interface AgentEvent {
  /** Which moment of the agent loop this is, e.g. `PreToolUse`. */
  hook_event_name: HookEventName | (string & Record<never, never>);
  /** The agent session. */
  session_id?: string;
  /** Path of the session transcript (JSONL). */
  transcript_path?: string;
  /** The agent's working directory: the workspace. */
  cwd?: string;
  /** Claude Code's permission mode, e.g. `default`, `acceptEdits`, `bypassPermissions`. */
  permission_mode?: string;
  /** The tool about to run or that ran, e.g. `Bash`, `Write`, `mcp__github__create_issue`. */
  tool_name?: string;
  /** The tool's arguments. */
  tool_input?: Record<string, unknown>;
  /** The tool's result (PostToolUse). */
  tool_response?: unknown;
  /** The tool call's id. */
  tool_use_id?: string;
  /** The user's prompt (UserPromptSubmit). */
  prompt?: string;
  /** The agent's final message (Stop, SubagentStop). */
  last_assistant_message?: string;
  /** True when the agent is already continuing because of a Stop hook. */
  stop_hook_active?: boolean;
}

const STRING_FIELDS = [
  "session_id",
  "transcript_path",
  "cwd",
  "permission_mode",
  "tool_name",
  "tool_use_id",
  "prompt",
  "last_assistant_message",
] as const;

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function invalid(message: string): TaskorchError {
  return new TaskorchError("EVENT_INVALID", `Invalid event: ${message}`);
}

/**
 * Validates a hook payload and returns the event with only the known fields.
 * Throws a {@linkcode TaskorchError} with code `EVENT_INVALID` naming the field and
 * what it held.
 *
 * @example
 * ```ts
 * import { parseEvent } from "./event.ts";
 * const event = parseEvent({ hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command: "ls" }, extra: 1 });
 * console.assert(event.tool_name === "Bash" && !("extra" in event));
 * ```
 */
export function parseEvent(input: unknown): AgentEvent {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw invalid(`expected a JSON object, got ${typeName(input)}`);
  }
  const raw = input as Record<string, unknown>;
  const name = raw.hook_event_name;
  if (typeof name !== "string" || name.length === 0) {
    throw invalid(
      name === undefined
        ? `"hook_event_name" is missing (one of ${HOOK_EVENTS.join(", ")})`
        : `"hook_event_name" must be a non-empty string, got ${typeName(name)}`,
    );
  }
  const event: AgentEvent = { hook_event_name: name };
  for (const field of STRING_FIELDS) {
    const value = raw[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== "string") {
      throw invalid(`"${field}" must be a string, got ${typeName(value)}`);
    }
    event[field] = value;
  }
  if (raw.tool_input !== undefined && raw.tool_input !== null) {
    if (typeof raw.tool_input !== "object" || Array.isArray(raw.tool_input)) {
      throw invalid(`"tool_input" must be an object, got ${typeName(raw.tool_input)}`);
    }
    event.tool_input = raw.tool_input as Record<string, unknown>;
  }
  if (raw.tool_response !== undefined) event.tool_response = raw.tool_response;
  if (raw.stop_hook_active !== undefined && raw.stop_hook_active !== null) {
    if (typeof raw.stop_hook_active !== "boolean") {
      throw invalid(
        `"stop_hook_active" must be a boolean, got ${typeName(raw.stop_hook_active)}`,
      );
    }
    event.stop_hook_active = raw.stop_hook_active;
  }
  const needs: Record<string, string> = {
    PreToolUse: "tool_name",
    PostToolUse: "tool_name",
    PostToolUseFailure: "tool_name",
    UserPromptSubmit: "prompt",
  };
  const required = needs[name] as keyof AgentEvent | undefined;
  if (required && event[required] === undefined) {
    throw invalid(`a ${name} event needs "${required}"`);
  }
  return event;
}

/** Builds the event for a bare prompt, as `UserPromptSubmit`. */
export function promptEvent(prompt: string, extra: Partial<AgentEvent> = {}): AgentEvent {
  return { ...extra, hook_event_name: "UserPromptSubmit", prompt };
}
