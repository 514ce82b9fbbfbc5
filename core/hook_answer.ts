/**
 * The answer to one Claude Code hook payload, shared by `taskorch hook` (a process per
 * event) and the HTTP server's `POST /hook` (Claude Code's `http` hooks): judge the event,
 * turn the verdict into hook output, and do what the event asks for beyond that:
 *
 * - `PostToolUseFailure`: record the failure as an outcome and learn it as a memory pattern
 *   (core/memory/hook_learning.ts); a failed write is reported in `systemMessage` and never
 *   fails the hook;
 * - `Stop` / `SubagentStop`: a block is counted per session and, after the limit of
 *   consecutive blocks, the agent is let stop (core/stop_guard.ts); a block is learned as a
 *   `stop_block` memory pattern;
 * - `SessionStart`: the canary self-test (core/canary.ts), reported if broken, one line if
 *   fine on a fresh start;
 * - `PreToolUse` judged `ask`: the approval inbox (core/inbox/hook_ask.ts): an approval of
 *   this exact call lets it through once, a rejection denies it with the human's reason, else
 *   it is queued as `#ID` (denied with how to approve it when the agent runs headless, asked in
 *   the agent's prompt otherwise). The store is opened only for an `ask`.
 *
 * @module
 */

import { runCanary } from "./canary.ts";
import type { InboxHookOptions } from "./inbox/hook_ask.ts";
import type { Engine } from "./engine.ts";
import { errorMessage } from "./errors.ts";
import { type AgentEvent, parseEvent } from "./event.ts";
import { type HookOutput, hookOutput } from "./hook_output.ts";
import { checkRecordOf } from "./memory/checks.ts";
import type { CheckRecord } from "./memory/types.ts";
import { failureOutcome, recordOutcome } from "./outcomes.ts";
import {
  decideStopBlock,
  DEFAULT_STOP_BLOCK_LIMIT,
  type StopDecision,
  stopDecisionWithoutStore,
} from "./stop_guard.ts";
import type { Store } from "./store.ts";
import { DECISIONS, type Verdict } from "./verdict.ts";

/** What answering a hook needs. */
export interface HookContext {
  /** The engine. */
  engine: Engine;
  /** How many rules the engine runs for tool calls (for the canary). */
  rules: number;
  /** Packs or config that failed to load: reported in `systemMessage` on every event. */
  problems?: readonly string[];
  /**
   * Runs `use` with the store: `taskorch hook` opens and closes it around each use, the
   * HTTP server keeps one open. Absent: nothing is stored (failures are reported).
   */
  withStore?: <T>(use: (store: Store) => Promise<T>) => Promise<T>;
  /** Consecutive Stop blocks allowed per session (default 2). */
  stopBlockLimit?: number;
  /**
   * Records the judged event for the dashboard (core/memory/checks.ts): `taskorch hook`
   * appends to a journal, the HTTP server writes to its open store. Absent: not recorded.
   */
  recordCheck?: (record: CheckRecord) => Promise<void>;
  /**
   * The approval inbox (issue 9) for `PreToolUse` events judged `ask`. Absent: an ask is only
   * `permissionDecision: "ask"`, nothing is queued.
   */
  inbox?: InboxHookOptions;
}

function addMessage(output: HookOutput, note: string): void {
  output.systemMessage = output.systemMessage ? `${output.systemMessage}\n${note}` : note;
}

function withStore<T>(context: HookContext, use: (store: Store) => Promise<T>): Promise<T> {
  if (!context.withStore) return Promise.reject(new Error("no store is configured"));
  return context.withStore(use);
}

/**
 * A {@linkcode HookContext.withStore} that opens the store for each use and closes it
 * after: what a hook process, which lives for one event, needs.
 */
export function storePerUse(
  open: () => Promise<Store>,
): <T>(use: (store: Store) => Promise<T>) => Promise<T> {
  return async (use) => {
    const store = await open();
    try {
      return await use(store);
    } finally {
      store.close();
    }
  };
}

async function stopDecision(
  context: HookContext,
  session: string | undefined,
  active: boolean,
): Promise<{ decision: StopDecision; note?: string }> {
  const limit = context.stopBlockLimit ?? DEFAULT_STOP_BLOCK_LIMIT;
  if (!session) return { decision: stopDecisionWithoutStore(active, limit) };
  try {
    return {
      decision: await withStore(context, (store) => decideStopBlock(store, session, active, limit)),
    };
  } catch (error) {
    return {
      decision: stopDecisionWithoutStore(active, limit),
      note: `taskorch could not count Stop blocks in the store (${
        errorMessage(error)
      }); it blocks only the first Stop in a row.`,
    };
  }
}

