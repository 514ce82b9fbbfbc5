/**
 * Turns a verdict into Claude Code's hook output JSON (DESIGN.md, contract 5):
 * `hookSpecificOutput.permissionDecision` before a tool runs, `decision: "block"` with a
 * `reason` after a tool ran or at Stop, `additionalContext` for warnings.
 *
 * `allow` prints `{}`: taskorch has no objection but does not approve on the user's
 * behalf, so Claude Code's own permission rules still apply.
 *
 * @module
 */

import type { AgentEvent } from "./event.ts";
import type { Verdict } from "./verdict.ts";

/** Claude Code's hook output, the fields taskorch uses. */
export interface HookOutput {
  /** `block` after a tool ran, at prompt submission or at Stop. */
  decision?: "block";
  /** Why, shown to the agent. */
  reason?: string;
  /** A message shown to the user. */
  systemMessage?: string;
  /** Event-specific output. */
  hookSpecificOutput?: {
    hookEventName: string;
    permissionDecision?: "allow" | "deny" | "ask";
    permissionDecisionReason?: string;
    additionalContext?: string;
  };
}

/** Writes the findings as one text for the agent. */
export function explain(verdict: Verdict): string {
  const lines = verdict.findings.map((f) => `[${f.severity}] ${f.rule}: ${f.message}`);
  const tips = verdict.suggestions.map((s) => `Suggestion: ${s}`);
  return ["taskorch " + verdict.decision + ":", ...lines, ...tips].join("\n");
}

/**
 * Maps a verdict on an event to Claude Code's hook output.
 *
 * @example
 * ```ts
 * import { hookOutput } from "./hook_output.ts";
 * const out = hookOutput(
 *   { hook_event_name: "PreToolUse", tool_name: "Bash" },
 *   { decision: "deny", risk: 0.9, findings: [], suggestions: [] },
 * );
 * console.assert(out.hookSpecificOutput?.permissionDecision === "deny");
 * ```
 */
export function hookOutput(event: AgentEvent, verdict: Verdict): HookOutput {
  const name = event.hook_event_name;
  const { decision } = verdict;
  if (decision === "allow") return {};
  const text = explain(verdict);
  const context = { hookSpecificOutput: { hookEventName: name, additionalContext: text } };
  switch (name) {
    case "PreToolUse":
    case "PermissionRequest":
      if (decision === "warn") return context;
      return {
        hookSpecificOutput: {
          hookEventName: name,
          permissionDecision: decision === "ask" ? "ask" : "deny",
          permissionDecisionReason: text,
        },
      };
    case "PostToolUse":
    case "UserPromptSubmit":
      if (decision === "warn" || decision === "ask") return context;
      return { decision: "block", reason: text };
    case "Stop":
    case "SubagentStop":
      if (decision === "warn") return { systemMessage: text };
      // Never keep an agent looping: once a Stop hook made it continue, only report.
      if (event.stop_hook_active) return { systemMessage: text };
      return { decision: "block", reason: text };
    case "SessionStart":
    case "PostToolUseFailure":
      return context;
    default:
      return { systemMessage: text };
  }
}
