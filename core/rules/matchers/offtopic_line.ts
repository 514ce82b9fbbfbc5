/**
 * The `offtopic_line` matcher: a line of its own, matching a pattern (say, a request written
 * for a chat assistant), that shares no content word with the rest of the text. A question
 * dropped into an e-mail, a table or a code file ("How does social media marketing impact
 * brand loyalty?" in a bank notice) shares nothing with its surroundings; a FAQ heading, an
 * issue's "How can I fix this webpack error?" or a README's "Describe your change." share
 * words with the text around them.
 *
 * The cost is one multiline regex over the text; the word comparison runs only for the few
 * lines the regex finds (`indexOf` per content word of the line, linear in the text).
 *
 * @module
 */

import type { Matcher } from "../types.ts";
import { readLower, readValue } from "./value.ts";

/** A compiled `offtopic_line` test. */
export interface OfftopicLineTest {
  /** Which lines are candidates; run with the `g` and `m` flags added to `flags`. */
  line: string;
  /** Flags for `line` (`i`, `s`, `u`). */
  flags?: string;
  /** Content words a candidate needs to be judged (fewer: too little to tell). Default 3. */
  minWords?: number;
  /** The share of a candidate's content words also found in the rest of the text up to which it is off topic. Default 0.25. */
  maxShared?: number;
  /** Characters the rest of the text needs (shorter: too little to tell). Default 150. */
  minContext?: number;
  /** More candidate lines than this: a list of questions or tasks (a FAQ, an exercise sheet), never judged. Default 1. */
  maxCandidates?: number;
  /** Sentences a candidate may hold, quoted text aside (a paragraph is not a planted request). Default 1. */
  maxSentences?: number;
}

/**
 * Words that say nothing about a topic: function words, question words and the verbs and
 * nouns of requests ("provide a list of", "what are the best ways to").
 */
const STOP = new Set(
  ("a about above after again against all also am an and any are around as at be because been " +
    "before being below between both but by can could did do does doing done down during each " +
    "either else even ever every few for from further get gets getting give given gives go going " +
    "got had has have having he her here hers herself him himself his how however i if in into is " +
    "it its itself just kind know let like made make makes making many may me might mine more " +
    "most much must my myself need needs neither no nor not now of off often on once one only or " +
    "other others our ours ourselves out over own please put quite rather really same say says " +
    "see seem seems shall she should show since so some something such take tell than thank " +
    "thanks that the their theirs them themselves then there these they thing things this those " +
    "though through thus to too under until up upon us use used uses using very via want wants " +
    "was way ways we well were what whatever when where whether which while who whom whose why " +
    "will with within without would yes yet you your yours yourself yourselves " +
    // the verbs and nouns of requests
    "analyse analyze answer assess best brainstorm briefly calculate classify compare compose " +
    "create describe detail detailed determine discuss draft elaborate estimate evaluate example " +
    "examples explain find following generate guide help identify idea ideas including info " +
    "information insight insights list offer outline overview paraphrase plan predict provide " +
    "question questions recommend recommendation recommendations rewrite short simple " +
    "step steps suggest suggestion suggestions summarise summarize summary tip tips top translate " +
    "write writing")
    .split(" "),
);

/**
 * A crude stem: the word without its last letters (at most three, keeping four), so that
 * "market" finds "marketing", "dictionary" finds "dictionaries" and "changes" finds "changed".
 */
function stem(word: string): string {
  return word.slice(0, Math.max(4, word.length - 3));
}

