/**
 * Replays a recorded Claude Code session as the hook events Claude Code would have sent:
 * each prompt as `UserPromptSubmit`, each tool call as `PreToolUse`, each result as
 * `PostToolUse` (or `PostToolUseFailure`), and the session's last answer as `Stop`. The
 * transcript is streamed; `taskorch scan` runs the engine over these events.
 *
 * @module
 */

import type { AgentEvent } from "../event.ts";
import {
  blocksOf,
  type ContentBlock,
  emptyStats,
  readTranscript,
  resultText,
  type TranscriptStats,
} from "./transcript.ts";

/** One replayed event and where it came from. */
export interface ReplayedEvent {
  /** The event, shaped like Claude Code's hook payload. */
  event: AgentEvent;
  /** The transcript entry's time, when it has one. */
  timestamp?: string;
}

/** Options of {@linkcode replayTranscript}. */
export interface ReplayOptions {
  /** Filled with what reading skipped (corrupt lines, unknown entry types). */
  stats?: TranscriptStats;
}

/** Whether a user entry is the user's own prompt (not a tool result nor injected text). */
function promptOf(blocks: ContentBlock[]): string | undefined {
  if (blocks.some((b) => b.type === "tool_result")) return undefined;
  const text = blocks.filter((b) => b.type === "text").map((b) => b.text ?? "").join("\n").trim();
  // Slash-command plumbing Claude Code records as user text.
  if (text === "" || /^<(?:command-|local-command-|system-reminder)/.test(text)) return undefined;
  return text;
}

/**
 * Yields the hook events of a recorded session, in order.
 *
 * @example
 * ```ts ignore
 * import { replayTranscript } from "./replay.ts";
 * for await (const { event } of replayTranscript("session.jsonl")) {
 *   console.log(event.hook_event_name, event.tool_name ?? "");
 * }
 * ```
 */
export async function* replayTranscript(
  path: string,
  options: ReplayOptions = {},
): AsyncGenerator<ReplayedEvent> {
  const stats = options.stats ?? emptyStats();
  const calls = new Map<string, { name: string; input: Record<string, unknown> }>();
  let session: string | undefined;
  let cwd: string | undefined;
  let lastAnswer: string | undefined;
  let lastTime: string | undefined;
  const base = (): Pick<AgentEvent, "session_id" | "cwd" | "transcript_path"> => ({
    session_id: session ?? "",
    cwd,
    transcript_path: path,
  });
  for await (const entry of readTranscript(path, stats)) {
    if (typeof entry.sessionId === "string") session ??= entry.sessionId;
    if (typeof entry.cwd === "string") cwd = entry.cwd;
    const timestamp = entry.timestamp;
    const blocks = blocksOf(entry);
    if (entry.type === "assistant") {
      const text = blocks.filter((b) => b.type === "text").map((b) => b.text ?? "").join("\n");
      if (text.trim() !== "" && !entry.isSidechain) {
        lastAnswer = text;
        lastTime = timestamp;
      }
      for (const block of blocks) {
        if (block.type !== "tool_use" || typeof block.name !== "string") continue;
        const input = block.input ?? {};
        if (block.id) calls.set(block.id, { name: block.name, input });
        yield {
          event: {
            ...base(),
            hook_event_name: "PreToolUse",
            tool_name: block.name,
            tool_input: input,
            tool_use_id: block.id,
          },
          timestamp,
        };
      }
      continue;
    }
    if (entry.type !== "user") continue;
    const prompt = entry.isMeta || entry.isSidechain ? undefined : promptOf(blocks);
    if (prompt !== undefined) {
      yield { event: { ...base(), hook_event_name: "UserPromptSubmit", prompt }, timestamp };
      continue;
    }
    for (const block of blocks) {
      if (block.type !== "tool_result") continue;
      const call = block.tool_use_id ? calls.get(block.tool_use_id) : undefined;
      const text = resultText(block.content);
      const failed = block.is_error === true;
      yield {
        event: {
          ...base(),
          hook_event_name: failed ? "PostToolUseFailure" : "PostToolUse",
          tool_name: call?.name ?? "unknown",
          tool_input: call?.input ?? {},
          tool_use_id: block.tool_use_id,
          tool_response: entry.toolUseResult ?? text,
        },
        timestamp,
      };
    }
  }
  if (lastAnswer !== undefined) {
    yield {
      event: {
        ...base(),
        hook_event_name: "Stop",
        last_assistant_message: lastAnswer,
        stop_hook_active: false,
      },
      timestamp: lastTime,
    };
  }
}
