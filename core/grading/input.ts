/**
 * What a grader receives: the contract between the grading host and grader plugins. The
 * host fills in what it knows; a grader reads the fields it needs and ignores the rest.
 * Plugins import the type from `@taskorch/mcp/grading`.
 *
 * @module
 */

import type { Ledger } from "../claude/ledger.ts";

/** The input of every grader call (plain JSON: it crosses the sandbox's pipe). */
export interface GraderInput {
  /** The output to judge: an agent's answer, a file's content, a diff. */
  output: string;
  /** What the agent was asked to do (the prompt), when known. */
  task?: string;
  /** The expected answer, when known. */
  expected?: string;
  /** Context the output should be faithful to (sources, retrieved documents). */
  context?: string;
  /** A Claude Code transcript (JSONL) path; the host reads it, plugins get `ledger`. */
  transcript_path?: string;
  /** The workspace the output refers to (absolute). */
  cwd?: string;
  /**
   * The evidence ledger the host built from `transcript_path` (commands, file changes, test
   * runs). Given only to graders that ask for it (`claims`, `tests-ran`).
   */
  ledger?: Ledger;
}

/**
 * The output of a grader input as text (a plain string is taken as the output itself).
 *
 * @example
 * ```ts
 * import { inputText } from "./input.ts";
 * console.assert(inputText({ output: "done" }) === "done");
 * console.assert(inputText("plain") === "plain");
 * console.assert(inputText(42) === "");
 * ```
 */
export function inputText(input: unknown): string {
  if (typeof input === "string") return input;
  if (typeof input === "object" && input !== null) {
    const output = (input as { output?: unknown }).output;
    if (typeof output === "string") return output;
  }
  return "";
}

/**
 * The grader input's fields, whatever was passed (a string is `{ output }`).
 *
 * @example
 * ```ts
 * import { graderInput } from "./input.ts";
 * console.assert(graderInput("x").output === "x");
 * console.assert(graderInput({ output: "y", task: "t" }).task === "t");
 * ```
 */
export function graderInput(input: unknown): GraderInput {
  if (typeof input === "string") return { output: input };
  if (typeof input !== "object" || input === null) return { output: "" };
  const fields = input as Record<string, unknown>;
  const text = (name: string): string | undefined =>
    typeof fields[name] === "string" ? fields[name] as string : undefined;
  return {
    output: text("output") ?? "",
    task: text("task"),
    expected: text("expected"),
    context: text("context"),
    transcript_path: text("transcript_path"),
    cwd: text("cwd"),
    ledger: typeof fields.ledger === "object" && fields.ledger !== null
      ? fields.ledger as Ledger
      : undefined,
  };
}
