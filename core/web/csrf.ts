/**
 * CSRF defence for the dashboard's forms, three layers deep:
 *
 * 1. the session cookie is `SameSite=Strict` (a cross-site request carries no session);
 * 2. every POST must come from this server's own origin: an `Origin` header naming another
 *    origin, or `Sec-Fetch-Site` other than `same-origin`, is refused (the HTTP layer already
 *    refuses foreign `Origin`s for every route, as for `/mcp`);
 * 3. every form carries the session's CSRF token in a hidden `csrf` field, compared in
 *    constant time.
 *
 * @module
 */

import { safeEqual } from "../token.ts";

/** The form field that carries the token. */
export const CSRF_FIELD = "csrf";

/**
 * Why a POST is refused, or undefined when it may proceed.
 *
 * @example
 * ```ts
 * import { csrfProblem } from "./csrf.ts";
 * const origins = new Set(["http://127.0.0.1:7420"]);
 * const ok = new Request("http://127.0.0.1:7420/ui/logout", {
 *   method: "POST", headers: { origin: "http://127.0.0.1:7420" },
 * });
 * const form = new FormData();
 * form.set("csrf", "s3cret");
 * console.assert(csrfProblem(ok, form, "s3cret", origins) === undefined);
 * console.assert(csrfProblem(ok, new FormData(), "s3cret", origins)!.includes("CSRF token"));
 * ```
 */
export function csrfProblem(
  request: Request,
  form: FormData,
  expected: string,
  origins: ReadonlySet<string>,
): string | undefined {
  const origin = request.headers.get("origin");
  if (origin !== null && !origins.has(origin.toLowerCase())) {
    return `the form was posted from another origin (${origin})`;
  }
  const site = request.headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin" && site !== "none") {
    return `the form was posted from another site (Sec-Fetch-Site: ${site})`;
  }
  const token = form.get(CSRF_FIELD);
  if (typeof token !== "string" || token === "") {
    return "the form carries no CSRF token (reload the page and submit it again)";
  }
  if (!safeEqual(token, expected)) {
    return "the form's CSRF token is not this session's (reload the page and submit it again)";
  }
  return undefined;
}
