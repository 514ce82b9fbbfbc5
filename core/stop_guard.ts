/**
 * The Stop guard: a `Stop` (or `SubagentStop`) hook that blocks makes the agent keep
 * working, and a hook that always blocks would keep it working forever. taskorch counts the
 * consecutive blocks of each session in the store (`["stop_blocks", session_id]`) and,
 * after `limit` of them, lets the agent stop and says so.
 *
 * Claude Code sets `stop_hook_active` when the agent is continuing because a Stop hook
 * blocked it: a Stop without it starts a new chain (the count starts again from 0).
 * Without a session id or a store, only the first block of a chain is allowed (taskorch
 * then behaves as if the limit were 1).
 *
 * @module
 */

import type { Store } from "./store.ts";
import { keys } from "./store_schema.ts";

/** Consecutive Stop blocks allowed per session unless configured otherwise. */
export const DEFAULT_STOP_BLOCK_LIMIT = 2;

/** A block taskorch wants to make at Stop, and whether it may. */
export interface StopDecision {
  /** Whether to block this Stop. */
  block: boolean;
  /** Blocks in a row so far, including this one when it blocks. */
  count: number;
  /** The limit in force. */
  limit: number;
}

/**
 * Decides whether a wanted Stop block may happen, and counts it. Store errors propagate:
 * the caller falls back to {@linkcode stopDecisionWithoutStore}.
 *
 * @example
 * ```ts
 * import { openStore } from "./store.ts";
 * import { decideStopBlock } from "./stop_guard.ts";
 * using store = await openStore({ path: ":memory:" });
 * const first = await decideStopBlock(store, "s1", false, 2);
 * const second = await decideStopBlock(store, "s1", true, 2);
 * const third = await decideStopBlock(store, "s1", true, 2);
 * console.assert(first.block && second.block && !third.block);
 * ```
 */
export async function decideStopBlock(
  store: Store,
  session: string,
  stopHookActive: boolean,
  limit: number,
): Promise<StopDecision> {
  const key = keys.stopBlocks(session);
  let decision: StopDecision = { block: false, count: 0, limit };
  await store.update<number>(key, (current) => {
    const before = stopHookActive ? (typeof current === "number" ? current : 0) : 0;
    decision = before < limit
      ? { block: true, count: before + 1, limit }
      : { block: false, count: before, limit };
    return decision.count;
  }, { expireIn: 24 * 60 * 60 * 1000 });
  return decision;
}

/** The decision when the store cannot be used: block only the first Stop of a chain. */
export function stopDecisionWithoutStore(stopHookActive: boolean, limit: number): StopDecision {
  const block = !stopHookActive && limit > 0;
  return { block, count: block ? 1 : 0, limit };
}

/**
 * Parses a limit from a flag or `TASKORCH_STOP_BLOCK_LIMIT`: a whole number ≥ 0 (0: never
 * block at Stop, only report). Returns undefined for anything else.
 */
export function parseStopBlockLimit(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,4}$/.test(value.trim())) return undefined;
  return Number(value.trim());
}
