/**
 * The `length` grader: an output's size within bounds, in non-whitespace characters and in
 * words (`minChars`, `maxChars`, `minWords`, `maxWords`). With no options it fails only an
 * empty output. The score falls with the distance from the bounds.
 *
 * @module
 */

import { defineGrader } from "@taskorch/mcp/plugin";
import { inputText } from "@taskorch/mcp/grading";
import { z } from "zod";

const bound = z.number().int().min(0).max(10_000_000);
const options = z.object({
  /** Fewest non-whitespace characters (default 1). */
  minChars: bound.default(1),
  /** Most non-whitespace characters. */
  maxChars: bound.optional(),
  /** Fewest words. */
  minWords: bound.optional(),
  /** Most words. */
  maxWords: bound.optional(),
}).strict();

/** The grader's options, parsed. */
export type LengthOptions = z.infer<typeof options>;

function ratio(value: number, min: number | undefined, max: number | undefined): number {
  if (min !== undefined && value < min) return min === 0 ? 1 : value / min;
  if (max !== undefined && value > max) return value === 0 ? 1 : max / value;
  return 1;
}

export default defineGrader<unknown, LengthOptions>({
  meta: {
    name: "length",
    version: "1.0.0",
    description: "Fails an output shorter or longer than its bounds, in characters or words.",
    permissions: {},
  },
  options,
  grade(input, { options: o }) {
    const text = inputText(input);
    const chars = text.replace(/\s+/g, "").length;
    const words = text.split(/\s+/).filter(Boolean).length;
    const problems: string[] = [];
    if (chars < o.minChars) problems.push(`${chars} characters, fewer than ${o.minChars}`);
    if (o.maxChars !== undefined && chars > o.maxChars) {
      problems.push(`${chars} characters, more than ${o.maxChars}`);
    }
    if (o.minWords !== undefined && words < o.minWords) {
      problems.push(`${words} words, fewer than ${o.minWords}`);
    }
    if (o.maxWords !== undefined && words > o.maxWords) {
      problems.push(`${words} words, more than ${o.maxWords}`);
    }
    const score = Math.min(
      ratio(chars, o.minChars, o.maxChars),
      ratio(words, o.minWords, o.maxWords),
    );
    return {
      pass: problems.length === 0,
      score: problems.length === 0 ? 1 : Math.min(score, 0.99),
      reason: problems.length === 0
        ? `The output's length is within bounds (${chars} non-whitespace characters, ${words} words).`
        : `The output has ${problems.join(" and ")}.`,
      evidence: [`${chars} non-whitespace characters`, `${words} words`],
      cost: 0,
    };
  },
});
