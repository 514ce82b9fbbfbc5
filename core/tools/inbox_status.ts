/**
 * `inbox_status`: the approval inbox as the agent sees it: what waits for a human, and what
 * was decided (core/inbox/inbox.ts).
 *
 * @module
 */

import { z } from "zod";
import { TaskorchError } from "../errors.ts";
import { createInbox } from "../inbox/inbox.ts";
import { INBOX_STATUSES, RISK_LEVELS } from "../inbox/types.ts";
import { inboxItemSchema, toolItem } from "./inbox_schemas.ts";
import { defineTool, READ_ONLY } from "./tool.ts";

/** The `inbox_status` tool. */
export const inboxStatus = defineTool({
  name: "inbox_status",
  title: "See actions waiting for a human",
  description: [
    "List taskorch's approval inbox: tool calls judged risky enough that a human must approve",
    "them, each with a short id like #7F3K, its risk level (LOW, MEDIUM, HIGH, CRITICAL), the",
    "findings and when it expires. By default only PENDING items; `history: true` adds decided",
    "and expired ones (APPROVED, REJECTED, EXPIRED, with who decided and why); filter by",
    "`status`, `risk` or `min_risk`, or look up one `id`. When a call of yours was denied as",
    "queued, check here whether it was approved (then retry exactly the same call once) or",
    "rejected (then read the reason and do something else). You cannot approve your own",
    "request: the user approves with `taskorch inbox approve ID`, the dashboard, or",
    "approve_action's prompt.",
  ].join(" "),
  input: {
    id: z.string().optional().describe("Only this item, e.g. 7F3K or #7F3K"),
    status: z.array(z.enum(INBOX_STATUSES)).optional().describe(
      "Only these statuses (default PENDING, or all with history)",
    ),
    risk: z.array(z.enum(RISK_LEVELS)).optional().describe("Only these risk levels"),
    min_risk: z.enum(RISK_LEVELS).optional().describe("This risk level and above"),
    history: z.boolean().optional().describe("Include approved, rejected and expired items"),
    cwd: z.string().optional().describe("Only items asked in this workspace"),
    limit: z.number().int().min(1).max(500).optional().describe("At most this many (default 50)"),
  },
  output: {
    pending: z.number().int().describe("Items waiting for a human (all workspaces)"),
    items: z.array(inboxItemSchema).describe("Matching items, newest first"),
  },
  annotations: READ_ONLY,
  async run(args, { withStore }) {
    if (!withStore) {
      throw new TaskorchError("STORE_OPEN_FAILED", "inbox_status: this server has no store");
    }
    return await withStore(async (store) => {
      const inbox = createInbox(store);
      const pending = (await inbox.list()).length;
      if (args.id !== undefined) {
        const item = await inbox.get(args.id);
        return { pending, items: item ? [toolItem(item)] : [] };
      }
      const items = await inbox.list({
        status: args.status,
        risk: args.risk,
        minRisk: args.min_risk,
        history: args.history,
        cwd: args.cwd,
        limit: args.limit ?? 50,
      });
      return { pending, items: items.map(toolItem) };
    });
  },
  summarize(result) {
    const head = `${result.pending} item${result.pending === 1 ? "" : "s"} waiting for a human` +
      (result.items.length ? `; ${result.items.length} shown:` : "; none match.");
    const lines = result.items.map((i) =>
      `- #${i.id} ${i.status} ${i.risk}: ${i.summary}` +
      (i.status === "PENDING"
        ? ` (expires ${i.expires_at})`
        : ` (${i.decided_by ?? ""}${i.reason ? `: ${i.reason}` : ""})`)
    );
    return [head, ...lines].join("\n");
  },
});
