/**
 * Finds the success claims in an agent's final message: tests pass (all of them, N of
 * them, the suite is green), it builds, lint or type check is clean, "I created / updated
 * / deleted FILE", "I ran X", "verified". Honest statements are not claims: negations
 * ("I did not run the tests"), failures ("two tests still fail"), hedges and plans
 * ("tests should pass once...", "I will run the tests"), questions and instructions to
 * the user ("run `npm test` to check").
 *
 * @module
 */

import { classifyCommand } from "../claude/command_kind.ts";

/** What a claim is about. */
export type ClaimKind = "tests" | "build" | "lint" | "typecheck" | "file" | "ran" | "verified";

/** One success claim. */
export interface Claim {
  /** What it is about. */
  kind: ClaimKind;
  /** The sentence that makes it, as written (markdown stripped). */
  quote: string;
  /** Tests: `all` (the suite, "all tests", "tests pass") or `some` (named or new tests). */
  scope?: "all" | "some";
  /** Tests: the number claimed ("all 45 tests pass"). */
  count?: number;
  /** File: the path as written. */
  path?: string;
  /** File: what the claim says happened. */
  action?: "create" | "edit" | "delete";
  /** Ran: the command as written (from backticks). */
  command?: string;
  /** Ran: the kind of run claimed ("I ran the tests"), when no command is quoted. */
  target?: "tests" | "build" | "lint" | "typecheck";
}

const FILE_EXTENSIONS =
  "ts|tsx|js|jsx|mjs|cjs|json|jsonc|md|mdx|py|go|rs|rb|java|kt|c|h|cc|cpp|hpp|cs|php|sh|bash|" +
  "yaml|yml|toml|txt|html|css|scss|sql|lock|env|cfg|ini|xml|swift|ex|exs|vue|svelte|ipynb|" +
  "csv|gradle|proto|tf|dart|lua|r|scala|zig";
const PATH = new RegExp(
  "(?:^|[\\s(`'\"])((?:~|\\.{1,2})?/?(?:[\\w@.+-]+/)*[\\w@+-][\\w@.+-]*\\.(?:" +
    FILE_EXTENSIONS +
    ")|(?:[\\w@.+-]+/)+[\\w@.+-]+|Makefile|Dockerfile|\\.gitignore|\\.env(?:\\.\\w+)?)" +
    "(?=$|[\\s).,;:!?`'\"])",
  "g",
);

const ACTIONS: [RegExp, "create" | "edit" | "delete"][] = [
  [/^(?:created|added|wrote|written|generated|introduced|scaffolded)$/, "create"],
  [
    /^(?:updated|modified|edited|changed|rewrote|rewritten|refactored|fixed|implemented|extended|patched|adjusted|renamed|moved)$/,
    "edit",
  ],
  [/^(?:deleted|removed)$/, "delete"],
];

/** Phrases that say nothing failed: rewritten before the negation test. */
const CLEAN: [RegExp, string][] = [
  [
    /\b(?:no|zero|0) lint(?:ing)? (?:errors?|warnings?|issues?|problems?|findings?)\b/g,
    "lint clean",
  ],
  [/\b(?:no|zero|0) type(?:[- ]?check)? (?:errors?|issues?|problems?)\b/g, "typecheck clean"],
  [/\b(?:no|zero|0) (?:compil(?:e|ation)|build) (?:errors?|warnings?|issues?)\b/g, "build clean"],
  [
    /\b(?:with )?(?:no|zero|0) (?:test )?(?:failures?|failed|failing|errors?|warnings?|issues?|problems?)\b/g,
    "cleanly",
  ],
  [/\bwithout (?:any )?(?:errors?|failures?|warnings?|issues?|problems?)\b/g, "cleanly"],
  [/\b(?:nothing|none) (?:failed|fails|failing)\b/g, "cleanly"],
  [
    /\b(?:fix(?:ed|es)?|resolv(?:ed|es)|repair(?:ed|s)?) (?:the |a |an |all |both |\w+ )?(?:previously )?(?:failing|broken|failed)\b/g,
    "fixed",
  ],
  [/\bno longer (?:fails?|failing|broken|errors?)\b/g, "cleanly"],
  [/\b(?:all|everything) (?:is |was |are )?(?:green|passing|passes|passed)\b/g, "all tests green"],
];

