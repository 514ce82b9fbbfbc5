/**
 * The costs page: spend per day stacked by provider (a server-drawn SVG chart), totals per
 * provider and model, and each budget with what it allows, what is spent and what remains.
 *
 * @module
 */

import { chartLegend, type ChartSeries, stackedBarChart } from "../chart.ts";
import { type Html, html } from "../html.ts";

/** One budget as the page shows it. */
export interface BudgetRow {
  /** `all`, a provider, or `provider/model`. */
  scope: string;
  /** `day` or `month`. */
  period: string;
  limitUsd: number;
  /** Spent plus reserved in the current period. */
  spentUsd: number;
  /** What remains (never below 0). */
  remainingUsd: number;
  /** `ok`, `warn`, `throttle` or `block`. */
  level: string;
}

/** What the costs page shows. */
export interface CostsView {
  /** The window, oldest day first: USD per provider each day. */
  days: { day: string; byProvider: Record<string, number> }[];
  /** Spend today, this month and all time (UTC), USD. */
  periods: { today: number; month: number; allTime: number };
  /** This month by source, provider and model, largest first. */
  totals: {
    source: string;
    provider: string;
    model: string;
    usd: number;
    calls: number;
    unpriced: number;
  }[];
  budgets: BudgetRow[];
}

/** Formats US dollars for the page: `$0.0042`, `$12.50`. */
export function formatUsd(usd: number): string {
  if (usd === 0) return "$0";
  if (Math.abs(usd) < 0.01) return `$${usd.toFixed(4)}`;
  return `$${usd.toFixed(2)}`;
}

/**
 * The costs page's content, or a note when there is no ledger to show.
 *
 * @example
 * ```ts
 * import { costsBody } from "./costs.ts";
 * const body = costsBody({
 *   days: [{ day: "2026-03-01", byProvider: { openai: 0.5, anthropic: 1.25 } }],
 *   periods: { today: 1.75, month: 1.75, allTime: 1.75 },
 *   totals: [{ source: "agent", provider: "anthropic", model: "claude-sonnet-4-5", usd: 1.25, calls: 3, unpriced: 0 }],
 *   budgets: [{ scope: "all", period: "day", limitUsd: 5, spentUsd: 1.75, remainingUsd: 3.25, level: "ok" }],
 * }).value;
 * console.assert(body.includes("$3.25") && body.includes("<svg"));
 * ```
 */
export function costsBody(view: CostsView | { note: string }): Html {
  if ("note" in view) {
    return html`
      <section class="panel">
        <p class="empty">${view.note}</p>
      </section>
    `;
  }
  const providers = [...new Set(view.days.flatMap((d) => Object.keys(d.byProvider)))].sort();
  const series: ChartSeries[] = providers.map((p, i) => ({ key: `p${i % 8}`, label: p }));
  const calls = view.totals.reduce((s, t) => s + t.calls, 0);
  const chart = stackedBarChart({
    title: `Spend per day by provider, ${view.days[0]?.day ?? ""} to ${
      view.days.at(-1)?.day ?? ""
    }`,
    series,
    bars: view.days.map((d) => ({
      label: d.day,
      values: providers.map((p) => d.byProvider[p] ?? 0),
    })),
    format: formatUsd,
    width: 1200,
    height: 220,
  });
  const budgets = view.budgets.length === 0
    ? html`
      <p
        class="empty">No budget is set. Set one with <code>taskorch cost budget set overall day 5</code> or the <code>cost_set_budget</code> tool.</p>
    `
    : html`
      <table>
        <thead>
          <tr>
            <th scope="col">Scope</th>
            <th scope="col">Period</th>
            <th scope="col" class="num">Limit</th>
            <th scope="col" class="num">Spent</th>
            <th scope="col" class="num">Remaining</th>
            <th scope="col">Used</th>
            <th scope="col">Level</th>
          </tr>
        </thead>
        <tbody>${view.budgets.map((b) => {
          const used = b.limitUsd > 0 ? Math.min(1, b.spentUsd / b.limitUsd) : 1;
          return html`
            <tr>
              <td class="nowrap"><code>${b.scope}</code></td>
              <td>${b.period}</td>
              <td class="num">${formatUsd(b.limitUsd)}</td>
              <td class="num">${formatUsd(b.spentUsd)}</td>
              <td class="num">${formatUsd(b.remainingUsd)}</td>
              <td><progress class="bar${used >= 1 ? " over" : ""}" max="100" value="${Math.round(
                used * 100,
              )}" aria-label="${Math.round(used * 100)}% of the ${b.period} budget used">${Math
                .round(used * 100)}%</progress></td>
              <td><span class="pill ${b.level === "ok"
                ? "ok"
                : b.level === "block"
                ? "deny"
                : "warn"}">${b.level}</span></td>
            </tr>
          `;
        })}</tbody>
      </table>
    `;
  const windowTotal = view.days.reduce(
    (s, d) => s + Object.values(d.byProvider).reduce((a, b) => a + b, 0),
    0,
  );
  const unpriced = view.totals.filter((t) => t.unpriced > 0);
  return html`
    <div class="stats">
      <div class="stat"><span class="n">${formatUsd(
        view.periods.today,
      )}</span><span class="l">today (UTC)</span></div>
      <div class="stat"><span class="n">${formatUsd(
        view.periods.month,
      )}</span><span class="l">this month</span></div>
      <div class="stat"><span class="n">${formatUsd(
        view.periods.allTime,
      )}</span><span class="l">all time</span></div>
      <div class="stat"><span class="n">${calls}</span><span class="l">calls this month</span></div>
    </div>
    <section class="panel" aria-labelledby="spend-title">
        <h2 id="spend-title">Spend per day by provider (${view.days.length} days)</h2>
        ${windowTotal === 0
          ? html`<p class="empty">No priced provider call was recorded in this window.</p>`
          : html``}
        ${chart}
        ${chartLegend(series)}
      </section>
    <div class="grid cols-half">
      <section class="panel" aria-labelledby="budgets-title">
        <h2 id="budgets-title">Budgets</h2>
        ${budgets}
      </section>
      <section class="panel" aria-labelledby="totals-title">
      <h2 id="totals-title">This month by provider and model</h2>
      ${view.totals.length === 0
        ? html`
          <p
            class="empty">No provider calls this month. taskorch's own calls (graders, agent_run) and the coding agent's imported transcripts are counted here.</p>
        `
        : html`
          <table>
            <thead>
              <tr>
                <th scope="col">Source</th>
                <th scope="col">Provider</th>
                <th scope="col">Model</th>
                <th scope="col" class="num">Calls</th>
                <th scope="col" class="num">Spent</th>
              </tr>
            </thead>
            <tbody>${view.totals.map((t) =>
              html`
                <tr>
                  <td>${t.source}</td>
                  <td>${t.provider}</td>
                  <td><code>${t.model}</code></td>
                  <td class="num">${t.calls}</td>
                  <td class="num">${formatUsd(t.usd)}${t.unpriced > 0
                    ? html`<br><span class="muted">${t.unpriced} unpriced</span>`
                    : html``}</td>
                </tr>
              `
            )}</tbody>
          </table>
        `}
      ${unpriced.length > 0
        ? html`
          <p
            class="muted">Unpriced calls are counted but not in the dollar figures: add the model to the price table in <code>cost.prices</code> of <code>.taskorch/config.yaml</code>.</p>
        `
        : html``}
      </section>
    </div>
  `;
}
