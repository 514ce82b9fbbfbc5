/**
 * The login page: one password field for the server's bearer token. The form posts to
 * `/ui/login` (never a token in a URL) with a login CSRF token that must match a cookie set
 * with the page (double submit: a login cannot be forced from another site).
 *
 * @module
 */

import { head } from "../layout.ts";
import { flashOf } from "../layout.ts";
import { html } from "../html.ts";
import { CSRF_FIELD } from "../csrf.ts";

/** What the login page shows. */
export interface LoginView {
  /** The double-submit token, also set as a cookie. */
  csrf: string;
  /** Why the last attempt failed. */
  error?: string;
  /** Where the token file is, to help the user find it. */
  tokenHint: string;
  /** Where to go after logging in (a path of this dashboard). */
  next?: string;
}

/**
 * Renders the login page.
 *
 * @example
 * ```ts
 * import { renderLogin } from "./login.ts";
 * const page = renderLogin({ csrf: "c1", tokenHint: "~/.taskorch/http-token" });
 * console.assert(page.includes('type="password"') && page.includes('value="c1"'));
 * ```
 */
export function renderLogin(view: LoginView): string {
  return "<!doctype html>\n" + html`
    <html lang="en">
      <head>
    ${head("Log in")}
      </head>
      <body>
        <main id="main" class="login">
          <section class="panel" aria-labelledby="login-title">
    <h1 id="login-title"><img src="/ui/assets/icon.svg" alt="" width="24" height="24"> taskorch</h1>
    <p>This dashboard shows what taskorch judged, learned and spent, and lets you approve or reject actions agents are waiting on. Log in with the server's token.</p>
    ${flashOf(view.error ? { kind: "error", text: view.error } : undefined)}
    <form method="post" action="/ui/login">
    <input type="hidden" name="${CSRF_FIELD}" value="${view.csrf}">
    ${view.next ? html`<input type="hidden" name="next" value="${view.next}">` : html``}
    <div class="row">
    <label for="token">Token</label>
    <input id="token" name="token" type="password" autocomplete="current-password" required autofocus aria-describedby="token-help">
    <p id="token-help" class="muted">Print it with <code>cat ${view.tokenHint}</code>.</p>
    </div>
    <button class="primary" type="submit">Log in</button>
    </form>
          </section>
        </main>
      </body>
    </html>
  `.value;
}
