/**
 * The internal parsing context shared by the parser ({@link ./parse.ts}) and the command
 * builder ({@link ./command.ts}): where commands go, how deep we are, and how to descend into
 * nested sources.
 *
 * @module
 */

import type { Substitution } from "./tokens.ts";
import type { SimpleCommand } from "./types.ts";

/** Text that a pipeline stage most likely writes to the next stage's standard input. */
export interface PipedText {
  /** The text. */
  text: string;
  /** The `via` label of commands parsed out of it: `"heredoc"` or `"stdin"`. */
  label: "heredoc" | "stdin";
}

/** Where and how deep a (possibly nested) parse is running. */
export interface ParseContext {
  /** The flat output list of commands. */
  readonly out: SimpleCommand[];
  /** The shared list of problems. */
  readonly errors: string[];
  /** Nesting depth: 0 for the top-level source. */
  readonly depth: number;
  /** The `via` prefix of every command emitted in this context. */
  readonly via: readonly string[];
  /** Wrappers inherited from the command whose argument is being parsed. */
  readonly inherit: readonly string[];
  /** Parses `source` one level deeper, reached via `label`; records an error past the limit. */
  nested(source: string, label: string, inherit: readonly string[]): void;
  /** Parses a command or process substitution one level deeper. */
  substitution(sub: Substitution): void;
  /** A context one level deeper, or undefined (and an error recorded) past the limit. */
  deeper(label: string, inherit: readonly string[]): ParseContext | undefined;
  /** A context at the same depth with `label` appended to `via` (e.g. a subshell). */
  within(label: string): ParseContext;
}
