/**
 * The rules page: the packs in force, every rule with its action, how often it fired
 * (counted from check records, as the dashboard counts them) and the state of its inline
 * tests (run with the real test runner, as `taskorch rules test` does). Filters by pack,
 * category and text, through a plain GET form.
 *
 * @module
 */

import type { Pack } from "../../rules/types.ts";
import type { RuleTestResult } from "../../rules/test_runner.ts";
import { CATEGORIES } from "../../verdict.ts";
import { type Html, html } from "../html.ts";
import { option } from "../parts.ts";

/** Filters of the rules page (from the query string). */
export interface RulesFilter {
  pack?: string;
  category?: string;
  q?: string;
}

/** What the rules page shows. */
export interface RulesView {
  packs: readonly Pack[];
  /** Rule id → checks it fired in over `days`. */
  hits: ReadonlyMap<string, number>;
  /** The window of the hit counts, in days. */
  days: number;
  /** Rule id → its inline tests' result. */
  tests: ReadonlyMap<string, RuleTestResult>;
  filter: RulesFilter;
}

function testStatus(result: RuleTestResult | undefined, fireCases: number): Html {
  if (!result) return html`<span class="pill none">not run</span>`;
  const total = result.tp + result.tn + result.fp + result.fn;
  if (result.fp + result.fn > 0) {
    return html`<span class="pill fail">${
      result.fp + result.fn
    } of ${total} failing</span><ul class="muted">${
      result.failures.map((f) =>
        html`<li>${
          f.kind === "false_negative" ? "should fire" : "should pass"
        }: <code>${f.test.name}</code> (line ${f.test.at.line})</li>`
      )
    }</ul>`;
  }
  if (fireCases === 0) return html`<span class="pill warn">no fire case</span>`;
  return html`<span class="pill ok">${total} passing</span>`;
}

/**
 * The rules page's content.
 *
 * @example
 * ```ts
 * import { rulesBody } from "./rules.ts";
 * const body = rulesBody({ packs: [], hits: new Map(), days: 30, tests: new Map(), filter: {} });
 * console.assert(body.value.includes("rules in 0 packs"));
 * ```
 */
export function rulesBody(view: RulesView): Html {
  const q = view.filter.q?.trim().toLowerCase();
  const all = view.packs.flatMap((p) => p.rules);
  const failing = [...view.tests.values()].filter((t) => t.fp + t.fn > 0).length;
  const cases = [...view.tests.values()].reduce((s, t) => s + t.tp + t.tn + t.fp + t.fn, 0);
  const fired = all.filter((r) => (view.hits.get(r.id) ?? 0) > 0).length;
  const sections = view.packs
    .filter((p) => !view.filter.pack || p.id === view.filter.pack)
    .map((pack) => {
      const rules = pack.rules.filter((r) =>
        (!view.filter.category || r.category === view.filter.category) &&
        (!q || `${r.id}\n${r.message}\n${r.category}`.toLowerCase().includes(q))
      );
      if (rules.length === 0) return html``;
      return html`
        <section class="panel" aria-labelledby="pack-${pack.id}">
          <h2
            id="pack-${pack.id}">${pack.id} <span class="muted">v${pack.version} · ${pack.rules
              .length} rules</span></h2>
          <p class="muted">${pack.description}</p>
          <table>
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">Category</th>
                <th scope="col">Severity</th>
                <th scope="col">Action</th>
                <th scope="col" class="num">Hits (${view.days} d)</th>
                <th scope="col">Inline tests</th>
              </tr>
            </thead>
            <tbody>${rules.map((r) =>
              html`
                <tr id="rule-${r.id}">
                  <td class="clip"><code>${r.id}</code><br><span class="muted">${r
                    .message}</span></td>
                  <td>${r.category.replaceAll("_", " ")}</td>
                  <td><span class="pill ${r.severity}">${r.severity}</span></td>
                  <td>${r.action
                    ? html`<span class="pill ${r.action}">${r.action}</span>`
                    : html`<span class="muted">by risk</span>`}</td>
                  <td class="num">${view.hits.get(r.id) ?? 0}</td>
                  <td>${testStatus(
                    view.tests.get(r.id),
                    r.tests.filter((t) => t.expect === "fire").length,
                  )}</td>
                </tr>
              `
            )}</tbody>
          </table>
        </section>
      `;
    });
  return html`
    <div class="stats">
      <div
        class="stat"><span class="n">${all.length}</span><span class="l">rules in ${view.packs
          .length} packs</span></div>
      <div
        class="stat"><span class="n">${fired}</span><span class="l">rules fired in ${view
          .days} days</span></div>
      <div class="stat"><span class="n">${cases}</span><span class="l">inline test cases</span></div>
      <div
        class="stat"><span class="n">${failing}</span><span class="l">rules with failing tests</span></div>
    </div>
    <form class="filters" method="get" action="/ui/rules" role="search" aria-label="Filter rules">
      <div
        class="field"><label for="f-pack">Pack</label><select id="f-pack" name="pack">${option(
          "",
          "All packs",
          view.filter.pack ?? "",
        )}${view.packs.map((p) => option(p.id, p.id, view.filter.pack))}</select></div>
      <div
        class="field"><label for="f-category">Category</label><select id="f-category" name="category">${option(
          "",
          "All categories",
          view.filter.category ?? "",
        )}${CATEGORIES.map((c) =>
          option(c, c.replaceAll("_", " "), view.filter.category)
        )}</select></div>
      <div
        class="field"><label for="f-q">Text</label><input id="f-q" name="q" type="text" value="${view
          .filter.q ?? ""}" placeholder="id or message"></div>
      <button type="submit">Filter</button>
    </form>
    ${sections}
  `;
}
