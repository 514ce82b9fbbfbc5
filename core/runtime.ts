/**
 * Assembles what the doors share: the engine with its checkers. Every CLI command and
 * transport builds its runtime here, so they all judge events the same way.
 *
 * @module
 */

import { createEngine, type Engine } from "./engine.ts";

/** Options of {@linkcode createRuntime}. */
export interface RuntimeOptions {
  /** The store location (`--kv`); see `core/store.ts` for the default. */
  kv?: string;
  /** Fail closed: a checker that throws fails the evaluation instead of warning. */
  failClosed?: boolean;
}

/** The assembled runtime. */
export interface Runtime {
  /** The engine every door calls. */
  engine: Engine;
  /** The store location asked for, if any. */
  kv?: string;
  /** Releases what the runtime holds. */
  close(): Promise<void>;
}

/** Builds the runtime. */
export function createRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const engine = createEngine({
    checkers: [],
    onCheckerError: options.failClosed ? "throw" : "warn",
  });
  return Promise.resolve({ engine, kv: options.kv, close: () => Promise.resolve() });
}
