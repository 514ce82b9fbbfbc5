/**
 * `approve_action`: a decision on an inbox item over MCP, which only a human can take. The
 * agent calling the tool is not the human: the decision takes effect only through an
 * elicitation (MCP `elicitation/create`, form mode) that the client shows to the user and the
 * user answers. A client without the elicitation capability, or a connection that cannot carry
 * it (stateless HTTP), is refused with `INBOX_FORBIDDEN`; a declined or cancelled form changes
 * nothing.
 *
 * @module
 */

import { z } from "zod";
import { TaskorchError } from "../errors.ts";
import { createInbox } from "../inbox/inbox.ts";
import type { InboxItem } from "../inbox/types.ts";
import { inboxItemSchema, toolItem } from "./inbox_schemas.ts";
import { defineTool, type ElicitRequest } from "./tool.ts";

const OTHER_CHANNELS = "run `taskorch inbox approve ID` (or `reject ID --reason ...`) in a " +
  "terminal, or use the dashboard of `taskorch serve --http`";

/** Who answered the form: the user the server runs for. */
function serverUser(): string {
  try {
    return Deno.env.get("USER") ?? Deno.env.get("LOGNAME") ?? Deno.env.get("USERNAME") ??
      "user";
  } catch {
    return "user";
  }
}

/** The form the user answers. */
export function approvalForm(item: InboxItem, suggested: "approve" | "reject"): ElicitRequest {
  const findings = item.findings.map((f) => `- [${f.severity}] ${f.rule}: ${f.message}`);
  return {
    message: [
      `The agent asks you to decide taskorch inbox item #${item.id} (risk ${item.risk}):`,
      item.summary,
      ...(item.event.cwd ? [`in ${item.event.cwd}`] : []),
      ...(findings.length ? ["Flagged:", ...findings] : []),
      "Approve lets this exact call run once; reject denies it with your reason.",
    ].join("\n"),
    requestedSchema: {
      type: "object",
      properties: {
        decision: {
          type: "string",
          title: "Decision",
          description: "approve: the call runs once. reject: it is denied.",
          enum: ["approve", "reject"],
          default: suggested,
        },
        reason: { type: "string", title: "Reason", description: "Why (optional)" },
      },
      required: ["decision"],
    },
  };
}

/** The `approve_action` tool. */
export const approveAction = defineTool({
  name: "approve_action",
  title: "Ask the user to approve or reject a queued action",
  description: [
    "Ask the user to decide a tool call waiting in taskorch's approval inbox (see inbox_status),",
    "e.g. after a call of yours was denied as 'queued as #7F3K'. You cannot approve it yourself:",
    "this tool shows the user a form in their client (MCP elicitation) and their answer decides.",
    "If they approve, retry exactly the same call once; if they reject, do not retry it. Without",
    "elicitation support in the client the tool is refused (INBOX_FORBIDDEN): then tell the user",
    "to run `taskorch inbox approve ID` themselves. Pass the `id`, the `decision` you suggest",
    "(the form's default; the user's choice wins) and optionally your `reason` for the request.",
  ].join(" "),
  input: {
    id: z.string().describe("The inbox item, e.g. 7F3K or #7F3K"),
    decision: z.enum(["approve", "reject"]).optional().describe(
      "The decision you suggest (default approve); the user chooses",
    ),
    reason: z.string().max(2000).optional().describe("Why you need it, shown to the user"),
  },
  output: {
    outcome: z.enum(["approved", "rejected", "declined", "cancelled"]).describe(
      "approved/rejected: the user decided. declined/cancelled: the user did not; the item stays pending",
    ),
    item: inboxItemSchema,
  },
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: false,
  },
  async run(args, { withStore, elicit }) {
    if (!withStore) {
      throw new TaskorchError("STORE_OPEN_FAILED", "approve_action: this server has no store");
    }
    return await withStore(async (store) => {
      const inbox = createInbox(store);
      const item = await inbox.get(args.id);
      if (!item) {
        throw new TaskorchError(
          "INBOX_NOT_FOUND",
          `No inbox item #${args.id.replace(/^#/, "").toUpperCase()} (see inbox_status)`,
        );
      }
      if (item.status !== "PENDING") {
        throw new TaskorchError(
          "INBOX_ALREADY_DECIDED",
          `Inbox item #${item.id} is ${item.status}${
            item.decidedBy ? ` (by ${item.decidedBy}${item.reason ? `: ${item.reason}` : ""})` : ""
          }; nothing to decide`,
        );
      }
      if (!elicit) {
        throw new TaskorchError(
          "INBOX_FORBIDDEN",
          `approve_action cannot ask the user over this connection (stateless HTTP cannot ` +
            `elicit), and an agent may not approve its own request: ${OTHER_CHANNELS}`,
        );
      }
      const form = approvalForm(item, args.decision ?? "approve");
      if (args.reason) form.message += `\nThe agent says: ${args.reason}`;
      const answer = await elicit(form);
      if (answer === null) {
        throw new TaskorchError(
          "INBOX_FORBIDDEN",
          `approve_action needs a client that declares MCP elicitation, so the user answers and ` +
            `not the agent; this client does not: ${OTHER_CHANNELS}`,
        );
      }
      if (answer.action !== "accept") {
        const current = await inbox.get(item.id) ?? item;
        return {
          outcome: answer.action === "decline" ? "declined" as const : "cancelled" as const,
          item: toolItem(current),
        };
      }
      const choice = answer.content?.decision;
      if (choice !== "approve" && choice !== "reject") {
        throw new TaskorchError(
          "INPUT_INVALID",
          `The user's answer has no decision (approve or reject); #${item.id} stays pending`,
        );
      }
      const reason = typeof answer.content?.reason === "string" && answer.content.reason.trim()
        ? answer.content.reason.trim()
        : undefined;
      const { item: decided } = await inbox.decide(item.id, {
        decision: choice,
        by: `${serverUser()} (MCP elicitation)`,
        reason,
        channel: "mcp",
      });
      return {
        outcome: choice === "approve" ? "approved" as const : "rejected" as const,
        item: toolItem(decided),
      };
    });
  },
  summarize(result) {
    const { item } = result;
    switch (result.outcome) {
      case "approved":
        return `The user approved #${item.id} (${item.summary}): retry exactly that call once.`;
      case "rejected":
        return `The user rejected #${item.id} (${item.summary})${
          item.reason ? `: ${item.reason}` : ""
        }. Do not retry it; do something else or ask the user.`;
      default:
        return `The user ${result.outcome} the form: #${item.id} stays pending. Do not retry ` +
          `the call until it is approved (see inbox_status).`;
    }
  },
});
