/**
 * The `tests-ran` grader: in the session's transcript, tests actually ran after the last
 * change to code, covered the whole suite (unless `allowFiltered`), and passed. Reads the
 * evidence ledger the host built from the transcript. Score: 1 passed, 0.5 ran but stale,
 * filtered or without a result, 0 failed or never ran.
 *
 * @module
 */

import { defineGrader } from "@taskorch/mcp/plugin";
import { graderInput, lastCodeEdit } from "@taskorch/mcp/grading";
import { z } from "zod";

const options = z.object({
  /** A run narrowed to some tests counts (default false: the whole suite must run). */
  allowFiltered: z.boolean().default(false),
}).strict();

/** The grader's options, parsed. */
export type TestsRanOptions = z.infer<typeof options>;

function short(text: string): string {
  const one = text.replace(/\s+/g, " ").trim();
  return one.length > 100 ? `${one.slice(0, 97)}...` : one;
}

export default defineGrader<unknown, TestsRanOptions>({
  meta: {
    name: "tests-ran",
    version: "1.0.0",
    description:
      "Fails a session in which tests did not run after the last code change, or failed.",
    permissions: {},
  },
  options,
  grade(raw, { options: o }) {
    const { ledger } = graderInput(raw);
    if (ledger === undefined) {
      throw new Error("tests-ran needs the evidence ledger: give a transcript_path");
    }
    const runs = ledger.checks.filter((c) => c.kind === "test");
    const edit = lastCodeEdit(ledger);
    const result = (pass: boolean, score: number, reason: string, evidence: string[] = []) => ({
      pass,
      score,
      reason,
      evidence,
      cost: 0,
    });
    if (runs.length === 0) return result(false, 0, "No test command ran in the session.");
    const after = edit ? runs.filter((r) => r.seq > edit.seq) : runs;
    const editText = edit ? `${edit.action} of ${edit.path}` : "";
    if (after.length === 0) {
      const last = runs[runs.length - 1];
      return result(
        false,
        0.5,
        `Tests ran only before the last code change (${editText}).`,
        [`last run: \`${short(last.command)}\` (${last.result})`, `last change: ${editText}`],
      );
    }
    const covering = o.allowFiltered ? after : after.filter((r) => !r.filtered);
    if (covering.length === 0) {
      return result(
        false,
        0.5,
        `Only filtered test runs followed the last code change: ${
          after.map((r) => `\`${short(r.command)}\``).join(", ")
        }.`,
        after.map((r) => `filtered by ${r.filter ?? "a filter"}: ${short(r.command)}`),
      );
    }
    const last = covering[covering.length - 1];
    const counts = last.summary ??
      (last.failed !== undefined ? `${last.passed ?? "?"} passed, ${last.failed} failed` : "");
    const evidence = [`\`${short(last.command)}\`: ${last.result}${counts ? ` (${counts})` : ""}`];
    if (last.result === "passed") {
      return result(
        true,
        1,
        `Tests ran after the last code change and passed: \`${short(last.command)}\`.`,
        evidence,
      );
    }
    if (last.result === "failed") {
      return result(false, 0, `The last test run failed: \`${short(last.command)}\`.`, evidence);
    }
    return result(
      false,
      0.5,
      `The last test run has no result (${last.result}): \`${short(last.command)}\`.`,
      evidence,
    );
  },
});
