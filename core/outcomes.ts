/**
 * Outcomes: what happened after taskorch judged an event, kept for the learned memory.
 * The `PostToolUseFailure` hook records each failed tool call under
 * `["outcomes", day, id]` (core/store_schema.ts); `id` starts with the time, so a list of a
 * day comes out in order.
 *
 * @module
 */

import type { Store } from "./store.ts";
import { keys, utcDay } from "./store_schema.ts";

/** The kinds of outcome recorded so far. */
export type OutcomeKind = "tool_failed" | "tool_interrupted";

/** One recorded outcome. */
export interface Outcome {
  /** What happened: a tool failed, or the user interrupted it. */
  kind: OutcomeKind;
  /** When it was recorded (ISO 8601). */
  at: string;
  /** The agent session. */
  session_id?: string;
  /** The workspace. */
  cwd?: string;
  /** The tool that failed. */
  tool_name: string;
  /** The tool call's id. */
  tool_use_id?: string;
  /** The tool's arguments; a string cut to {@linkcode MAX_TEXT} when they were larger. */
  tool_input?: unknown;
  /** The error Claude Code reported, cut to {@linkcode MAX_TEXT}. */
  error: string;
}

/** Longest text kept per field (Deno KV values are at most 64 KiB). */
export const MAX_TEXT = 8192;

function cut(text: string): string {
  return text.length <= MAX_TEXT ? text : `${text.slice(0, MAX_TEXT)}… (${text.length} chars)`;
}

/**
 * Builds the outcome of a `PostToolUseFailure` payload (Claude Code sends `error` and
 * `is_interrupt` beside the usual tool fields).
 *
 * @example
 * ```ts
 * import { failureOutcome } from "./outcomes.ts";
 * const outcome = failureOutcome({
 *   hook_event_name: "PostToolUseFailure", tool_name: "Bash",
 *   tool_input: { command: "npm test" }, error: "Exit code 1",
 * });
 * console.assert(outcome.kind === "tool_failed" && outcome.error === "Exit code 1");
 * ```
 */
export function failureOutcome(payload: Record<string, unknown>, now = new Date()): Outcome {
  const text = (value: unknown): string | undefined =>
    typeof value === "string" && value !== "" ? value : undefined;
  const input = payload.tool_input;
  const json = input === undefined ? undefined : JSON.stringify(input);
  const error = text(payload.error) ?? text(payload.error_message) ??
    (payload.tool_response === undefined ? "" : JSON.stringify(payload.tool_response));
  const outcome: Outcome = {
    kind: payload.is_interrupt === true ? "tool_interrupted" : "tool_failed",
    at: now.toISOString(),
    tool_name: text(payload.tool_name) ?? "unknown",
    error: cut(error || "(Claude Code gave no error text)"),
  };
  for (const field of ["session_id", "cwd", "tool_use_id"] as const) {
    const value = text(payload[field]);
    if (value) outcome[field] = value;
  }
  if (json !== undefined) outcome.tool_input = json.length <= MAX_TEXT ? input : cut(json);
  return outcome;
}

/** Writes an outcome and returns its key. Store errors propagate (the caller reports them). */
export async function recordOutcome(store: Store, outcome: Outcome): Promise<Deno.KvKey> {
  const id = `${outcome.at}-${crypto.randomUUID().slice(0, 8)}`;
  const key = keys.outcome(utcDay(new Date(outcome.at)), id);
  await store.set(key, outcome);
  return key;
}
