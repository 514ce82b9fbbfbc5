/**
 * The engine: one `evaluate(event)` that every door (MCP tools, hooks, CLI) calls.
 * Sources of findings plug in as {@linkcode Checker}s: rule packs, evidence checks,
 * learned memory and guard plugins each contribute one.
 *
 * @module
 */

import { errorMessage } from "./errors.ts";
import type { AgentEvent } from "./event.ts";
import { verdictOf } from "./risk.ts";
import { checkSkipped, type Finding, type Verdict } from "./verdict.ts";

/** A source of findings. */
export interface Checker {
  /** A short name, used when the checker fails, e.g. `rules` or `memory`. */
  readonly name: string;
  /** Returns what it notices about the event; an empty array when nothing. */
  check(event: AgentEvent): Finding[] | Promise<Finding[]>;
}

/** Options of {@linkcode createEngine}. */
export interface EngineOptions {
  /** The sources of findings, consulted in order. */
  checkers?: Checker[];
  /**
   * What a checker that throws becomes: `warn` (default) turns it into a finding and
   * goes on; `throw` fails the evaluation (the operator chose fail-closed).
   */
  onCheckerError?: "warn" | "throw";
  /** Findings less confident than this are dropped (default 0: keep all). */
  minConfidence?: number;
}

/** The engine every door shares. */
export interface Engine {
  /** Judges one event. */
  evaluate(event: AgentEvent): Promise<Verdict>;
  /** The names of the checkers consulted, in order. */
  readonly checkers: readonly string[];
}

/**
 * Creates the engine.
 *
 * @example
 * ```ts
 * import { createEngine } from "./engine.ts";
 * const engine = createEngine();
 * const verdict = await engine.evaluate({ hook_event_name: "UserPromptSubmit", prompt: "hello" });
 * console.assert(verdict.decision === "allow");
 * ```
 */
export function createEngine(options: EngineOptions = {}): Engine {
  const checkers = [...(options.checkers ?? [])];
  const onError = options.onCheckerError ?? "warn";
  const minConfidence = options.minConfidence ?? 0;

  async function run(checker: Checker, event: AgentEvent): Promise<Finding[]> {
    try {
      return await checker.check(event);
    } catch (error) {
      if (onError === "throw") throw error;
      return [
        checkSkipped(
          `taskorch.checker-failed.${checker.name}`,
          `The ${checker.name} checker failed and was skipped: ${errorMessage(error)}`,
        ),
      ];
    }
  }

  return {
    checkers: checkers.map((c) => c.name),
    async evaluate(event: AgentEvent): Promise<Verdict> {
      const findings: Finding[] = [];
      for (const checker of checkers) findings.push(...await run(checker, event));
      return verdictOf(
        minConfidence > 0 ? findings.filter((f) => (f.confidence ?? 1) >= minConfidence) : findings,
      );
    },
  };
}
