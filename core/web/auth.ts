/**
 * Dashboard login and logout. The login form posts the server's bearer token (never in a
 * URL); a right token starts a session ({@linkcode SessionStore}) whose id goes in an
 * `HttpOnly`, `SameSite=Strict` cookie. A wrong token is answered 401 with the form again;
 * after {@linkcode MAX_FAILURES} wrong tokens within a minute, logins are refused (429) for
 * the rest of that minute. The login form itself is CSRF-protected by a double-submit
 * cookie, so another site cannot log a browser in.
 *
 * @module
 */

import { csrfProblem } from "./csrf.ts";
import { securityHeaders } from "./headers.ts";
import { renderLogin } from "./pages/login.ts";
import { cookie, randomId, readCookie, type Session, SessionStore } from "./session.ts";
import { safeEqual } from "../token.ts";

/** Wrong tokens allowed per minute before logins are refused for the rest of it. */
export const MAX_FAILURES = 5;

/** How long a login form may be left open (seconds). */
const LOGIN_FORM_SECONDS = 30 * 60;

/** Options of {@linkcode createAuth}. */
export interface AuthOptions {
  /** The server's bearer token. */
  token: string;
  /** The port, which names the cookies. */
  port: number;
  /** The origins a form may be posted from. */
  origins: ReadonlySet<string>;
  /** Where the user finds the token, for the login page. */
  tokenHint: string;
  /** The clock (tests). */
  now?: () => number;
}

/** Login, logout and session lookup for one server. */
export interface Auth {
  /** The sessions. */
  readonly sessions: SessionStore;
  /** The session cookie's name. */
  readonly cookieName: string;
  /** The request's live session, if any. */
  session(request: Request): Session | undefined;
  /** `GET /ui/login`. */
  loginPage(request: Request, url: URL): Response;
  /** `POST /ui/login`. */
  login(request: Request): Promise<Response>;
  /** `POST /ui/logout` (the caller checked the session's CSRF token). */
  logout(session: Session): Response;
}

/** A same-dashboard path to return to after login, or `/ui/`. */
export function safeNext(next: unknown): string {
  return typeof next === "string" && /^\/ui\/[\w\-./?=&%]*$/.test(next) && !next.includes("//")
    ? next
    : "/ui/";
}

/** A 303 to `location` (after a form, or to the login page), with the security headers. */
export function redirect(location: string, headers: Record<string, string> = {}): Response {
  return new Response(null, {
    status: 303,
    headers: { ...securityHeaders("text/plain"), location, ...headers },
  });
}

function htmlResponse(status: number, body: string, headers: Record<string, string> = {}) {
  return new Response(body, {
    status,
    headers: { ...securityHeaders("text/html; charset=utf-8"), ...headers },
  });
}

/**
 * Creates the login machinery of one server.
 *
 * @example
 * ```ts
 * import { createAuth } from "./auth.ts";
 * const auth = createAuth({
 *   token: "right-token-0123456789", port: 7420, tokenHint: "~/.taskorch/http-token",
 *   origins: new Set(["http://127.0.0.1:7420"]),
 * });
 * const page = auth.loginPage(new Request("http://127.0.0.1:7420/ui/login"), new URL("http://127.0.0.1:7420/ui/login"));
 * const csrf = /taskorch_login_7420=([^;]+)/.exec(page.headers.get("set-cookie")!)![1];
 * const form = new URLSearchParams({ csrf, token: "right-token-0123456789" });
 * const answer = await auth.login(new Request("http://127.0.0.1:7420/ui/login", {
 *   method: "POST", body: form,
 *   headers: { cookie: `taskorch_login_7420=${csrf}`, origin: "http://127.0.0.1:7420" },
 * }));
 * console.assert(answer.status === 303 && auth.sessions.size === 1);
 * ```
 */
export function createAuth(options: AuthOptions): Auth {
  const now = options.now ?? Date.now;
  const sessions = new SessionStore({ now });
  const cookieName = `taskorch_session_${options.port}`;
  const loginCookie = `taskorch_login_${options.port}`;
  let failures: number[] = [];

  function form(status: number, error?: string, next?: string): Response {
    const csrf = randomId();
    return htmlResponse(
      status,
      renderLogin({ csrf, error, tokenHint: options.tokenHint, next }),
      { "set-cookie": cookie(loginCookie, csrf, LOGIN_FORM_SECONDS) },
    );
  }

  return {
    sessions,
    cookieName,
    session: (request) => sessions.get(readCookie(request, cookieName)),
    loginPage(request, url) {
      if (sessions.get(readCookie(request, cookieName))) {
        return redirect("/ui/");
      }
      const next = url.searchParams.get("next");
      return form(200, undefined, next ? safeNext(next) : undefined);
    },
    async login(request) {
      let body: FormData;
      try {
        body = await request.formData();
      } catch {
        return form(400, "The login form could not be read. Submit it again.");
      }
      const next = safeNext(body.get("next"));
      const expected = readCookie(request, loginCookie);
      if (!expected) {
        return form(403, "The login form expired or cookies are off. Submit it again.");
      }
      const problem = csrfProblem(request, body, expected, options.origins);
      if (problem) return form(403, `Login refused: ${problem}.`);
      const t = now();
      failures = failures.filter((f) => t - f < 60_000);
      if (failures.length >= MAX_FAILURES) {
        const wait = Math.ceil((60_000 - (t - failures[0])) / 1000);
        return form(429, `Too many wrong tokens in the last minute. Try again in ${wait} s.`);
      }
      const token = body.get("token");
      if (typeof token !== "string" || !safeEqual(token.trim(), options.token)) {
        failures.push(t);
        return form(401, "That token is wrong. Check it and try again.", next);
      }
      const session = sessions.create();
      const headers = new Headers({ ...securityHeaders("text/plain"), location: next });
      headers.append("set-cookie", cookie(cookieName, session.id, 12 * 3600));
      headers.append("set-cookie", cookie(loginCookie, "", 0));
      return new Response(null, { status: 303, headers });
    },
    logout(session) {
      sessions.delete(session.id);
      return redirect("/ui/login", { "set-cookie": cookie(cookieName, "", 0) });
    },
  };
}
