/**
 * The approval inbox's vocabulary: an {@linkcode InboxItem} is one action that waits for a
 * human (a verdict of `ask`), with its status, risk level, times and who decided.
 *
 * @module
 */

import type { Category, Decision, Severity } from "../verdict.ts";

/** Where an item is in its life. */
export const INBOX_STATUSES = ["PENDING", "APPROVED", "REJECTED", "EXPIRED"] as const;

/**
 * `PENDING`: waiting for a human. `APPROVED` / `REJECTED`: a human decided. `EXPIRED`: nobody
 * decided before `expiresAt`, and `onTimeout` was applied (`deny` by default; `allow` lets
 * the retry pass once, like an approval).
 */
export type InboxStatus = typeof INBOX_STATUSES[number];

/** The risk levels, lowest first. */
export const RISK_LEVELS = ["LOW", "MEDIUM", "HIGH", "CRITICAL"] as const;

/** How risky the waiting action is, from its findings' severity (or the risk score). */
export type RiskLevel = typeof RISK_LEVELS[number];

/** Where a decision was taken. `timeout`: nobody decided, `onTimeout` was applied. */
export const INBOX_CHANNELS = ["cli", "web", "mcp", "timeout"] as const;

/** The channel of a decision. */
export type InboxChannel = typeof INBOX_CHANNELS[number];

/** What happens when nobody decides in time. */
export type OnTimeout = "deny" | "allow";

/** The event as stored: the tool call's fields, secrets in `tool_input` redacted. */
export interface InboxEvent {
  /** `PreToolUse` (or `PermissionRequest`). */
  hook_event_name: string;
  /** The tool, e.g. `Bash`. */
  tool_name?: string;
  /** The tool's arguments, string values passed through `redactSecrets`. */
  tool_input?: Record<string, unknown>;
  /** The workspace. */
  cwd?: string;
  /** The agent session that asked. */
  session_id?: string;
  /** Claude Code's permission mode when it asked. */
  permission_mode?: string;
}

/** One finding of the verdict, as stored (messages are already redacted by the engine). */
export interface InboxFinding {
  /** Rule, pattern or guard id. */
  rule: string;
  /** Category. */
  category: Category;
  /** Severity. */
  severity: Severity;
  /** What was noticed. */
  message: string;
  /** What to do instead. */
  suggestion?: string;
}

/** One action waiting for (or past) a human decision: the value at `["inbox", id]`. */
export interface InboxItem {
  /** Short, human-typable id, e.g. `7F3K` (shown as `#7F3K`). */
  id: string;
  /** The event fingerprint the decision applies to (see `core/inbox/fingerprint.ts`). */
  fingerprint: string;
  /** Where the item is in its life. */
  status: InboxStatus;
  /** LOW, MEDIUM, HIGH or CRITICAL. */
  risk: RiskLevel;
  /** The verdict's combined risk, 0 to 1. */
  riskScore: number;
  /** One line for lists: the tool and what it would do, e.g. `Bash: git push --force`. */
  summary: string;
  /** The event, redacted. */
  event: InboxEvent;
  /** The verdict's decision when queued (`ask`). */
  decision: Decision;
  /** The verdict's findings, strictest first. */
  findings: InboxFinding[];
  /** The rule that asked for a human (the strictest finding's). */
  rule?: string;
  /** When it was first asked (ISO 8601). */
  requestedAt: string;
  /** When it was last asked (the agent retried the same action while pending). */
  lastAskedAt: string;
  /** How many times the same action was asked while this item was pending. */
  asks: number;
  /** After this, a pending item expires (ISO 8601). */
  expiresAt: string;
  /** What expiry does: `deny` (default) or `allow`. */
  onTimeout: OnTimeout;
  /** When it was decided or expired. */
  decidedAt?: string;
  /** Who decided: an OS user, a dashboard login, `mcp-elicitation:<user>`, or `timeout`. */
  decidedBy?: string;
  /** Why (the human's words). */
  reason?: string;
  /** Where it was decided. */
  channel?: InboxChannel;
  /** When the approval was used by the agent's retry (an approval passes once). */
  consumedAt?: string;
}

/**
 * The value at `["inbox_fp", fingerprint]`: the id of the latest item for that exact event, so
 * the same action asked again finds its item.
 */
export interface FingerprintIndex {
  /** The item's id. */
  id: string;
}
