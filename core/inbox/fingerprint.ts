/**
 * The event fingerprint an approval is bound to: an approval of `#7F3K` lets exactly that
 * action through once, and nothing else.
 *
 * The fingerprint is SHA-256 (first 128 bits, hex) of the canonical JSON of
 * `[tool_name, tool_input, cwd]`, where:
 *
 * - `tool_input` has its object keys sorted (at every depth), so key order does not matter;
 * - string values are kept exactly, except that leading and trailing whitespace is trimmed
 *   (`"rm -rf build "` and `"rm -rf build"` are the same action; inner spacing is not touched,
 *   since `echo "a  b"` and `echo "a b"` differ);
 * - the top-level `description` field is left out: Claude Code's tools carry a free-text
 *   explanation there (Bash's `description`) that the agent rewords on a retry without
 *   changing what runs;
 * - `null` and absent fields are the same;
 * - `cwd` has trailing slashes removed.
 *
 * The hook event's name, the session and the tool_use_id are not part of it: the agent's retry
 * of the same action, in the same workspace, in any session, matches.
 *
 * @module
 */

import type { AgentEvent } from "../event.ts";

/** Top-level `tool_input` fields that do not change what a tool does. */
export const IGNORED_INPUT_FIELDS: readonly string[] = ["description"];

function canonical(value: unknown, top: boolean): unknown {
  if (typeof value === "string") return value.trim();
  if (Array.isArray(value)) return value.map((v) => canonical(v, false));
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      if (top && IGNORED_INPUT_FIELDS.includes(key)) continue;
      const v = (value as Record<string, unknown>)[key];
      if (v === undefined || v === null) continue;
      out[key] = canonical(v, false);
    }
    return out;
  }
  return value;
}

/**
 * The canonical text the fingerprint hashes (exported for tests and `inbox show`).
 *
 * @example
 * ```ts
 * import { fingerprintText } from "./fingerprint.ts";
 * const a = fingerprintText({ hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command: "ls ", description: "list" }, cwd: "/w/" });
 * const b = fingerprintText({ hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command: "ls" }, cwd: "/w" });
 * console.assert(a === b && a === '["Bash",{"command":"ls"},"/w"]');
 * ```
 */
export function fingerprintText(event: AgentEvent): string {
  const cwd = (event.cwd ?? "").replace(/(?<=.)\/+$/, "");
  return JSON.stringify([event.tool_name ?? "", canonical(event.tool_input ?? {}, true), cwd]);
}

/**
 * The fingerprint of an event: 32 hex digits.
 *
 * @example
 * ```ts
 * import { eventFingerprint } from "./fingerprint.ts";
 * const push = { hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command: "git push -f" }, cwd: "/w" };
 * const other = { ...push, tool_input: { command: "git push -f origin main" } };
 * console.assert((await eventFingerprint(push)).length === 32);
 * console.assert((await eventFingerprint(push)) !== (await eventFingerprint(other)));
 * ```
 */
export async function eventFingerprint(event: AgentEvent): Promise<string> {
  const bytes = new TextEncoder().encode(fingerprintText(event));
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest.subarray(0, 16), (b) => b.toString(16).padStart(2, "0")).join("");
}
