/**
 * The dashboard as markdown, for people and for models reading `immune_dashboard`'s text.
 *
 * @module
 */

import { DECISIONS } from "../verdict.ts";
import type { Dashboard } from "./dashboard.ts";

function table(head: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) =>
    `| ${cells.map((c) => String(c).replaceAll("|", "\\|").replaceAll("\n", " ")).join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...rows.map(line)].join("\n");
}

function sorted(counts: Record<string, number>): [string, number][] {
  return Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function cut(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

function percent(part: number, whole: number): string {
  return whole === 0 ? "—" : `${Math.round((part / whole) * 1000) / 10}%`;
}

/**
 * Renders a dashboard as markdown: summary, decisions, events, categories, top rules, top
 * patterns, the per-day trend and the definition of "prevented".
 *
 * @example
 * ```ts
 * import { openStore } from "../store.ts";
 * import { computeDashboard } from "./dashboard.ts";
 * import { renderDashboard } from "./dashboard_markdown.ts";
 * using store = await openStore({ path: ":memory:" });
 * const text = renderDashboard(await computeDashboard(store, { days: 3 }));
 * console.assert(text.startsWith("# taskorch dashboard"));
 * ```
 */
export function renderDashboard(d: Dashboard): string {
  const c = d.checks;
  const p = d.prevented;
  const out: string[] = [
    `# taskorch dashboard: ${d.window.from} to ${d.window.to} (${d.window.days} ${
      d.window.days === 1 ? "day" : "days"
    }, UTC)`,
    "",
    `- **${c.total}** checks, **${c.flagged}** flagged (${percent(c.flagged, c.total)}): ` +
    DECISIONS.map((k) => `${k} ${c.byDecision[k] ?? 0}`).join(", "),
    `- **${p.total}** prevented: ${p.held} flagged events whose rule did not fire again in ` +
    `their session, ${p.humanRejections} human rejections; ${p.recurred} recurred, ` +
    `${p.undetermined} without a session`,
    `- **${d.failures}** tool failures recorded; **${d.patterns.stored}** learned patterns ` +
    `(${d.patterns.newInWindow} new, ${d.patterns.seenInWindow} seen in the window)`,
  ];
  if (d.journal && (d.journal.waiting > 0 || d.journal.malformed.length > 0)) {
    out.push(
      `- hook journal: ${d.journal.waiting} file(s) still being written (counted next time)` +
        (d.journal.malformed.length ? `, ${d.journal.malformed.length} malformed line(s)` : ""),
    );
  }
  out.push("", "## Checks by event", "");
  out.push(
    c.total === 0 ? "No checks recorded." : table(["event", "checks"], sorted(c.byEvent)),
  );
  if (Object.keys(c.byVia).length > 0) {
    out.push("", table(["via", "checks"], sorted(c.byVia)));
  }
  out.push("", "## Findings by category", "");
  out.push(
    Object.keys(c.byCategory).length === 0
      ? "No findings."
      : table(["category", "checks"], sorted(c.byCategory)),
  );
  if (c.topRules.length > 0) {
    out.push("", "## Top rules", "");
    out.push(
      table(["rule", "category", "checks"], c.topRules.map((r) => [r.rule, r.category, r.count])),
    );
  }
  out.push("", "## Top learned patterns (seen in the window)", "");
  out.push(
    d.patterns.top.length === 0 ? "None." : table(
      ["id", "category", "occurrences", "matched", "last seen", "text"],
      d.patterns.top.map((t) => [
        t.id,
        t.category,
        t.occurrences,
        t.matchedInWindow,
        t.lastSeen.slice(0, 10),
        `\`${cut(t.text, 60).replaceAll("`", "'")}\``,
      ]),
    ),
  );
  if (d.patterns.stored > 0) {
    out.push("", table(["pattern category", "patterns"], sorted(d.patterns.byCategory)));
    out.push("", table(["pattern source", "patterns"], sorted(d.patterns.bySource)));
  }
  out.push("", "## Trend (per UTC day)", "");
  out.push(table(
    ["day", "checks", ...DECISIONS, "failures", "new patterns"],
    d.trend.map((t) => [
      t.day,
      t.checks,
      ...DECISIONS.map((k) => t.decisions[k] ?? 0),
      t.failures,
      t.newPatterns,
    ]),
  ));
  out.push(
    "",
    '"Prevented" counts flagged events (warn, ask, deny, block) none of whose rules fired again ' +
      "later in the same session, plus human rejections; it is an upper bound (the session may " +
      "have ended, or the agent may have reached the same end another way).",
  );
  return out.join("\n") + "\n";
}