const WORD = /[a-z][a-z'’-]*[a-z]/g;

/** The content-word stems of a lowercased line, deduplicated. */
export function contentStems(lowerLine: string): string[] {
  const stems = new Set<string>();
  for (const match of lowerLine.matchAll(WORD)) {
    const word = match[0].replace(/['’](?:s|t|d|ll|re|ve|m)$/, "");
    if (word.length < 4 || STOP.has(word)) continue;
    stems.add(stem(word));
  }
  // one stem per word family: "diction" (dictionary) covers "dictionar" (dictionaries)
  const sorted = [...stems].sort();
  return sorted.filter((s, i) => i === 0 || !sorted.slice(0, i).some((t) => s.startsWith(t)));
}

const isWordChar = (code: number) =>
  (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) ||
  code > 127;

/** Whether `needle` starts a word in `text` outside [from, to). */
function startsWordOutside(text: string, needle: string, from: number, to: number): boolean {
  let at = text.indexOf(needle);
  while (at !== -1) {
    if ((at < from || at >= to) && (at === 0 || !isWordChar(text.charCodeAt(at - 1)))) return true;
    at = text.indexOf(needle, at >= from && at < to ? to : at + 1);
  }
  return false;
}

/** Sentences in a line with quoted text ('...', "...", “...”) set aside. */
export function sentences(line: string): number {
  const unquoted = line
    .replace(/(^|[\s:(])'[^\n]*?'(?=$|[\s.,;:!?)])/g, "$1q")
    .replace(/"[^"\n]*"|“[^”\n]*”/g, "q");
  const breaks = unquoted.match(/[.!?]+\s+(?=[A-Z0-9'"“])/g);
  return 1 + (breaks?.length ?? 0);
}

/** Compiles an `offtopic_line` matcher over `field`. */
export function offtopicLineMatcher(field: string, test: OfftopicLineTest): Matcher {
  const flags = test.flags ?? "";
  const regex = new RegExp(test.line, [...new Set(flags + "gm")].join(""));
  const minWords = test.minWords ?? 3;
  const maxShared = test.maxShared ?? 0.25;
  const minContext = test.minContext ?? 150;
  const maxCandidates = test.maxCandidates ?? 1;
  const maxSentences = test.maxSentences ?? 1;
  const key =
    `offtopic:${field}\u0000${flags}\u0000${minWords}\u0000${maxShared}\u0000${minContext}` +
    `\u0000${maxCandidates}\u0000${maxSentences}\u0000${test.line}`;
  return (context) => {
    if (!context.locals && context.cache.has(key)) {
      return context.cache.get(key) as ReturnType<Matcher>;
    }
    const text = readValue(context, field);
    let result: ReturnType<Matcher> = null;
    if (text !== undefined && text.length >= minContext) {
      // The candidate lines, as [start, end) spans; too many and the text is a list of them.
      const spans: [number, number][] = [];
      regex.lastIndex = 0;
      for (let match = regex.exec(text); match; match = regex.exec(text)) {
        const start = text.lastIndexOf("\n", match.index - 1) + 1;
        let end = text.indexOf("\n", match.index + match[0].length);
        if (end === -1) end = text.length;
        if (spans.length === 0 || spans[spans.length - 1][0] !== start) spans.push([start, end]);
        if (spans.length > maxCandidates) break;
        regex.lastIndex = Math.max(end, regex.lastIndex + (match[0].length === 0 ? 1 : 0));
      }
      if (spans.length > 0 && spans.length <= maxCandidates) {
        const lower = readLower(context, field)!;
        // (lowercasing that changes the length, as for "İ", would shift the spans: not judged)
        if (lower.length !== text.length) spans.length = 0;
        for (const [start, end] of spans) {
          if (text.length - (end - start) < minContext) continue;
          const line = text.slice(start, end).trim();
          // a sentence starts with a capital and goes on in lower case ("Provide", not
          // "which" continuing a wrapped paragraph, nor "PROVIDE" in a licence's capitals)
          if (!/^[^A-Za-z]*[A-Z][a-z]/.test(line)) continue;
          if (sentences(line) > maxSentences) continue;
          const stems = contentStems(lower.slice(start, end));
          if (stems.length < minWords) continue;
          const allowed = Math.floor(stems.length * maxShared + 1e-9);
          let shared = 0;
          for (const s of stems) {
            if (startsWordOutside(lower, s, start, end) && ++shared > allowed) break;
          }
          if (shared <= allowed) {
            result = { match: line, line };
            break;
          }
        }
      }
    }
    if (!context.locals) context.cache.set(key, result);
    return result;
  };
}
