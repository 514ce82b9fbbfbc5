/**
 * Server-side HTML for the dashboard: a tagged template that escapes every value, so a
 * command, a prompt or a rule message an agent wrote can never become markup.
 *
 * @module
 */

/** A piece of HTML that is already safe: nested {@linkcode html} results, not escaped again. */
export class Html {
  /** The markup. */
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  /** The markup. */
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Escapes text for an HTML element or a quoted attribute.
 *
 * @example
 * ```ts
 * import { escapeHtml } from "./html.ts";
 * console.assert(escapeHtml(`<a href="x">'&'</a>`) === "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

function render(value: unknown): string {
  if (value instanceof Html) return value.value;
  if (value === null || value === undefined || value === false) return "";
  if (Array.isArray(value)) return value.map(render).join("");
  return escapeHtml(String(value));
}

/**
 * Builds HTML: every interpolated value is escaped unless it is an {@linkcode Html} (a nested
 * template); arrays are joined; `null`, `undefined` and `false` render as nothing.
 *
 * @example
 * ```ts
 * import { html } from "./html.ts";
 * const items = ["rm -rf /", "<script>"];
 * const out = html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`;
 * console.assert(out.value === "<ul><li>rm -rf /</li><li>&lt;script&gt;</li></ul>");
 * ```
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new Html(out);
}

/** Markup written by us (never by an agent or a user), taken as is. */
export function trusted(markup: string): Html {
  return new Html(markup);
}
