/**
 * The claim-vs-evidence checker for `Stop` and `SubagentStop`: extracts the success
 * claims of the agent's final message and checks each against the evidence ledger read
 * from the session transcript and against the workspace. An unsupported or contradicted
 * claim becomes a `block` finding (rule `claims.<kind>`, source `evidence`), so Claude
 * Code keeps working with the reason. Other events get no findings.
 *
 * @module
 */

import { readLedger } from "../claude/ledger.ts";
import type { Checker } from "../engine.ts";
import { errorMessage } from "../errors.ts";
import type { AgentEvent } from "../event.ts";
import { checkSkipped, type Finding } from "../verdict.ts";
import { checkClaims } from "./check.ts";
import { extractClaims } from "./extract.ts";

/** The events this checker judges. */
export const CLAIM_EVENTS: readonly string[] = ["Stop", "SubagentStop"];

/** Options of {@linkcode createClaimsChecker}. */
export interface ClaimsCheckerOptions {
  /** Whether a path exists (default: the file system). */
  exists?: (path: string) => boolean;
}

function expandHome(path: string): string {
  if (!path.startsWith("~/")) return path;
  const home = Deno.env.get("HOME");
  return home ? `${home}${path.slice(1)}` : path;
}

/**
 * Creates the claims checker.
 *
 * @example
 * ```ts
 * import { createClaimsChecker } from "./checker.ts";
 * const checker = createClaimsChecker();
 * const findings = await checker.check({ hook_event_name: "PreToolUse", tool_name: "Bash" });
 * console.assert(findings.length === 0);
 * ```
 */
export function createClaimsChecker(options: ClaimsCheckerOptions = {}): Checker {
  return {
    name: "claims",
    async check(event: AgentEvent): Promise<Finding[]> {
      if (!CLAIM_EVENTS.includes(event.hook_event_name)) return [];
      const given = event.last_assistant_message;
      // Nothing claimed: no need to read the transcript.
      if (given !== undefined && extractClaims(given).length === 0) return [];
      if (!event.transcript_path) return [];
      let ledger;
      try {
        ledger = await readLedger(expandHome(event.transcript_path));
      } catch (error) {
        return [
          checkSkipped(
            "claims.transcript-unreadable",
            `Claims in the final message were not checked: ${errorMessage(error)}`,
            "evidence",
          ),
        ];
      }
      const message = given ?? ledger.lastAssistantText;
      if (!message) return [];
      const claims = extractClaims(message);
      if (claims.length === 0) return [];
      return checkClaims(claims, ledger, { cwd: event.cwd ?? ledger.cwd, exists: options.exists });
    },
  };
}
