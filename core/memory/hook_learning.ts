/**
 * Automatic recording: the hooks turn failures into patterns, in the hook process itself and
 * only for the rare events that are failures, so the frequent ones (`PreToolUse`) stay fast.
 *
 * - `PostToolUseFailure`: the hook already opens the store to write the outcome
 *   (`["outcomes", day, id]`, core/outcomes.ts); {@linkcode learnFromOutcome} turns that
 *   outcome into a `tool_failure` pattern in the same store session. An interrupted tool (the
 *   user pressed Esc) is not a failure of the agent and is not learned.
 * - `Stop` / `SubagentStop` blocked by the claims check: {@linkcode learnFromStopBlock} records
 *   the final message as a `stop_block` pattern.
 *
 * @module
 */

import type { AgentEvent } from "../event.ts";
import type { Outcome } from "../outcomes.ts";
import type { Store } from "../store.ts";
import { formatKey } from "../store_schema.ts";
import { type Category, DECISIONS, type Verdict } from "../verdict.ts";
import { learnFailure, type LearnResult } from "./learn.ts";
import { toolText } from "./salient.ts";

/** Error texts that name the category of a tool failure (the rest are `other`). */
const ERROR_CATEGORIES: [RegExp, Category][] = [
  [
    /\b(?:E404|404 Not Found|No matching distribution|Could not find a version|ModuleNotFoundError|Cannot find (?:module|package)|Unable to resolve dependency|package .{1,80} (?:not found|does not exist)|no such package|could not resolve)\b/i,
    "hallucinated_package",
  ],
  [
    /No such file or directory|ENOENT|does not exist|cannot access|not found: .*[/\\]|pathspec .* did not match/i,
    "hallucinated_path",
  ],
  [
    /has no attribute|is not a function|undefined method|unknown (?:option|flag|argument)|unrecognized (?:option|argument)|no such (?:option|command|subcommand)/i,
    "fabricated_api",
  ],
];

/**
 * The category of a tool failure, from its error text.
 *
 * @example
 * ```ts
 * import { errorCategory } from "./hook_learning.ts";
 * console.assert(errorCategory("ls: cannot access 'x': No such file or directory") === "hallucinated_path");
 * console.assert(errorCategory("npm ERR! 404 Not Found - GET https://registry.npmjs.org/lefpad") === "hallucinated_package");
 * console.assert(errorCategory("Exit code 1") === "other");
 * ```
 */
export function errorCategory(error: string): Category {
  const head = error.slice(0, 4096);
  for (const [pattern, category] of ERROR_CATEGORIES) if (pattern.test(head)) return category;
  return "other";
}

/** The most telling line of an error: the first that is not an exit code banner. */
export function errorHeadline(error: string): string {
  const lines = error.split("\n").map((l) => l.trim()).filter(Boolean);
  const telling = lines.find((l) => !/^exit code \d+$/i.test(l)) ?? lines[0] ?? "";
  return telling.length <= 240 ? telling : `${telling.slice(0, 239)}…`;
}

/**
 * Learns the pattern of a recorded tool failure. Returns undefined when there is nothing to
 * learn (an interrupted tool, a call with no text).
 */
export async function learnFromOutcome(
  store: Store,
  outcome: Outcome,
  outcomeKey?: Deno.KvKey,
): Promise<LearnResult | undefined> {
  if (outcome.kind !== "tool_failed") return undefined;
  const text = toolText(outcome.tool_name, outcome.tool_input);
  if (text.trim() === "") return undefined;
  const headline = errorHeadline(outcome.error);
  const evidence = [
    outcomeKey ? `outcome ${formatKey(outcomeKey)}` : undefined,
    outcome.tool_use_id ? `tool_use_id ${outcome.tool_use_id}` : undefined,
  ].filter(Boolean).join(", ");
  try {
    return await learnFailure(store, {
      category: errorCategory(outcome.error),
      text,
      description: `${outcome.tool_name} failed: ${headline}`,
      suggestion: `This ${outcome.tool_name} call failed before ("${headline}"). ` +
        "Find out why from that error and change the call instead of repeating it.",
      source: "tool_failure",
      cwd: outcome.cwd,
      event: "PostToolUseFailure",
      tool: outcome.tool_name,
      evidence: evidence || undefined,
      at: outcome.at,
    });
  } catch (error) {
    // A call whose text holds no word (only paths or numbers) has nothing to match on.
    if ((error as { code?: string }).code === "INPUT_INVALID") return undefined;
    throw error;
  }
}

/**
 * Learns the pattern of a Stop the claims check blocked: the final message, with the
 * strictest finding's category and message. Returns undefined without a final message.
 */
export async function learnFromStopBlock(
  store: Store,
  event: AgentEvent,
  verdict: Verdict,
): Promise<LearnResult | undefined> {
  const text = event.last_assistant_message?.trim() ?? "";
  const strictest =
    [...verdict.findings].sort((a, b) =>
      DECISIONS.indexOf(b.action ?? "warn") - DECISIONS.indexOf(a.action ?? "warn")
    )[0];
  if (text === "" || !strictest) return undefined;
  try {
    return await learnFailure(store, {
      category: strictest.category,
      text,
      description: `Stop blocked (${strictest.rule}): ${strictest.message}`,
      suggestion: strictest.suggestion ?? verdict.suggestions[0],
      source: "stop_block",
      cwd: event.cwd,
      event: event.hook_event_name,
      evidence: event.transcript_path ? `transcript ${event.transcript_path}` : undefined,
    });
  } catch (error) {
    if ((error as { code?: string }).code === "INPUT_INVALID") return undefined;
    throw error;
  }
}
