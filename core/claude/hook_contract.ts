/**
 * Claude Code's hook output contract, as its hooks reference documents it, written as a
 * validator: tests run every output taskorch can print through it (events × decisions).
 *
 * - Fields every event accepts: `continue` (boolean), `stopReason` (string),
 *   `suppressOutput` (boolean), `systemMessage` (string).
 * - `decision: "block"` with a `reason`: `PostToolUse`, `UserPromptSubmit`, `Stop`,
 *   `SubagentStop` (for `PreToolUse` it is deprecated in favour of `permissionDecision`).
 * - `hookSpecificOutput.hookEventName` must name the event;
 *   `permissionDecision` (`allow` | `deny` | `ask`) and `permissionDecisionReason` belong
 *   to `PreToolUse`; `additionalContext` to `PreToolUse`, `PostToolUse`,
 *   `PostToolUseFailure`, `UserPromptSubmit` and `SessionStart`. `Stop` and `SubagentStop`
 *   take no `hookSpecificOutput`.
 *
 * @module
 */

const COMMON: Record<string, "boolean" | "string"> = {
  continue: "boolean",
  stopReason: "string",
  suppressOutput: "boolean",
  systemMessage: "string",
};

const BLOCKING: ReadonlySet<string> = new Set([
  "PostToolUse",
  "UserPromptSubmit",
  "Stop",
  "SubagentStop",
]);

const CONTEXT: ReadonlySet<string> = new Set([
  "PreToolUse",
  "PostToolUse",
  "PostToolUseFailure",
  "UserPromptSubmit",
  "SessionStart",
]);

/**
 * Returns what is wrong with `output` as the JSON a hook prints for `event` (empty when
 * it follows the contract).
 *
 * @example
 * ```ts
 * import { hookContractErrors } from "./hook_contract.ts";
 * console.assert(hookContractErrors("Stop", { decision: "block", reason: "tests fail" }).length === 0);
 * console.assert(hookContractErrors("Stop", { hookSpecificOutput: { hookEventName: "Stop", additionalContext: "x" } }).length > 0);
 * ```
 */
export function hookContractErrors(event: string, output: unknown): string[] {
  const errors: string[] = [];
  if (typeof output !== "object" || output === null || Array.isArray(output)) {
    return ["the output must be a JSON object"];
  }
  const out = output as Record<string, unknown>;
  for (const [key, value] of Object.entries(out)) {
    if (key in COMMON) {
      const type: string = typeof value;
      if (type !== COMMON[key]) errors.push(`"${key}" must be a ${COMMON[key]}`);
    } else if (key !== "decision" && key !== "reason" && key !== "hookSpecificOutput") {
      errors.push(`unknown field "${key}"`);
    }
  }
  if (out.decision !== undefined) {
    if (!BLOCKING.has(event)) errors.push(`"decision" is not an output of ${event}`);
    if (out.decision !== "block") errors.push(`"decision" must be "block", got ${out.decision}`);
    if (typeof out.reason !== "string" || out.reason.trim() === "") {
      errors.push(`"decision": "block" needs a non-empty "reason"`);
    }
  } else if (out.reason !== undefined) {
    errors.push(`"reason" without "decision"`);
  }
  const specific = out.hookSpecificOutput;
  if (specific === undefined) return errors;
  if (typeof specific !== "object" || specific === null || Array.isArray(specific)) {
    return [...errors, `"hookSpecificOutput" must be an object`];
  }
  const s = specific as Record<string, unknown>;
  if (s.hookEventName !== event) {
    errors.push(`"hookSpecificOutput.hookEventName" must be "${event}", got ${s.hookEventName}`);
  }
  for (const [key, value] of Object.entries(s)) {
    if (key === "hookEventName") continue;
    if (key === "additionalContext") {
      if (!CONTEXT.has(event)) errors.push(`"additionalContext" is not an output of ${event}`);
      if (typeof value !== "string" || value === "") {
        errors.push(`"additionalContext" must be a non-empty string`);
      }
    } else if (key === "permissionDecision") {
      if (event !== "PreToolUse") errors.push(`"permissionDecision" belongs to PreToolUse`);
      if (!["allow", "deny", "ask"].includes(value as string)) {
        errors.push(`"permissionDecision" must be allow, deny or ask, got ${value}`);
      }
    } else if (key === "permissionDecisionReason") {
      if (event !== "PreToolUse") errors.push(`"permissionDecisionReason" belongs to PreToolUse`);
      if (typeof value !== "string") errors.push(`"permissionDecisionReason" must be a string`);
    } else {
      errors.push(`unknown field "hookSpecificOutput.${key}"`);
    }
  }
  if (s.permissionDecisionReason !== undefined && s.permissionDecision === undefined) {
    errors.push(`"permissionDecisionReason" without "permissionDecision"`);
  }
  if (Object.keys(s).length === 1) errors.push(`"hookSpecificOutput" says nothing`);
  return errors;
}
