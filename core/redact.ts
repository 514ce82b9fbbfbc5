/**
 * Masks credentials in text taskorch itself writes: finding messages quote the command or
 * the line that fired, and those messages go into the agent's transcript, the hook's
 * output and the store. A finding about a leaked key must not leak the key again.
 *
 * @module
 */

/** Well-known credential shapes; each keeps a short prefix so the user can tell which. */
const TOKENS: RegExp = new RegExp(
  [
    String.raw`\b(?:sk|pk|rk)-(?:proj-|ant-(?:api\d+-)?|live_|test_|or-v1-)?[A-Za-z0-9_-]{16,}`,
    String.raw`\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}`,
    String.raw`\bgithub_pat_[A-Za-z0-9_]{20,}`,
    String.raw`\bglpat-[A-Za-z0-9_-]{20,}`,
    String.raw`\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\b`,
    String.raw`\bxox[abposr]-[A-Za-z0-9-]{10,}`,
    String.raw`\bAIza[0-9A-Za-z_-]{30,}`,
    String.raw`\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}`,
    String.raw`\bnpm_[A-Za-z0-9]{30,}`,
    String.raw`\bhf_[A-Za-z0-9]{30,}`,
    String.raw`\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}`,
  ].join("|"),
  "g",
);

const PRIVATE_KEY =
  /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g;

/** `user:password@` in a URL. */
const URL_PASSWORD = /\b([A-Za-z][\w+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/g;

/** `Authorization: Bearer x`, `password=x`, `"api_key": "x"`. */
const ASSIGNED =
  /\b((?:authorization|proxy-authorization)\s*:\s*(?:bearer|basic|token)\s+|(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|client[_-]?secret)["']?\s*[=:]\s*["']?)([^\s"'`,;&|]{6,})/gi;

function mask(value: string): string {
  return value.length <= 8 ? "[redacted]" : `${value.slice(0, 4)}…[redacted]`;
}

/**
 * Replaces credentials in `text` with a short prefix and `[redacted]`.
 *
 * @example
 * ```ts
 * import { redactSecrets } from "./redact.ts";
 * const text = redactSecrets("curl -H 'Authorization: Bearer abcdef123456' https://x");
 * console.assert(!text.includes("abcdef123456"));
 * console.assert(redactSecrets("rm -rf build") === "rm -rf build");
 * ```
 */
export function redactSecrets(text: string): string {
  if (text.length < 12) return text;
  return text
    .replace(PRIVATE_KEY, (_whole, kind: string) => `-----BEGIN ${kind}PRIVATE KEY-----[redacted]`)
    .replace(TOKENS, mask)
    .replace(URL_PASSWORD, "$1[redacted]@")
    .replace(
      ASSIGNED,
      (_whole, prefix: string, value: string) =>
        /^(?:\$|%|<|\{\{|process\.env|os\.environ)/.test(value)
          ? prefix + value
          : prefix + mask(value),
    );
}
