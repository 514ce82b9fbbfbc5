/**
 * Text matchers: `regex` (with flags, named captures and an optional entropy floor),
 * `contains` (literals), `words` (whole words or phrases), `equals` and `exists`.
 *
 * @module
 */

import type { Captures, Matcher } from "../types.ts";
import { readLower, readValue } from "./value.ts";

/** Shannon entropy of a string, in bits per character. */
export function entropy(text: string): number {
  if (text.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

function capturesOf(match: RegExpExecArray): Captures {
  const captures: Captures = { match: match[0] };
  for (const [name, value] of Object.entries(match.groups ?? {})) {
    if (value !== undefined) captures[name] = value;
  }
  return captures;
}

/**
 * Compiles a regex matcher. Throws a SyntaxError for a bad pattern (the loader reports
 * it). Results are cached per event by field, flags, pattern and entropy floor, so a
 * pattern shared by several rules (YAML anchors) runs once per event.
 */
export function regexMatcher(
  field: string,
  pattern: string,
  flags = "",
  minEntropy?: number,
): Matcher {
  if (/\(\?[ms]*i[ms]*(?:-[ms]*)?:/.test(pattern)) {
    // V8 15 silently misses matches with (?i:...) around long alternations.
    throw new SyntaxError("inline flag groups such as (?i:...) are not supported; use flags: i");
  }
  const key = `re:${field}\u0000${flags}\u0000${minEntropy ?? ""}\u0000${pattern}`;
  let test: (value: string) => Captures | null;
  if (minEntropy === undefined) {
    const regex = new RegExp(pattern, flags.replace("g", ""));
    test = (value) => {
      const match = regex.exec(value);
      return match ? capturesOf(match) : null;
    };
  } else {
    const regex = new RegExp(pattern, flags.includes("g") ? flags : flags + "g");
    test = (value) => {
      regex.lastIndex = 0;
      for (const match of value.matchAll(regex)) {
        const secret = match.groups?.secret ?? match[0];
        if (entropy(secret) >= minEntropy) return capturesOf(match as RegExpExecArray);
      }
      return null;
    };
  }
  // A local value (an argument, a path) depends on nothing but itself, so its answer is
  // remembered across events; scripts repeat arguments and rules share patterns.
  const memo = new Map<string, Captures | null>();
  return (context) => {
    const locals = context.locals;
    if (locals !== undefined && field in locals) {
      const value = locals[field];
      let result = memo.get(value);
      if (result === undefined) {
        result = value.length > MEMO_VALUE_LENGTH
          ? test(value)
          : remember(memo, value, test(value));
      }
      return result;
    }
    if (context.cache.has(key)) return context.cache.get(key) as Captures | null;
    const value = readValue(context, field);
    const result = value === undefined ? null : test(value);
    context.cache.set(key, result);
    return result;
  };
}

/** Local values longer than this are matched every time instead of remembered. */
const MEMO_VALUE_LENGTH = 512;
/** How many local values a matcher remembers before it starts over. */
const MEMO_SIZE = 2048;

function remember<T>(memo: Map<string, T>, key: string, value: T): T {
  if (memo.size >= MEMO_SIZE) memo.clear();
  memo.set(key, value);
  return value;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Compiles a matcher for any of several literals. */
export function containsMatcher(field: string, needles: string[], caseSensitive: boolean): Matcher {
  if (caseSensitive) {
    return (context) => {
      const value = readValue(context, field);
      if (value === undefined) return null;
      const found = needles.find((n) => value.includes(n));
      return found === undefined ? null : { match: found };
    };
  }
  const lower = needles.map((n) => n.toLowerCase());
  return (context) => {
    const value = readLower(context, field);
    if (value === undefined) return null;
    const index = lower.findIndex((n) => value.includes(n));
    return index === -1 ? null : { match: needles[index] };
  };
}

/** Compiles a matcher for any of several whole words or phrases (flexible white space). */
export function wordsMatcher(field: string, words: string[], caseSensitive: boolean): Matcher {
  const alternatives = words.map((w) => escapeRegex(w.trim()).replace(/\s+/g, "\\s+"));
  const regex = new RegExp(
    `(?<![\\w])(?:${alternatives.join("|")})(?![\\w])`,
    caseSensitive ? "" : "i",
  );
  return (context) => {
    const value = readValue(context, field);
    if (value === undefined) return null;
    const match = regex.exec(value);
    return match ? { match: match[0] } : null;
  };
}

/** Compiles an equality matcher (any of the values). */
export function equalsMatcher(field: string, values: (string | number | boolean)[]): Matcher {
  const wanted = new Set(values.map(String));
  return (context) => {
    const value = readValue(context, field);
    return value !== undefined && wanted.has(value) ? { match: value } : null;
  };
}

/** Compiles a presence matcher. */
export function existsMatcher(field: string, exists: boolean): Matcher {
  return (context) => {
    const value = readValue(context, field);
    const present = value !== undefined && value !== "";
    return present === exists ? {} : null;
  };
}
