/**
 * Features of a failure's salient text, on which the learned memory computes similarity.
 *
 * Normalization, in order:
 * 1. lowercase (a text quoted as a whole loses its outer quotes);
 * 2. URLs → `_url_`, UUIDs → `_uuid_`, quoted strings (`"…"`, `'…'`, `` `…` ``) → `_str_`,
 *    paths (a word holding `/` or `\`, or starting with `~`) → `_path_`, hex runs of 7+
 *    characters holding a digit → `_hex_`, numbers → `_num_`;
 * 3. words: runs of letters, digits and `_`; one-letter words and a short list of English and
 *    shell stop words dropped; a light suffix stemmer (`-ing`, `-ed`, `-es`, `-s`, `-ly`) so
 *    "deleting" and "deletes" meet "delete".
 *
 * The features are the distinct stemmed words (a set of unigrams). Unigrams, not shingles or
 * n-grams: word order then does not matter (a paraphrase that reorders a sentence keeps its
 * features), and two unrelated texts share almost no feature, which keeps LSH buckets small
 * (see `bench/memory.ts` for the measured recall and false positives).
 *
 * @module
 */

const URL_RE = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'`<>]+/g;
const UUID_RE = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g;
const QUOTED_RE = /"(?:[^"\\\n]|\\.){0,400}"|'[^'\n]{0,400}'|`[^`\n]{0,400}`/g;
const PATH_RE = /(?:~|\.{1,2})?(?:[\w.@+-]*[/\\][\w.@+~-]*)+/g;
const HEX_RE = /\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,}\b/g;
const NUMBER_RE = /\b\d+(?:[.,:]\d+)*\b/g;
const WORD_RE = /[a-z0-9_]+/g;

/** Words that say nothing about a failure. */
const STOP_WORDS: ReadonlySet<string> = new Set(
  ("a an and are as at be been but by can could do does did for from had has have he her his " +
    "how i if in into is it its just me my no not of on or our she so some than that the their " +
    "them then there these they this those to too us was we were what when where which while who " +
    "why will with would you your yours please pls let lets can't don't dont all any also " +
    "about after again am before being both each few more most other own same should very " +
    "up down out over under only once here now").split(" "),
);

/** Longest text normalized: a pattern keeps 2 KB of text anyway. */
const MAX_INPUT = 4096;

/**
 * Lowercases `text` and replaces the parts that vary between occurrences of one failure
 * (URLs, UUIDs, quoted strings, paths, hex ids, numbers) with placeholders.
 *
 * @example
 * ```ts
 * import { normalizeText } from "./features.ts";
 * console.assert(
 *   normalizeText('cat /tmp/build-42/out.log | grep "Error 17"') === "cat _path_ | grep _str_",
 * );
 * ```
 */
export function normalizeText(text: string): string {
  let body = text.slice(0, MAX_INPUT).trim();
  // A text quoted as a whole (a prompt pasted in quotes) is the content, not a placeholder.
  if (/^(["'`]).*\1$/s.test(body) && body.length > 2) body = body.slice(1, -1);
  return body.toLowerCase()
    .replace(URL_RE, " _url_ ")
    .replace(UUID_RE, " _uuid_ ")
    .replace(QUOTED_RE, " _str_ ")
    .replace(PATH_RE, (match) => /[/\\]/.test(match) ? " _path_ " : match)
    .replace(/(^|\s)~(?=\s|$)/g, "$1 _path_ ")
    .replace(HEX_RE, " _hex_ ")
    .replace(NUMBER_RE, " _num_ ")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Strips a common English suffix (`-ing`, `-ed`, `-es`, `-ly`, `-s`, then a final `-e`) from a
 * word of 5+ letters, so the forms of a verb meet.
 *
 * @example
 * ```ts
 * import { stem } from "./features.ts";
 * console.assert(stem("deleting") === "delet" && stem("deleted") === "delet" && stem("delete") === "delet");
 * ```
 */
export function stem(word: string): string {
  if (word.length < 5 || word.startsWith("_")) return word;
  let base = word;
  for (const suffix of ["ing", "ed", "es", "ly", "s"]) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) {
      base = word.slice(0, -suffix.length);
      if (suffix === "s" && base.endsWith("s")) base = word;
      break;
    }
  }
  return base.length >= 5 && base.endsWith("e") ? base.slice(0, -1) : base;
}

/**
 * The features of a text: its distinct stemmed content words, normalized as described in the
 * module doc, sorted.
 *
 * @example
 * ```ts
 * import { textFeatures } from "./features.ts";
 * const a = textFeatures("Deleting the build folder /tmp/x failed");
 * const b = textFeatures("the build folder failed, delete ~/y");
 * console.assert(a.join(" ") === "_path_ build delet fail folder");
 * console.assert(b.join(" ") === "_path_ build delet fail folder");
 * ```
 */
export function textFeatures(text: string): string[] {
  const found = new Set<string>();
  for (const [word] of normalizeText(text).matchAll(WORD_RE)) {
    if (word.length < 2 || STOP_WORDS.has(word)) continue;
    found.add(stem(word));
  }
  return [...found].sort();
}

/**
 * Jaccard similarity of two feature sets: |A ∩ B| / |A ∪ B|, 0 when both are empty.
 *
 * @example
 * ```ts
 * import { jaccard } from "./features.ts";
 * console.assert(jaccard(["a", "b", "c"], ["b", "c", "d"]) === 0.5);
 * ```
 */
export function jaccard(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 && b.length === 0) return 0;
  const small = a.length <= b.length ? a : b;
  const large = new Set(a.length <= b.length ? b : a);
  let shared = 0;
  for (const feature of small) if (large.has(feature)) shared++;
  return shared / (a.length + b.length - shared);
}
