/**
 * The `regex` grader: the output matches `pattern` (or, with `mustMatch: false`, does not).
 *
 * @module
 */

import { defineGrader } from "@taskorch/mcp/plugin";
import { inputText } from "@taskorch/mcp/grading";
import { z } from "zod";

const options = z.object({
  /** A JavaScript regular expression, without slashes. */
  pattern: z.string().min(1).refine((p) => {
    try {
      new RegExp(p);
      return true;
    } catch {
      return false;
    }
  }, "must be a valid regular expression"),
  /** Its flags, e.g. `i`, `m`, `s` (default none). */
  flags: z.string().regex(/^[dgimsuvy]*$/, "must be regular expression flags").default(""),
  /** Whether the output must match (default) or must not. */
  mustMatch: z.boolean().default(true),
}).strict();

/** The grader's options, parsed. */
export type RegexOptions = z.infer<typeof options>;

export default defineGrader<unknown, RegexOptions>({
  meta: {
    name: "regex",
    version: "1.0.0",
    description: "Fails an output that does not match a regular expression (or that does).",
    permissions: {},
  },
  options,
  grade(input, { options: o }) {
    const text = inputText(input);
    const match = new RegExp(o.pattern, o.flags.replace("g", "")).exec(text);
    const pass = (match !== null) === o.mustMatch;
    const shown = `/${o.pattern}/${o.flags}`;
    return {
      pass,
      score: pass ? 1 : 0,
      reason: match
        ? `The output matches ${shown}${o.mustMatch ? "" : ", which it must not"}.`
        : `The output does not match ${shown}${o.mustMatch ? "" : ", as required"}.`,
      evidence: match ? [match[0].slice(0, 200)] : [],
      cost: 0,
    };
  },
});
