/**
 * The page shell every dashboard page shares: a skip link, the banner with the navigation
 * (landmarks, `aria-current`), the pending-items badge and live status, the logout form
 * (with the session's CSRF token), one `<main>`, and a footer.
 *
 * @module
 */

import { type Html, html } from "./html.ts";
import { CSRF_FIELD } from "./csrf.ts";
import { VERSION } from "../version.ts";

/** The pages in the navigation. */
export type PageKey = "overview" | "inbox" | "costs" | "rules" | "memory";

/** The navigation, in order. */
export const NAV: readonly { key: PageKey; href: string; label: string }[] = [
  { key: "overview", href: "/ui/", label: "Overview" },
  { key: "inbox", href: "/ui/inbox", label: "Inbox" },
  { key: "costs", href: "/ui/costs", label: "Costs" },
  { key: "rules", href: "/ui/rules", label: "Rules" },
  { key: "memory", href: "/ui/memory", label: "Memory" },
];

/** A message shown once at the top of a page. */
export interface Flash {
  kind: "ok" | "error";
  text: string;
}

/** What {@linkcode renderPage} needs. */
export interface PageShell {
  /** The `<title>` and the `<h1>`. */
  title: string;
  /** The page's navigation entry. */
  active: PageKey;
  /** The page's content (inside `<main>`, after the `<h1>`). */
  body: Html;
  /** The session's CSRF token, for the logout form. */
  csrf: string;
  /** The live figures' fingerprint when the page was rendered (see core/web/live.ts). */
  stamp: string;
  /** Pending inbox items, for the badge (undefined when the inbox is not available). */
  pending?: number;
  /** A line under the title. */
  lede?: string | Html;
  /** A message from the last action. */
  flash?: Flash;
  /** The polling interval of the live updates, in milliseconds. */
  pollMs?: number;
}

/** The `<head>` shared by every page, the login page included. */
export function head(title: string): Html {
  return html`<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${title} · taskorch</title>
<link rel="icon" href="/ui/assets/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/ui/assets/app.css">`;
}

/** A flash message, with the role that makes screen readers announce it. */
export function flashOf(flash: Flash | undefined): Html {
  if (!flash) return html``;
  return html`<div class="flash ${flash.kind}" role="${
    flash.kind === "error" ? "alert" : "status"
  }">${flash.text}</div>`;
}

/**
 * A whole page.
 *
 * @example
 * ```ts
 * import { html } from "./html.ts";
 * import { renderPage } from "./layout.ts";
 * const page = renderPage({
 *   title: "Rules", active: "rules", body: html`<p>hello</p>`, csrf: "t0k", stamp: "s1",
 * });
 * console.assert(/href="\/ui\/rules"\s+aria-current="page"/.test(page));
 * console.assert(page.includes('name="csrf" value="t0k"'));
 * ```
 */
export function renderPage(shell: PageShell): string {
  const nav = NAV.map((item) => {
    const badge = item.key === "inbox" && shell.pending !== undefined
      ? html`
        <span class="badge" data-live="pending" data-hide-zero ${shell.pending === 0
          ? html`hidden`
          : html``}
          aria-label="pending items">${shell.pending}</span>
      `
      : html``;
    return html`<li><a href="${item.href}"${
      item.key === shell.active
        ? html`
          aria-current="page"
        `
        : html``
    }>${item.label}${badge}</a></li>`;
  });
  return "<!doctype html>\n" + html`
    <html lang="en">
      <head>
    ${head(shell.title)}
    <script src="/ui/assets/app.js" defer></script>
      </head>
      <body data-stamp="${shell.stamp}" data-poll="${shell.pollMs ?? 3000}">
        <a class="skip" href="#main">Skip to content</a>
        <header class="top">
          <div class="bar">
            <a class="brand" href="/ui/"><img src="/ui/assets/icon.svg" alt=""> taskorch</a>
            <nav class="main" aria-label="Main">
              <ul>${nav}</ul>
            </nav>
            <span class="spacer"></span>
            <span class="live" id="live-status" role="status" aria-live="polite">Live</span>
            <form method="post"
              action="/ui/logout"><input type="hidden" name="${CSRF_FIELD}" value="${shell
                .csrf}"><button type="submit">Log out</button></form>
          </div>
        </header>
        <main id="main" tabindex="-1">
    <h1>${shell.title}</h1>
    ${shell.lede ? html`<p class="lede">${shell.lede}</p>` : html``}
    ${flashOf(shell.flash)}
    ${shell.body}
        </main>
        <footer>taskorch ${VERSION} · served on 127.0.0.1 only · <a href="/healthz">health</a></footer>
      </body>
    </html>
  `.value;
}
