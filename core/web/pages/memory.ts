/**
 * The memory pages: the learned failure patterns (filtered as `taskorch memory list`
 * filters them), and one pattern with "promote to rule": the YAML rule pack that
 * `taskorch memory export` writes for it, shown and downloadable, to review and move into a
 * team pack.
 *
 * @module
 */

import type { PatternList, PatternSummary } from "../../memory/query.ts";
import type { ExportResult } from "../../memory/export.ts";
import { CATEGORIES } from "../../verdict.ts";
import { type Html, html } from "../html.ts";
import { option, patternLink } from "../parts.ts";

/** Filters of the memory page (from the query string). */
export interface MemoryFilter {
  category?: string;
  q?: string;
  sort?: string;
}

const time = (iso: string): string => iso.replace("T", " ").slice(0, 16);

/**
 * The pattern list's content.
 *
 * @example
 * ```ts
 * import { memoryBody } from "./memory.ts";
 * const body = memoryBody({ stored: 0, matching: 0, patterns: [] }, {}).value;
 * console.assert(body.includes("No learned pattern"));
 * ```
 */
export function memoryBody(list: PatternList, filter: MemoryFilter): Html {
  const rows = list.patterns.map((p) =>
    html`
      <tr>
        <td class="clip">${patternLink(p, 120)}</td>
        <td>${p.category.replaceAll("_", " ")}</td>
        <td>${p.source.replaceAll("_", " ")}<br><span class="muted">${p.scope}</span></td>
        <td class="num">${p.occurrences}</td>
        <td class="nowrap">${time(p.lastSeen)}</td>
        <td><a class="button" href="/ui/memory/${p.id}">Promote to rule</a></td>
      </tr>
    `
  );
  return html`
    <form class="filters" method="get" action="/ui/memory" role="search" aria-label="Filter patterns">
      <div
        class="field"><label for="m-category">Category</label><select id="m-category" name="category">${option(
          "",
          "All categories",
          filter.category ?? "",
        )}${CATEGORIES.map((c) =>
          option(c, c.replaceAll("_", " "), filter.category)
        )}</select></div>
      <div
        class="field"><label for="m-q">Text</label><input id="m-q" name="q" type="text" value="${filter
          .q ?? ""}" placeholder="command, description, id"></div>
      <div
        class="field"><label for="m-sort">Order</label><select id="m-sort" name="sort">${option(
          "occurrences",
          "Most seen",
          filter.sort ?? "occurrences",
        )}${option("last_seen", "Last seen", filter.sort)}${option(
          "first_seen",
          "First seen",
          filter.sort,
        )}</select></div>
      <button type="submit">Filter</button>
    </form>
    <section class="panel" aria-labelledby="patterns-title">
    <h2 id="patterns-title">${list.matching} of ${list
      .stored} patterns${list.matching > list.patterns.length
      ? html`
        (first ${list.patterns.length} shown)
      `
      : html``}</h2>
    ${list.patterns.length === 0
      ? html`
        <p
          class="empty">No learned pattern${list.stored > 0
            ? " matches these filters"
            : " yet"}. Patterns are learned from tool failures, blocked claims, human rejections and <code>taskorch learn</code>.</p>
      `
      : html`
        <table>
          <thead>
            <tr>
              <th scope="col">Pattern</th>
              <th scope="col">Category</th>
              <th scope="col">Source</th>
              <th scope="col" class="num">Seen</th>
              <th scope="col">Last seen</th>
              <th scope="col"><span class="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>${rows}</tbody>
        </table>
      `}
    </section>
  `;
}

/**
 * One pattern and its exported rule.
 *
 * @example
 * ```ts
 * import { patternBody } from "./memory.ts";
 * const body = patternBody({
 *   id: "p1", category: "other", text: "npm run deploy", description: "no such script",
 *   occurrences: 2, firstSeen: "2026-01-01T00:00:00Z", lastSeen: "2026-01-02T00:00:00Z",
 *   source: "manual", scope: "global",
 * }, { yaml: "id: memory\n", rules: 1, skipped: [] }).value;
 * console.assert(body.includes("/ui/memory/p1/rule.yaml") && body.includes("id: memory"));
 * ```
 */
export function patternBody(pattern: PatternSummary, exported: ExportResult): Html {
  const facts: [string, unknown][] = [
    ["Id", html`<code>${pattern.id}</code>`],
    ["Category", pattern.category.replaceAll("_", " ")],
    ["Text", html`<code>${pattern.text}</code>`],
    ["Event", [pattern.event, pattern.tool].filter(Boolean).join(" · ") || "any"],
    [
      "Seen",
      `${pattern.occurrences === 1 ? "once" : `${pattern.occurrences} times`}, ${
        time(pattern.firstSeen)
      } to ${time(pattern.lastSeen)}`,
    ],
    [
      "Source",
      `${pattern.source.replaceAll("_", " ")} (${pattern.scope}${
        pattern.cwd ? `: ${pattern.cwd}` : ""
      })`,
    ],
    ["Suggestion", pattern.suggestion],
    ["Evidence", pattern.evidence],
  ];
  const rule = exported.rules === 0
    ? html`
      <div class="flash error"
        role="alert">No rule could be generated for this pattern: ${exported.skipped.map((s) =>
          s.reason
        ).join("; ") || "it was filtered out"}.</div>
    `
    : html`<p>The rule pack <code>taskorch memory export</code> writes for this pattern, with generated inline tests that pass. Review it, give the rule a readable id, tighten its match and action, and add it to a team pack (<code>taskorch rules test PACK</code> checks it).</p>
<p><a class="button primary" href="/ui/memory/${pattern.id}/rule.yaml" download="memory-${pattern.id}.yaml">Download YAML</a></p>
<pre tabindex="0" aria-label="Rule pack YAML"><code>${exported.yaml}</code></pre>`;
  return html`
    <p><a href="/ui/memory">← All patterns</a></p>
    <div class="grid">
      <section class="panel" aria-labelledby="pattern-title">
        <h2 id="pattern-title">${pattern.description}</h2>
        <div class="item">
          <dl>${facts.filter(([, v]) => v !== undefined && v !== "").map(([k, v]) =>
            html`
              <dt>${k}</dt>
              <dd>${v}</dd>
            `
          )}</dl>
        </div>
      </section>
      <section class="panel" aria-labelledby="promote-title">
    <h2 id="promote-title">Promote to rule</h2>
    ${rule}
      </section>
    </div>
  `;
}
