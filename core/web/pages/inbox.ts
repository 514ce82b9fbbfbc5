/**
 * The inbox page: the actions agents are waiting on, each with an approve/reject form (a
 * reason field; a rejection needs one, the agent is shown it), and the history of decided
 * and expired items. Items come from `Inbox.list` (core/inbox/inbox.ts).
 *
 * @module
 */

import type { InboxItem, RiskLevel } from "../../inbox/types.ts";
import { RISK_LEVELS } from "../../inbox/types.ts";
import { CSRF_FIELD } from "../csrf.ts";
import { type Html, html } from "../html.ts";

/** What the inbox page shows. */
export interface InboxView {
  pending: readonly InboxItem[];
  history: readonly InboxItem[];
  /** The session's CSRF token, for the forms. */
  csrf: string;
  /** Only this risk level and above. */
  minRisk?: RiskLevel;
  /** "Now", for the time left. */
  now: Date;
}

const time = (iso: string | undefined): string => iso ? iso.replace("T", " ").slice(0, 19) : "";

/** "in 42 min", "in 3 h 5 min", "now". */
export function timeLeft(until: string, now: Date): string {
  const minutes = Math.round((Date.parse(until) - now.getTime()) / 60_000);
  if (minutes <= 0) return "now";
  if (minutes < 60) return `in ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `in ${hours} h ${minutes % 60} min` : `in ${Math.floor(hours / 24)} days`;
}

function what(item: InboxItem): Html {
  const input = item.event.tool_input ?? {};
  const command = typeof input.command === "string"
    ? input.command
    : typeof input.file_path === "string"
    ? input.file_path
    : undefined;
  if (command !== undefined) return html`<code>${command}</code>`;
  return html`<code>${JSON.stringify(input).slice(0, 600)}</code>`;
}

function pendingItem(item: InboxItem, view: InboxView): Html {
  const id = item.id;
  return html`
    <article class="item" aria-labelledby="item-${id}">
      <header><h3 id="item-${id}">#${id}</h3><span class="pill ${item.risk.toLowerCase()}">${item
        .risk}</span><span class="pill pending">waiting</span><span class="muted">${item
        .summary}</span></header>
      <dl>
    <dt>Action</dt><dd>${item.event.tool_name ?? item.event.hook_event_name}: ${what(item)}</dd>
    ${item.event.cwd
      ? html`
        <dt>Workspace</dt>
        <dd><code>${item.event.cwd}</code></dd>
      `
      : html``}
    ${item.event.session_id
      ? html`
        <dt>Session</dt>
        <dd><code>${item.event.session_id}</code></dd>
      `
      : html``}
    <dt>Why</dt><dd><ul>${item.findings.map((f) =>
      html`<li><code>${f.rule}</code> <span class="pill ${f.severity}">${f.severity}</span> ${f.message}${
        f.suggestion
          ? html`
            <span class="muted">(${f.suggestion})</span>
          `
          : html``
      }</li>`
    )}</ul></dd>
    <dt>Asked</dt><dd>${time(item.requestedAt)} UTC${item.asks > 1
      ? `, ${item.asks} times (last ${time(item.lastAskedAt)})`
      : ""}</dd>
    <dt>Expires</dt><dd>${timeLeft(item.expiresAt, view.now)} (${time(
      item.expiresAt,
    )} UTC), then <strong>${item.onTimeout === "allow" ? "allowed once" : "denied"}</strong></dd>
      </dl>
      <form class="decide" method="post" action="/ui/inbox/${id}/decide"
        aria-label="Decide #${id}">
        <input type="hidden" name="${CSRF_FIELD}" value="${view.csrf}">
        <div
          class="field"><label for="reason-${id}">Reason <span class="muted">(required to reject; the agent sees it)</span></label>
    <input id="reason-${id}" name="reason" type="text" maxlength="500" autocomplete="off"></div>
        <button class="approve" type="submit" name="decision"
          value="approve">Approve #${id}</button>
        <button class="reject" type="submit" name="decision" value="reject">Reject #${id}</button>
      </form>
    </article>
  `;
}

/**
 * The inbox page's content.
 *
 * @example
 * ```ts
 * import { inboxBody } from "./inbox.ts";
 * const body = inboxBody({ pending: [], history: [], csrf: "c", now: new Date() }).value;
 * console.assert(body.includes("Nothing is waiting"));
 * ```
 */
export function inboxBody(view: InboxView): Html {
  const history = view.history.length === 0
    ? html`<p class="empty">No decided or expired items in the last 30 days.</p>`
    : html`
      <table>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Status</th>
            <th scope="col">Risk</th>
            <th scope="col">Action</th>
            <th scope="col">Decided</th>
            <th scope="col">By</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>${view.history.map((item) =>
          html`
            <tr>
              <td class="nowrap">#${item.id}</td>
              <td><span class="pill ${item.status.toLowerCase()}">${item.status
                .toLowerCase()}</span>${item.consumedAt
                ? html`<br><span class="muted">retry passed</span>`
                : html``}</td>
              <td><span class="pill ${item.risk.toLowerCase()}">${item.risk}</span></td>
              <td class="clip">${item.summary}</td>
              <td class="nowrap">${time(item.decidedAt)}</td>
              <td>${item.decidedBy ?? ""}${item.channel
                ? html`<br><span class="muted">${item.channel}</span>`
                : html``}</td>
              <td class="clip">${item.reason ?? ""}</td>
            </tr>
          `
        )}</tbody>
      </table>
    `;
  return html`
    <form class="filters" method="get" action="/ui/inbox" role="search" aria-label="Filter the inbox">
      <div class="field"><label for="i-risk">Risk level</label><select id="i-risk" name="risk">
    <option value="">Any risk</option>${RISK_LEVELS.map((r) =>
      html`
        <option value="${r}" ${view.minRisk === r
          ? html`
            selected
          `
          : html``}>${r} and above</option>
      `
    )}</select></div>
      <button type="submit">Filter</button>
    </form>
    <section class="panel" aria-labelledby="pending-title">
    <h2 id="pending-title">Waiting for you (${view.pending.length})</h2>
    ${view.pending.length === 0
      ? html`
        <p
          class="empty">Nothing is waiting. Actions that need a human (a verdict of <code>ask</code>) appear here; the agent's retry passes once you approve.</p>
      `
      : view.pending.map((item) => pendingItem(item, view))}
    </section>
    <section class="panel" aria-labelledby="history-title">
    <h2 id="history-title">History</h2>
    ${history}
    </section>
  `;
}
