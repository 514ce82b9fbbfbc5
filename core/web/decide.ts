/**
 * The dashboard's approve/reject: reads the posted form, decides the inbox item through
 * `Inbox.decide` (exactly one of concurrent deciders wins), and says what happened.
 *
 * @module
 */

import { TaskorchError } from "../errors.ts";
import { createInbox } from "../inbox/inbox.ts";
import type { Store } from "../store.ts";

/** Who decides from the dashboard: `dashboard:<OS user>` (the token holder's account). */
export function dashboardUser(): string {
  let user: string | undefined;
  try {
    user = Deno.env.get("USER") ?? Deno.env.get("USERNAME");
  } catch {
    user = undefined; // no env permission: still a dashboard decision
  }
  return `dashboard:${user || "token"}`;
}

/**
 * Decides item `id` from a form with `decision` (`approve` or `reject`) and `reason`
 * (required to reject: the agent is told why). Returns the message to show.
 *
 * @throws {TaskorchError} `INPUT_INVALID` for a bad form; `INBOX_NOT_FOUND`,
 * `INBOX_ALREADY_DECIDED` from the inbox.
 *
 * @example
 * ```ts
 * import { openStore } from "../store.ts";
 * import { createInbox } from "../inbox/inbox.ts";
 * import { decideFromForm } from "./decide.ts";
 * using store = await openStore({ path: ":memory:" });
 * const { item } = await createInbox(store).enqueue(
 *   { hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command: "git push --force" } },
 *   { decision: "ask", risk: 0.7, findings: [], suggestions: [] },
 * );
 * const form = new FormData();
 * form.set("decision", "approve");
 * console.assert((await decideFromForm(store, item.id, form)).startsWith(`Approved #${item.id}`));
 * ```
 */
export async function decideFromForm(store: Store, id: string, form: FormData): Promise<string> {
  const decision = form.get("decision");
  if (decision !== "approve" && decision !== "reject") {
    throw new TaskorchError(
      "INPUT_INVALID",
      `Nothing was decided for #${id}: the form's decision must be approve or reject.`,
    );
  }
  const raw = form.get("reason");
  const reason = typeof raw === "string" && raw.trim() !== ""
    ? raw.trim().slice(0, 500)
    : undefined;
  if (decision === "reject" && !reason) {
    throw new TaskorchError(
      "INPUT_INVALID",
      `#${id} was not rejected: say why in the reason field (the agent is shown it).`,
    );
  }
  const result = await createInbox(store).decide(id, {
    decision,
    by: dashboardUser(),
    reason,
    channel: "web",
  });
  const item = result.item;
  const done = decision === "approve"
    ? `Approved #${item.id}: the agent's retry of this exact action will pass once.`
    : `Rejected #${item.id}: the agent's retry is denied with your reason.`;
  return result.problem ? `${done} (${result.problem})` : done;
}
