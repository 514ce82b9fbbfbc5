/**
 * The `claims` grader: the success claims of an output ("all tests pass", "I created
 * src/a.ts", "the build is clean") checked against the evidence ledger the host built from
 * the session's transcript: the same checks as taskorch's Stop hook (`@taskorch/mcp/grading`).
 * A claim without evidence fails the output. Without a ledger (no transcript given) the host
 * does not call it. It reads the workspace (a read grant) to see whether claimed files exist;
 * a path it may not read is taken as existing. Score: the share of claims supported.
 *
 * @module
 */

import { defineGrader } from "@taskorch/mcp/plugin";
import { checkClaims, extractClaims, graderInput } from "@taskorch/mcp/grading";

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch (error) {
    return !(error instanceof Deno.errors.NotFound);
  }
}

export default defineGrader({
  meta: {
    name: "claims",
    version: "1.0.0",
    description:
      "Fails an output whose success claims (tests pass, files written, build clean) the transcript does not support.",
    permissions: { read: ["."] },
  },
  grade(raw) {
    const input = graderInput(raw);
    if (input.ledger === undefined) {
      throw new Error("claims needs the evidence ledger: give a transcript_path");
    }
    const claims = extractClaims(input.output);
    if (claims.length === 0) {
      return {
        pass: true,
        score: 1,
        reason: "The output makes no success claim to check.",
        evidence: [],
        cost: 0,
      };
    }
    const findings = checkClaims(claims, input.ledger, { cwd: input.cwd, exists });
    return {
      pass: findings.length === 0,
      score: (claims.length - findings.length) / claims.length,
      reason: findings.length === 0
        ? `${claims.length} success claim${
          claims.length === 1 ? " is" : "s are"
        } supported by the transcript.`
        : `${findings.length} of ${claims.length} success claims are not supported: ${
          findings[0].message
        }`,
      evidence: findings.map((f) =>
        `${f.category}: ${f.message}${f.suggestion ? ` (${f.suggestion})` : ""}`
      ),
      cost: 0,
    };
  },
});
