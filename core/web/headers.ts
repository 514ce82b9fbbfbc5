/**
 * The dashboard's security headers: a Content Security Policy with no remote source and no
 * inline script or style (our CSS and JS come from our own `/ui/assets/` routes), no framing,
 * no referrer to other sites (`same-origin`: a `no-referrer` policy makes browsers post forms
 * with `Origin: null`, which the Origin check refuses), no caching of pages that show a store's
 * contents.
 *
 * @module
 */

/** The Content Security Policy of every dashboard response. */
export const CSP: string = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * The headers every dashboard response carries, plus `contentType`.
 *
 * @example
 * ```ts
 * import { securityHeaders } from "./headers.ts";
 * const headers = new Headers(securityHeaders("text/html; charset=utf-8"));
 * console.assert(headers.get("content-security-policy")!.includes("frame-ancestors 'none'"));
 * console.assert(headers.get("x-frame-options") === "DENY");
 * ```
 */
export function securityHeaders(contentType: string): Record<string, string> {
  return {
    "content-type": contentType,
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "cache-control": "no-store",
  };
}
