/**
 * The overview page: checks and decisions per day (a server-drawn SVG chart), headline
 * figures, the rules that fired most, the learned patterns seen most, and the circuit
 * breakers. Every figure comes from `computeDashboard` (core/memory/dashboard.ts), the same
 * numbers `immune_dashboard` and `taskorch memory dashboard` report.
 *
 * @module
 */

import type { Dashboard } from "../../memory/dashboard.ts";
import { DECISIONS } from "../../verdict.ts";
import { chartLegend, stackedBarChart } from "../chart.ts";
import { type Html, html } from "../html.ts";
import { patternLink } from "../parts.ts";

/** A circuit breaker as the overview lists it. */
export interface BreakerRow {
  provider: string;
  model: string;
  /** `closed`, `open` or `half_open`. */
  state: string;
  /** Failures counted in the current window. */
  failures?: number;
  /** When an open breaker lets a trial call through (ISO 8601). */
  retryAt?: string;
  /** The last failure, for a breaker that is not closed. */
  lastError?: string;
}

/** What the overview shows. */
export interface OverviewView {
  dashboard: Dashboard;
  /** Pending inbox items (undefined: the inbox is not available). */
  pending?: number;
  /** Breakers, or a note saying why there are none to show. */
  breakers: BreakerRow[] | { note: string };
}

const DECISION_SERIES = DECISIONS.map((d) => ({ key: d, label: d }));

function stat(n: number | string, label: string, live?: string): Html {
  return html`
    <div
      class="stat"><span class="n"${live
        ? html`
          data-live="${live}"
        `
        : html``}>${n}</span><span class="l">${label}</span></div>
  `;
}

function breakersPanel(breakers: OverviewView["breakers"]): Html {
  if (!Array.isArray(breakers)) return html`<p class="empty">${breakers.note}</p>`;
  if (breakers.length === 0) {
    return html`<p class="empty">No provider has been called through a breaker yet.</p>`;
  }
  return html`
    <table>
      <thead>
        <tr>
          <th scope="col">Provider and model</th>
          <th scope="col">State</th>
          <th scope="col" class="num">Failures</th>
          <th scope="col">Trial call</th>
        </tr>
      </thead>
      <tbody>${breakers.map((b) =>
        html`
          <tr>
            <td class="nowrap">${b.provider} <code>${b.model}</code></td>
            <td><span class="pill ${b.state}">${b.state.replace("_", " ")}</span>${b.lastError
              ? html`<br><span class="muted">${b.lastError.slice(0, 120)}</span>`
              : html``}</td>
            <td class="num">${b.failures ?? ""}</td>
            <td class="nowrap">${b.retryAt ? `${b.retryAt.slice(11, 19)} UTC` : ""}</td>
          </tr>
        `
      )}</tbody>
    </table>
  `;
}

/**
 * The overview's content.
 *
 * @example
 * ```ts
 * import { openStore } from "../../store.ts";
 * import { computeDashboard } from "../../memory/dashboard.ts";
 * import { overviewBody } from "./overview.ts";
 * using store = await openStore({ path: ":memory:" });
 * const dashboard = await computeDashboard(store, { days: 7 });
 * const body = overviewBody({ dashboard, breakers: [] }).value;
 * console.assert(body.includes("<svg") && body.includes("No checks recorded"));
 * ```
 */
export function overviewBody(view: OverviewView): Html {
  const d = view.dashboard;
  const asked = d.checks.byDecision.ask ?? 0;
  const stopped = (d.checks.byDecision.deny ?? 0) + (d.checks.byDecision.block ?? 0);
  const chart = stackedBarChart({
    title: `Checks per day by decision, ${d.window.from} to ${d.window.to}`,
    series: DECISION_SERIES,
    integer: true,
    bars: d.trend.map((t) => ({ label: t.day, values: DECISIONS.map((k) => t.decisions[k]) })),
  });
  const rules = d.checks.topRules.length === 0
    ? html`<p class="empty">No rule fired in this window.</p>`
    : html`
      <table>
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">Category</th>
            <th scope="col" class="num">Checks</th>
          </tr>
        </thead>
        <tbody>${d.checks.topRules.map((r) =>
          html`
            <tr>
              <td><code>${r.rule}</code></td>
              <td>${r.category.replaceAll("_", " ")}</td>
              <td class="num">${r.count}</td>
            </tr>
          `
        )}</tbody>
      </table>
    `;
  const patterns = d.patterns.top.length === 0
    ? html`<p class="empty">No learned pattern was seen in this window.</p>`
    : html`
      <table>
        <thead>
          <tr>
            <th scope="col">Pattern</th>
            <th scope="col">Category</th>
            <th scope="col" class="num">Seen</th>
            <th scope="col" class="num">Matched</th>
          </tr>
        </thead>
        <tbody>${d.patterns.top.map((p) =>
          html`
            <tr>
              <td class="clip">${patternLink(p, 90)}</td>
              <td>${p.category.replaceAll("_", " ")}</td>
              <td class="num">${p.occurrences}</td>
              <td class="num">${p.matchedInWindow}</td>
            </tr>
          `
        )}</tbody>
      </table>
    `;
  return html`
    <div class="stats">
    ${stat(d.checks.total, `checks in ${d.window.days} days`)}
    ${stat(d.checks.flagged, "flagged (not allowed)")}
    ${stat(asked, "asked a human")}
    ${stat(stopped, "denied or blocked")}
    ${view.pending !== undefined ? stat(view.pending, "pending in the inbox", "pending") : html``}
    ${stat(d.patterns.stored, "learned patterns")}
    ${stat(d.prevented.total, "prevented")}
    </div>
    <div class="grid cols-2">
      <section class="panel" aria-labelledby="trend-title">
    <h2 id="trend-title">Checks and decisions per day</h2>
    ${d.checks.total === 0
      ? html`
        <p
          class="empty">No checks recorded from ${d.window.from} to ${d.window
            .to}. Checks appear here as hooks and MCP tools judge events.</p>
      `
      : html``}
    ${chart}
    ${chartLegend(DECISION_SERIES)}
    <details><summary>Figures as a table</summary>
    <table><thead><tr><th scope="col">Day</th>${DECISIONS.map((k) =>
      html`<th scope="col" class="num">${k}</th>`
    )}<th scope="col" class="num">tool failures</th></tr></thead><tbody>${d.trend.map((t) =>
      html`<tr><td>${t.day}</td>${
        DECISIONS.map((k) => html`<td class="num">${t.decisions[k]}</td>`)
      }<td class="num">${t.failures}</td></tr>`
    )}</tbody></table></details>
      </section>
      <section class="panel" aria-labelledby="breakers-title">
    <h2 id="breakers-title">Circuit breakers</h2>
    ${breakersPanel(view.breakers)}
      </section>
    </div>
    <div class="grid cols-half">
      <section class="panel" aria-labelledby="rules-title">
    <h2 id="rules-title">Rules that fired most</h2>
    ${rules}
      </section>
      <section class="panel" aria-labelledby="patterns-title">
    <h2 id="patterns-title">Learned patterns seen most</h2>
    ${patterns}
      </section>
    </div>
  `;
}
