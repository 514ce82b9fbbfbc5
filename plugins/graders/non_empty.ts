/**
 * An example grader: fails an output that is empty or only whitespace, and one shorter than
 * `minChars`. Written with the public SDK exactly as a third party would.
 *
 * @module
 */

import { defineGrader } from "@taskorch/mcp/plugin";
import { z } from "zod";

const options = z.object({
  /** The fewest non-whitespace characters a passing output has (default 1). */
  minChars: z.number().int().min(1).max(1_000_000).default(1),
}).strict();

/** The grader's options, parsed. */
export type NonEmptyOptions = z.infer<typeof options>;

/** What the grader judges: an output, as text or as `{ output }`. */
export type NonEmptyInput = string | { output?: unknown };

/**
 * The text of a grader input: the string itself or its `output` field (other shapes are empty).
 *
 * @example
 * ```ts
 * import { outputText } from "./non_empty.ts";
 * console.assert(outputText({ output: "done" }) === "done");
 * console.assert(outputText(42 as never) === "");
 * ```
 */
export function outputText(input: NonEmptyInput): string {
  if (typeof input === "string") return input;
  if (typeof input === "object" && input !== null && typeof input.output === "string") {
    return input.output;
  }
  return "";
}

export default defineGrader<NonEmptyInput, NonEmptyOptions>({
  meta: {
    name: "non-empty",
    version: "1.0.0",
    description: "Fails an output that is empty, only whitespace or shorter than minChars.",
    permissions: {},
  },
  options,
  grade(input, ctx) {
    const length = outputText(input).replace(/\s+/g, "").length;
    const pass = length >= ctx.options.minChars;
    return {
      pass,
      score: pass ? 1 : length / ctx.options.minChars,
      reason: pass
        ? `The output has ${length} non-whitespace characters (at least ${ctx.options.minChars}).`
        : `The output has ${length} non-whitespace characters; at least ${ctx.options.minChars} are needed.`,
      evidence: [`${length} non-whitespace characters`],
      cost: 0,
    };
  },
});
