/**
 * The `contains` grader: the output contains every string of `all`, at least one of `any`,
 * and none of `none`. With no options it checks that the output contains the expected answer
 * (`input.expected`). Case-insensitive unless `caseSensitive`; whitespace runs compare equal.
 * Score: the share of requirements met.
 *
 * @module
 */

import { defineGrader } from "@taskorch/mcp/plugin";
import { graderInput } from "@taskorch/mcp/grading";
import { z } from "zod";

const texts = z.array(z.string().min(1)).max(1000);
const options = z.object({
  /** Strings the output must all contain. */
  all: texts.optional(),
  /** Strings of which the output must contain at least one. */
  any: texts.optional(),
  /** Strings the output must not contain. */
  none: texts.optional(),
  /** Compare case (default false). */
  caseSensitive: z.boolean().default(false),
}).strict();

/** The grader's options, parsed. */
export type ContainsOptions = z.infer<typeof options>;

export default defineGrader<unknown, ContainsOptions>({
  meta: {
    name: "contains",
    version: "1.0.0",
    description:
      "Fails an output that lacks required strings (or the expected answer) or has forbidden ones.",
    permissions: {},
  },
  options,
  grade(raw, { options: o }) {
    const input = graderInput(raw);
    const fold = (s: string) => {
      const spaced = s.replace(/\s+/g, " ").trim();
      return o.caseSensitive ? spaced : spaced.toLowerCase();
    };
    const output = fold(input.output);
    const has = (s: string) => output.includes(fold(s));
    let all = o.all ?? [];
    if (o.all === undefined && o.any === undefined && o.none === undefined) {
      if (input.expected === undefined || input.expected.trim() === "") {
        throw new Error(
          "contains needs options (all, any, none) or an expected answer in the input",
        );
      }
      all = [input.expected];
    }
    const missing = all.filter((s) => !has(s));
    const anyMet = o.any === undefined || o.any.length === 0 || o.any.some(has);
    const forbidden = (o.none ?? []).filter(has);
    const total = all.length + (o.any?.length ? 1 : 0) + (o.none?.length ?? 0);
    const met = all.length - missing.length + (o.any?.length && anyMet ? 1 : 0) +
      (o.none?.length ?? 0) - forbidden.length;
    const problems = [
      ...missing.map((s) => `lacks "${s}"`),
      ...(anyMet ? [] : [`contains none of ${o.any!.map((s) => `"${s}"`).join(", ")}`]),
      ...forbidden.map((s) => `contains the forbidden "${s}"`),
    ];
    return {
      pass: problems.length === 0,
      score: total === 0 ? 1 : met / total,
      reason: problems.length === 0
        ? `The output contains what it must (${total} requirement${total === 1 ? "" : "s"} met).`
        : `The output ${problems.slice(0, 5).join("; ")}.`,
      evidence: problems,
      cost: 0,
    };
  },
});
