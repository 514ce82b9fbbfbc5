/**
 * The canary: a self-test the `SessionStart` hook runs, because a guard that fails
 * silently open is worse than none. It checks that the rule packs loaded, that a
 * known-bad event is denied and a known-good one allowed, and that the store opens.
 *
 * @module
 */

import type { Engine } from "./engine.ts";
import { errorMessage } from "./errors.ts";
import type { AgentEvent } from "./event.ts";
import type { Store } from "./store.ts";
import { keys } from "./store_schema.ts";
import { DECISIONS } from "./verdict.ts";

/** The known-bad event: must be denied (or blocked). */
export const CANARY_BAD: AgentEvent = {
  hook_event_name: "PreToolUse",
  session_id: "taskorch-canary",
  cwd: "/home/user/project",
  tool_name: "Bash",
  tool_input: { command: "rm -rf /" },
};

/** The known-good event: must be allowed. */
export const CANARY_GOOD: AgentEvent = {
  hook_event_name: "PreToolUse",
  session_id: "taskorch-canary",
  cwd: "/home/user/project",
  tool_name: "Bash",
  tool_input: { command: "ls -la" },
};

/** What the canary found. */
export interface CanaryReport {
  /** Whether every check passed. */
  ok: boolean;
  /** What failed, one sentence each. */
  problems: string[];
  /** One line: what is active. */
  summary: string;
}

/** What the canary needs. */
export interface CanaryInput {
  /** The engine the hooks use. */
  engine: Engine;
  /** How many rules are loaded (0 means the packs did not load). */
  rules: number;
  /** Runs `use` with the store the hooks write to. */
  withStore?: <T>(use: (store: Store) => Promise<T>) => Promise<T>;
}

/**
 * Runs the self-test.
 *
 * @example
 * ```ts
 * import { createEngine } from "./engine.ts";
 * import { runCanary } from "./canary.ts";
 * const report = await runCanary({ engine: createEngine(), rules: 0 });
 * console.assert(!report.ok && report.problems.length >= 2);
 * ```
 */
export async function runCanary(input: CanaryInput): Promise<CanaryReport> {
  const problems: string[] = [];
  if (input.rules === 0) problems.push("no rules are loaded, so nothing is checked");
  try {
    const bad = await input.engine.evaluate(CANARY_BAD);
    if (DECISIONS.indexOf(bad.decision) < DECISIONS.indexOf("deny")) {
      problems.push(
        `the known-bad command "rm -rf /" got "${bad.decision}" instead of "deny" ` +
          `(is the destructive pack disabled or overridden in .taskorch/config.yaml?)`,
      );
    }
    const good = await input.engine.evaluate(CANARY_GOOD);
    if (good.decision !== "allow") {
      problems.push(
        `the known-good command "ls -la" got "${good.decision}" instead of "allow" (${
          good.findings.map((f) => f.rule).join(", ")
        })`,
      );
    }
  } catch (error) {
    problems.push(`evaluating the self-test events failed: ${errorMessage(error)}`);
  }
  let storeNote = "";
  if (input.withStore) {
    try {
      await input.withStore(async (store) => {
        await store.get(keys.schemaVersion());
        storeNote = `, store ${store.path}`;
      });
    } catch (error) {
      problems.push(`the store did not open: ${errorMessage(error)}`);
    }
  }
  return {
    ok: problems.length === 0,
    problems,
    summary: `taskorch active: ${input.rules} rules for tool calls${storeNote}`,
  };
}
