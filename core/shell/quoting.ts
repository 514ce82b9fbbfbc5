/**
 * Small scanners for the lexer: ANSI-C `$'..'` decoding, backtick unescaping and a flat,
 * non-recursive scan to the end of a deeply nested `$(...)`.
 *
 * @module
 */

/** The result of decoding an ANSI-C quoted string. */
export interface AnsiC {
  /** The decoded text. */
  value: string;
  /** Offset just past the closing quote (or the end of the input). */
  end: number;
  /** False when the input ended before the closing quote. */
  closed: boolean;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: "\x07",
  b: "\b",
  e: "\x1b",
  E: "\x1b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "\\": "\\",
  "'": "'",
  '"': '"',
  "?": "?",
};

function readDigits(s: string, at: number, max: number, re: RegExp): string {
  let j = at;
  while (j < s.length && j - at < max && re.test(s[j])) j++;
  return s.slice(at, j);
}

function codePoint(hex: string): string {
  const n = parseInt(hex, 16);
  return n <= 0x10ffff ? String.fromCodePoint(n) : "\ufffd";
}

/**
 * Decodes the body of `$'...'` starting at `at` (just after the opening quote).
 *
 * @example
 * ```ts
 * import { decodeAnsiC } from "./quoting.ts";
 * console.assert(decodeAnsiC("a\\tb'", 0).value === "a\tb");
 * ```
 */
export function decodeAnsiC(s: string, at: number): AnsiC {
  let value = "";
  let i = at;
  while (i < s.length) {
    const c = s[i];
    if (c === "'") return { value, end: i + 1, closed: true };
    if (c !== "\\" || i + 1 >= s.length) {
      value += c;
      i++;
      continue;
    }
    const d = s[i + 1];
    i += 2;
    const simple = SIMPLE_ESCAPES[d];
    if (simple !== undefined) {
      value += simple;
    } else if (d >= "0" && d <= "7") {
      const digits = d + readDigits(s, i, 2, /[0-7]/);
      i += digits.length - 1;
      value += String.fromCharCode(parseInt(digits, 8) & 0xff);
    } else if (d === "x" || d === "u" || d === "U") {
      const digits = readDigits(s, i, d === "x" ? 2 : d === "u" ? 4 : 8, /[0-9a-fA-F]/);
      i += digits.length;
      value += digits.length === 0 ? "\\" + d : codePoint(digits);
    } else if (d === "c" && i < s.length) {
      value += String.fromCharCode(s.charCodeAt(i) & 0x1f);
      i++;
    } else {
      value += "\\" + d;
    }
  }
  return { value, end: s.length, closed: false };
}

/**
 * Removes the backslashes that protect `$`, `` ` `` and `\` inside backticks, giving the
 * nested command's source.
 */
export function unescapeBackticks(inner: string): string {
  return inner.indexOf("\\") < 0 ? inner : inner.replace(/\\([$`\\])/g, "$1");
}

/**
 * Finds the `)` closing a `$(`, `<(` or `>(` whose body starts at `at`, without recursion:
 * quotes, backslashes and nested parentheses are honoured, here-documents are not. Returns the
 * offset of the closing parenthesis, or `s.length` when there is none.
 */
export function skipBalanced(s: string, at: number): number {
  let depth = 0;
  let i = at;
  while (i < s.length) {
    const c = s[i];
    if (c === "\\") {
      i += 2;
    } else if (c === "'") {
      const e = s.indexOf("'", i + 1);
      i = e < 0 ? s.length : e + 1;
    } else if (c === '"') {
      i++;
      while (i < s.length && s[i] !== '"') i += s[i] === "\\" ? 2 : 1;
      i++;
    } else if (c === "(") {
      depth++;
      i++;
    } else if (c === ")") {
      if (depth === 0) return i;
      depth--;
      i++;
    } else {
      i++;
    }
  }
  return s.length;
}

/**
 * Finds the end of an arithmetic expansion `$((...))` whose first `(` is at `at`. Returns the
 * offset just past the final `)`, or `s.length` when unbalanced.
 */
export function skipArithmetic(s: string, at: number): number {
  let depth = 0;
  for (let i = at; i < s.length; i++) {
    const c = s[i];
    if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return i + 1;
  }
  return s.length;
}
