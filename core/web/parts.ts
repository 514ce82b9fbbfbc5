/**
 * Small parts several dashboard pages render the same way: a filter's `<option>`, a learned
 * pattern's link with its (clipped) text.
 *
 * @module
 */

import { type Html, html } from "./html.ts";

/**
 * One `<option>` of a filter, selected when it is the filter's value.
 *
 * @example
 * ```ts
 * import { option } from "./parts.ts";
 * console.assert(option("a", "A", "a").value.includes("selected"));
 * console.assert(!option("a", "A", "b").value.includes("selected"));
 * ```
 */
export function option(value: string, label: string, selected: string | undefined): Html {
  return html`
    <option value="${value}" ${selected === value
      ? html`
        selected
      `
      : html``}>${label}</option>
  `;
}

/**
 * A pattern's description linked to its page, with its text under it, cut at `max`
 * characters.
 *
 * @example
 * ```ts
 * import { patternLink } from "./parts.ts";
 * const cell = patternLink({ id: "p1", description: "npm failed", text: "npm run x" }, 5).value;
 * console.assert(cell.includes("/ui/memory/p1") && cell.includes("npm r…"));
 * ```
 */
export function patternLink(
  pattern: { id: string; description: string; text: string },
  max: number,
): Html {
  const text = pattern.text.length > max ? pattern.text.slice(0, max) + "…" : pattern.text;
  return html`<a href="/ui/memory/${pattern.id}">${pattern.description}</a><br><code>${text}</code>`;
}
