/**
 * A stacked bar chart drawn on the server as inline SVG: no script, no library, colours
 * from the stylesheet (`.s-<key>` classes), a tooltip (`<title>`) on every segment and a
 * text summary for screen readers. Pages put the same figures in a table next to it.
 *
 * @module
 */

import { type Html, html } from "./html.ts";

/** One series (one colour) of a chart. */
export interface ChartSeries {
  /** A CSS-safe key: the segment's class is `s-<key>`. */
  key: string;
  /** The legend's text. */
  label: string;
}

/** What {@linkcode stackedBarChart} draws. */
export interface BarChartInput {
  /** Names the chart for assistive technology. */
  title: string;
  /** The stacked series, bottom first. */
  series: ChartSeries[];
  /** The bars, left to right; `values[i]` belongs to `series[i]`. */
  bars: { label: string; values: number[] }[];
  /** Formats a value for axis labels and tooltips (default: the number). */
  format?: (value: number) => string;
  /** The values are counts: ticks are whole numbers. */
  integer?: boolean;
  /** Drawing size in SVG units (default 720 × 220); the SVG scales to its box. */
  width?: number;
  height?: number;
}

/** The smallest "nice" number (1, 2, 2.5, 5 × 10^n) at least `value`. */
export function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * power >= value) return step * power;
  }
  return 10 * power;
}

const round = (n: number): number => Math.round(n * 10) / 10;

/**
 * Draws a stacked bar chart as an `<svg>` element.
 *
 * @example
 * ```ts
 * import { stackedBarChart } from "./chart.ts";
 * const svg = stackedBarChart({
 *   title: "Checks per day",
 *   series: [{ key: "allow", label: "allow" }, { key: "deny", label: "deny" }],
 *   bars: [{ label: "2026-03-01", values: [3, 1] }, { label: "2026-03-02", values: [0, 0] }],
 * }).value;
 * console.assert(svg.trimStart().startsWith("<svg") && svg.includes('class="s-deny"'));
 * console.assert(svg.includes("2026-03-01: deny 1"));
 * ```
 */
export function stackedBarChart(input: BarChartInput): Html {
  const width = input.width ?? 720;
  const height = input.height ?? 220;
  const format = input.format ?? ((n: number) => String(n));
  const left = 48;
  const bottom = 24;
  const top = 10;
  const plotW = width - left - 8;
  const plotH = height - top - bottom;
  const totals = input.bars.map((b) => b.values.reduce((s, v) => s + v, 0));
  const highest = Math.max(0, ...totals);
  // Counts: whole-number ticks (at least 0..4), never 0.5 of a check.
  const max = input.integer
    ? Math.max(4, Math.ceil(niceCeiling(highest) / 4) * 4)
    : niceCeiling(highest);
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const slot = plotW / Math.max(1, input.bars.length);
  const barW = Math.max(2, Math.min(40, slot * 0.7));
  const labelEvery = Math.max(1, Math.ceil(input.bars.length / 12));
  const grid = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const v = max * f;
    return html`
      <g class="gl">
        <line x1="${left}" x2="${width - 8}" y1="${round(y(v))}" y2="${round(y(v))}" />
        <text x="${left - 6}" y="${round(y(v)) + 4}" text-anchor="end">${format(v)}</text>
      </g>
    `;
  });
  const bars = input.bars.map((bar, i) => {
    const x = round(left + slot * i + (slot - barW) / 2);
    let base = 0;
    const segments = bar.values.map((value, s) => {
      if (value <= 0) return html``;
      const y0 = y(base);
      base += value;
      const y1 = y(base);
      const series = input.series[s];
      return html`
        <rect class="s-${series.key}" x="${x}" y="${round(y1)}" width="${round(barW)}"
          height="${Math.max(0.5, round(y0 - y1))}">
          <title>${bar.label}: ${series.label} ${format(value)}</title>
        </rect>
      `;
    });
    const label = i % labelEvery === 0 || i === input.bars.length - 1
      ? html`<text class="x" x="${round(x + barW / 2)}" y="${height - 6}" text-anchor="middle">${
        bar.label.length === 10 ? bar.label.slice(5) : bar.label
      }</text>`
      : html``;
    return html`<g>${segments}${label}</g>`;
  });
  const total = totals.reduce((s, v) => s + v, 0);
  const summary = `${input.title}: ${input.bars.length} bars, total ${format(total)}` +
    (input.bars.length ? `, from ${input.bars[0].label} to ${input.bars.at(-1)!.label}` : "");
  return html`
    <svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${summary}"
      preserveAspectRatio="xMidYMid meet">${grid}${bars}</svg>
  `;
}

/**
 * The chart's legend, as HTML.
 *
 * @example
 * ```ts
 * import { chartLegend } from "./chart.ts";
 * console.assert(chartLegend([{ key: "ask", label: "ask" }]).value.includes("swatch s-ask"));
 * ```
 */
export function chartLegend(series: readonly ChartSeries[]): Html {
  return html`<ul class="legend">${
    series.map((s) =>
      html`<li><svg class="swatch s-${s.key}" viewBox="0 0 10 10" aria-hidden="true"><rect width="10" height="10"/></svg>${s.label}</li>`
    )
  }</ul>`;
}
