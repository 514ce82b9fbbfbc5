/**
 * Zod schemas of the approval inbox's items, shared by `inbox_status` and `approve_action`.
 *
 * @module
 */

import { z } from "zod";
import { INBOX_CHANNELS, INBOX_STATUSES, RISK_LEVELS } from "../inbox/types.ts";
import type { InboxItem } from "../inbox/types.ts";
import { CATEGORIES, SEVERITIES } from "../verdict.ts";

/** One inbox item, as the tools return it. */
export const inboxItemSchema = z.object({
  id: z.string().describe("Short id, e.g. 7F3K (shown as #7F3K)"),
  status: z.enum(INBOX_STATUSES),
  risk: z.enum(RISK_LEVELS),
  risk_score: z.number().min(0).max(1),
  summary: z.string().describe("The tool call, one line, secrets redacted"),
  tool_name: z.string().optional(),
  cwd: z.string().optional(),
  rule: z.string().optional().describe("The rule that asked for a human"),
  findings: z.array(z.object({
    rule: z.string(),
    category: z.enum(CATEGORIES),
    severity: z.enum(SEVERITIES),
    message: z.string(),
  })),
  requested_at: z.string(),
  expires_at: z.string(),
  asks: z.number().int().describe("How many times the same call was asked while pending"),
  on_timeout: z.enum(["deny", "allow"]),
  decided_at: z.string().optional(),
  decided_by: z.string().optional(),
  reason: z.string().optional(),
  channel: z.enum(INBOX_CHANNELS).optional(),
  consumed_at: z.string().optional().describe("When the approved retry ran (it passes once)"),
});

/** An item in the tools' shape (snake_case, like the rest of the MCP output). */
export function toolItem(item: InboxItem): z.infer<typeof inboxItemSchema> {
  return {
    id: item.id,
    status: item.status,
    risk: item.risk,
    risk_score: item.riskScore,
    summary: item.summary,
    ...(item.event.tool_name ? { tool_name: item.event.tool_name } : {}),
    ...(item.event.cwd ? { cwd: item.event.cwd } : {}),
    ...(item.rule ? { rule: item.rule } : {}),
    findings: item.findings.map((f) => ({
      rule: f.rule,
      category: f.category,
      severity: f.severity,
      message: f.message,
    })),
    requested_at: item.requestedAt,
    expires_at: item.expiresAt,
    asks: item.asks,
    on_timeout: item.onTimeout,
    ...(item.decidedAt ? { decided_at: item.decidedAt } : {}),
    ...(item.decidedBy ? { decided_by: item.decidedBy } : {}),
    ...(item.reason ? { reason: item.reason } : {}),
    ...(item.channel ? { channel: item.channel } : {}),
    ...(item.consumedAt ? { consumed_at: item.consumedAt } : {}),
  };
}