/**
 * Answers one hook payload (already parsed from JSON). Throws only when the payload is
 * not a valid event or evaluation itself fails; the caller decides fail open or closed.
 *
 * @example
 * ```ts
 * import { createEngine } from "./engine.ts";
 * import { answerHook } from "./hook_answer.ts";
 * const out = await answerHook(
 *   { hook_event_name: "UserPromptSubmit", prompt: "hello" },
 *   { engine: createEngine(), rules: 0 },
 * );
 * console.assert(JSON.stringify(out) === "{}");
 * ```
 */
export async function answerHook(raw: unknown, context: HookContext): Promise<HookOutput> {
  const event = parseEvent(raw);
  const payload = raw as Record<string, unknown>;
  const verdict = await context.engine.evaluate(event);
  let output: HookOutput;
  switch (event.hook_event_name) {
    case "Stop":
    case "SubagentStop": {
      const wantsBlock = DECISIONS.indexOf(verdict.decision) >= DECISIONS.indexOf("ask");
      if (!wantsBlock) {
        output = hookOutput(event, verdict);
        break;
      }
      const { decision, note } = await stopDecision(
        context,
        event.session_id,
        event.stop_hook_active === true,
      );
      output = hookOutput(event, verdict, { allowStopBlock: decision.block });
      if (decision.block && context.withStore) {
        // Learned memory: the blocked final message becomes a stop_block pattern.
        try {
          const { learnFromStopBlock } = await import("./memory/hook_learning.ts");
          await withStore(context, (store) => learnFromStopBlock(store, event, verdict));
        } catch (error) {
          addMessage(
            output,
            `taskorch could not record the blocked Stop in its memory: ${errorMessage(error)}`,
          );
        }
      }
      if (!decision.block) {
        addMessage(
          output,
          decision.limit === 0
            ? "taskorch does not block at Stop (limit 0): the agent stops with the findings above."
            : `taskorch let the agent stop: it already blocked ${decision.count} Stop(s) in a row ` +
              `(limit ${decision.limit}). Check the findings above yourself.`,
        );
      }
      if (note) addMessage(output, note);
      break;
    }
    case "PostToolUseFailure": {
      output = hookOutput(event, verdict);
      try {
        await withStore(context, async (store) => {
          const outcome = failureOutcome(payload);
          const key = await recordOutcome(store, outcome);
          // Learned memory: the failure becomes a tool_failure pattern.
          const { learnFromOutcome } = await import("./memory/hook_learning.ts");
          await learnFromOutcome(store, outcome, key);
        });
      } catch (error) {
        addMessage(
          output,
          `taskorch could not record the failed ${event.tool_name} call for its memory: ${
            errorMessage(error)
          }`,
        );
      }
      break;
    }
    case "SessionStart": {
      output = hookOutput(event, verdict);
      const report = await runCanary({
        engine: context.engine,
        rules: context.rules,
        withStore: context.withStore,
      });
      if (!report.ok) {
        const text = `taskorch self-test FAILED, so its checks may not protect this session: ${
          report.problems.join("; ")
        }.`;
        addMessage(output, text);
        output.hookSpecificOutput = {
          hookEventName: "SessionStart",
          additionalContext: `${text} Tell the user before doing anything risky.`,
        };
      } else if (payload.source === undefined || payload.source === "startup") {
        addMessage(output, report.summary);
      }
      break;
    }
    case "PreToolUse": {
      output = hookOutput(event, verdict);
      if (verdict.decision !== "ask" || !context.inbox || !context.withStore) break;
      const inbox = context.inbox;
      try {
        const { answerAsk } = await import("./inbox/hook_ask.ts");
        output = await withStore(
          context,
          (store) => answerAsk(event, verdict, output, store, inbox),
        );
      } catch (error) {
        addMessage(
          output,
          `taskorch could not queue this call in its approval inbox (${
            errorMessage(error)
          }); answer it here.`,
        );
      }
      break;
    }
    default:
      output = hookOutput(event, verdict);
  }
  if (context.problems && context.problems.length > 0) {
    addMessage(output, `taskorch: ${context.problems.join("; ")}`);
  }
  await recordHookCheck(context, event, verdict, output);
  return output;
}

/** Check recording (issue 5): one record per judged event; a failed write is only reported. */
async function recordHookCheck(
  context: HookContext,
  event: AgentEvent,
  verdict: Verdict,
  output: HookOutput,
): Promise<void> {
  if (!context.recordCheck) return;
  try {
    await context.recordCheck(checkRecordOf(event, verdict, "hook"));
  } catch (error) {
    addMessage(
      output,
      `taskorch could not record this check for its dashboard: ${errorMessage(error)}`,
    );
  }
}