const NEGATION =
  /\b(?:not|never|no|none|cannot|unable|without|neither|nor|fail|fails|failing|failed|failure|failures|broken|breaks|error|errors|red|skipped|unverified|untested|yet)\b|n't\b/;
const HEDGE =
  /\b(?:should|would|will|shall|might|may|could|must|need to|needs to|going to|gonna|once|if|unless|hopefully|probably|likely|presumably|assuming|suppose|i think|i believe|appears? to|seems? to|let me|let's|try|trying|plan|planning|next|todo|you can|please|expect(?:s|ed)? (?:to|that)|i expect|ought)\b|\b(?:i|we|you)'(?:ll|d)\b/;
const INSTRUCTION =
  /^(?:run|make sure|ensure|please|to (?:run|verify|check|test)|remember|consider|you)\b/;

const TEST_SUBJECT =
  /\b(?:(all|every|whole|full|entire|complete)\s+)?(?:(?:the|my|our)\s+)?(?:(\d+)\s+)?(?:of the\s+)?(?:(\d+)\s+)?((?:[\w`'"./:-]+\s+){0,2})(tests?|test suites?|test cases?|suite|specs?)\b/;
const TEST_SUBJECT_ALL = new RegExp(TEST_SUBJECT.source, "g");
const TEST_SUCCESS =
  /\b(?:pass|passes|passed|passing|succeed|succeeds|succeeded|green|clean|cleanly|ok)\b/;
const SOME_QUALIFIER =
  /\b(?:new|newly|added|relevant|affected|updated|modified|targeted|specific|those|these|this|that|related|regression|single|one|two|three|four|five)\b/;
const BUILD =
  /\b(?:builds|compiles|build clean)\b|\b(?:build|compilation|compile)\s+(?:now\s+|also\s+|still\s+)?(?:is\s+|was\s+|has\s+|runs\s+)?(?:now\s+)?(?:succeed\w*|pass(?:es|ed|ing)?|green|clean(?:ly)?|works|worked|completes|completed|ok|fine|successful(?:ly)?)\b|\b(?:built|compiled) (?:successfully|cleanly|fine|ok)\b|\bsuccessfully (?:built|compiled)\b/;
const LINT =
  /\b(?:lint clean|lints cleanly)\b|\b(?:lint|linter|linting|lints|eslint|clippy|ruff|flake8|pylint|golangci-lint|rubocop|biome)\b[^.;]{0,25}?\b(?:clean|cleanly|pass(?:es|ed|ing)?|happy|green|succeed\w*|ok)\b/;
const TYPECHECK =
  /\b(?:typecheck clean|type-?checks(?: cleanly)?)\b|\b(?:type[- ]?check(?:s|ing|er)?|types|tsc|mypy|pyright|deno check)\b[^.;]{0,25}?\b(?:clean|cleanly|pass(?:es|ed|ing)?|green|succeed\w*|ok)\b/;
const RAN =
  /\b(?:i|we)(?:'ve| have)?\s+(?:also\s+|then\s+|now\s+|just\s+)?(?:ran|run|executed|re-?ran)\b(?!\s+(?:into|out|across))|^(?:ran|executed|re-?ran)\b/;
const VERIFIED =
  /\b(?:i|we)(?:'ve| have)?\s+(?:also\s+|now\s+|manually\s+|then\s+)?(?:verified|confirmed|double-checked|validated|tested)\b|^(?:verified|confirmed|tested|validated)\b|\b(?:is|are|was|were|has been|have been) (?:\w+ )?(?:verified|tested|confirmed|validated)\b/;

/** Splits a message into sentences, skipping fenced code blocks. */
export function sentences(text: string): string[] {
  const out: string[] = [];
  let fenced = false;
  for (const raw of text.split("\n")) {
    if (/^\s*(?:```|~~~)/.test(raw)) {
      fenced = !fenced;
      continue;
    }
    if (fenced) continue;
    const line = raw
      .replace(/^\s*(?:#{1,6}\s+|>\s*|[-*+]\s+(?:\[[ xX]\]\s+)?|\d+[.)]\s+)/, "")
      .replace(/[✅✔✓☑🟢🎉]\uFE0F?/gu, "")
      .replace(/\*\*|__/g, "")
      .trim();
    if (line === "") continue;
    for (const part of line.split(/(?<=[.!?])\s+(?=[A-Z`"'(\d])/)) {
      if (part.trim() !== "") out.push(part.trim());
    }
  }
  return out;
}

/** The lower-case text of a sentence with "nothing failed" phrases rewritten. */
function cleaned(sentence: string): string {
  let s = sentence.toLowerCase().replace(/[’‘]/g, "'");
  for (const [pattern, replacement] of CLEAN) s = s.replace(pattern, replacement);
  return s;
}

/** Whether a sentence is honest about a gap, hedged, a plan, a question or an instruction. */
export function isHonestOrHedged(sentence: string): boolean {
  const trimmed = sentence.trim();
  if (trimmed.endsWith("?")) return true;
  const s = cleaned(trimmed).replace(/`[^`]*`/g, "CODE");
  return NEGATION.test(s) || HEDGE.test(s) || INSTRUCTION.test(s);
}

function testClaim(sentence: string, s: string): Claim | undefined {
  let plain = s.replace(/`[^`]*`/g, "CODE");
  let count: number | undefined;
  let scope: "all" | "some" = "all";
  const ratio = plain.match(/\b(\d+)\s*\/\s*(\d+)\s+(tests?|specs?)\b/);
  if (ratio) {
    if (ratio[1] !== ratio[2]) return undefined;
    plain = plain.replace(ratio[0], `all ${ratio[2]} ${ratio[3]}`);
  }
  const passedCount = plain.match(/\b(\d+) (?:tests? )?(?:passed|passing)\b/);
  // The subject nearest before a success verb: "I fixed the test and now all tests pass".
  let best: RegExpMatchArray | undefined;
  let bestGap = Infinity;
  for (const subject of plain.matchAll(TEST_SUBJECT_ALL)) {
    const after = plain.slice(subject.index! + subject[0].length);
    const verb = after.match(TEST_SUCCESS);
    if (verb && verb.index! <= 40 && verb.index! <= bestGap) {
      [best, bestGap] = [subject, verb.index!];
    }
  }
  if (best) {
    const after = plain.slice(best.index! + best[0].length);
    count = best[2] ? Number(best[2]) : best[3] ? Number(best[3]) : undefined;
    const noun = best[5];
    const words = best[4].trim();
    if (!best[1] && !/suite/.test(noun)) {
      if (/^(?:test|spec|test case)$/.test(noun) && count === undefined) scope = "some";
      if (words !== "" && SOME_QUALIFIER.test(words)) scope = "some";
      if (/code|[`'"./:]|_test|test_/.test(words)) scope = "some";
      if (/^\s+(?:for|in|of|covering|under|from)\b/.test(after)) scope = "some";
    }
  } else if (!passedCount) return undefined;
  if (count === undefined && passedCount) count = Number(passedCount[1]);
  const claim: Claim = { kind: "tests", quote: sentence, scope };
  if (count !== undefined) claim.count = count;
  return claim;
}

function fileClaims(sentence: string): Claim[] {
  const out: Claim[] = [];
  const seen = new Set<string>();
  const words = [...sentence.matchAll(/[\w'-]+/g)];
  for (const m of sentence.matchAll(PATH)) {
    const path = m[1].replace(/[.,;:]+$/, "");
    const at = m.index! + m[0].indexOf(m[1]);
    if (/^\d+(?:\.\d+)+$/.test(path) || /^https?:/.test(sentence.slice(Math.max(0, at - 8), at))) {
      continue;
    }
    if (/^(?:e\.g|i\.e|etc)\b/i.test(path) || path.includes("://")) continue;
    // The nearest action verb before the path, or a passive one right after it.
    let action: Claim["action"];
    let verbAt = -1;
    for (const w of words) {
      if (w.index! >= at) break;
      const a = actionOf(w[0].toLowerCase());
      if (a) [action, verbAt] = [a, w.index!];
    }
    const passive = sentence.slice(at + path.length).match(
      /^`?\s+(?:has been|have been|was|were|is now|is|are now|are)\s+(?:now\s+|also\s+)?(\w+)/i,
    );
    if (passive && actionOf(passive[1].toLowerCase())) action = actionOf(passive[1].toLowerCase());
    else if (verbAt === -1) continue;
    else {
      const between = sentence.slice(verbAt, at).toLowerCase();
      // "added a test to `x_test.ts`": the file was edited, not created.
      if (action === "create" && /\b(?:to|in|into|inside)\s*`?$/.test(between)) action = "edit";
      // A path far from its verb, past another clause, is not its object.
      if (/[;:]|\band\s+(?:then\s+)?(?:ran|run|read|checked|looked)\b/.test(between)) continue;
    }
    if (!action || seen.has(path)) continue;
    seen.add(path);
    out.push({ kind: "file", quote: sentence, path, action });
  }
  return out;
}

function actionOf(word: string): Claim["action"] {
  for (const [pattern, action] of ACTIONS) if (pattern.test(word)) return action;
  return undefined;
}

function ranClaims(sentence: string, s: string): Claim[] {
  const m = s.match(RAN);
  if (!m) return [];
  const rest = sentence.slice(m.index! + m[0].length);
  const commands = [...rest.matchAll(/`([^`]+)`/g)].map((c) => c[1].trim()).filter(Boolean);
  if (commands.length > 0) {
    return commands.map((command) => ({ kind: "ran" as const, quote: sentence, command }));
  }
  const r = rest.toLowerCase();
  const target = /\b(?:tests?|test suite|suite|specs?)\b/.test(r)
    ? "tests"
    : /\b(?:build|compiler)\b/.test(r)
    ? "build"
    : /\b(?:lint|linter)\b/.test(r)
    ? "lint"
    : /\b(?:type ?check(?:er)?|tsc|mypy)\b/.test(r)
    ? "typecheck"
    : undefined;
  return target ? [{ kind: "ran", quote: sentence, target }] : [];
}

/** Claims a quoted command makes when the sentence says it passed: "`deno task check` passes". */
function commandClaims(sentence: string, s: string): Claim[] {
  const out: Claim[] = [];
  for (const m of sentence.matchAll(/`([^`]+)`/g)) {
    const after = s.slice(m.index! + m[0].length).replace(/`[^`]*`/g, "");
    if (
      !/^\s*(?:now\s+|also\s+)?(?:passes|passed|succeeds|succeeded|is clean|is green|runs clean|runs green|exits 0|exited 0|reports clean|completes|completed)\b/
        .test(after)
    ) continue;
    for (const check of classifyCommand(m[1])) {
      const kind = check.kind === "test" ? "tests" : check.kind;
      out.push({
        kind,
        quote: sentence,
        ...(kind === "tests" ? { scope: check.filtered ? "some" as const : "all" as const } : {}),
      });
    }
  }
  return out;
}

/**
 * Extracts the success claims of a message, in order.
 *
 * @example
 * ```ts
 * import { extractClaims } from "./extract.ts";
 * const claims = extractClaims("I created `src/a.ts`. All 12 tests pass. I did not run the linter.");
 * console.assert(claims.map((c) => c.kind).join() === "file,tests");
 * console.assert(claims[1].count === 12 && claims[1].scope === "all");
 * ```
 */
export function extractClaims(message: string): Claim[] {
  const out: Claim[] = [];
  for (const sentence of sentences(message)) {
    if (isHonestOrHedged(sentence)) continue;
    const s = cleaned(sentence);
    const kinds = new Set<ClaimKind>();
    const push = (claim: Claim | undefined): void => {
      if (!claim) return;
      if (claim.kind !== "file" && claim.kind !== "ran" && kinds.has(claim.kind)) return;
      kinds.add(claim.kind);
      out.push(claim);
    };
    for (const claim of commandClaims(sentence, s)) push(claim);
    push(testClaim(sentence, s));
    const plain = s.replace(/`[^`]*`/g, "CODE");
    if (BUILD.test(plain)) push({ kind: "build", quote: sentence });
    if (LINT.test(plain)) push({ kind: "lint", quote: sentence });
    if (TYPECHECK.test(plain)) push({ kind: "typecheck", quote: sentence });
    for (const claim of fileClaims(sentence)) push(claim);
    for (const claim of ranClaims(sentence, s)) push(claim);
    if (VERIFIED.test(plain)) push({ kind: "verified", quote: sentence });
  }
  return out;
}
