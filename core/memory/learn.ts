/**
 * Recording failures in the learned memory. {@linkcode learnFailure} is the one way a pattern
 * is written: the MCP tool `immune_record_failure`, `taskorch learn`, the hooks' automatic
 * recording (core/memory/hook_learning.ts) and `taskorch memory import` all call it.
 *
 * A pattern's id is a hash of its scope (with the workspace for project patterns), category
 * and normalized text (core/memory/features.ts), so the same failure again — even with other
 * paths, numbers or quoted strings — increments `occurrences` and moves `lastSeen` instead of
 * adding a duplicate. The write is a versionstamp-checked atomic commit: a new pattern is
 * created together with its place in the LSH buckets (`["lsh", band, bucket]`) and the
 * `["counters", "memory.patterns"]` count; a recurrence commits only if nobody changed the
 * pattern since it was read, otherwise it reads again. Counts stay exact with any number of
 * writers in any number of processes.
 *
 * @module
 */

import { TaskorchError } from "../errors.ts";
import type { Store } from "../store.ts";
import { keys } from "../store_schema.ts";
import { type Category, isCategory } from "../verdict.ts";
import { normalizeText, textFeatures } from "./features.ts";
import { markMemory } from "./marker.ts";
import { bandBuckets, BUCKET_CAPACITY, minhash } from "./minhash.ts";
import { trainModel } from "./model.ts";
import type { FailurePattern, PatternScope, PatternSource } from "./types.ts";

/** Longest salient text kept in a pattern. */
export const MAX_PATTERN_TEXT = 2048;
/** Longest description or suggestion kept. */
const MAX_NOTE = 1024;
/** Attempts before a recurrence gives up racing other writers. */
const MAX_ATTEMPTS = 200;

/** What {@linkcode learnFailure} records. */
export interface LearnInput {
  /** The failure's category (DESIGN.md, contract 3). */
  category: Category;
  /** The event's salient text: a command, a prompt, a claim. */
  text: string;
  /** What went wrong, in a sentence. Default: empty. */
  description?: string;
  /** What to do instead, shown with the warning. */
  suggestion?: string;
  /** Where it came from. Default `manual`. */
  source?: PatternSource;
  /** `project` (only this workspace) or `global`. Default: `project` when `cwd` is given. */
  scope?: PatternScope;
  /** The workspace (kept for project patterns; part of their id). */
  cwd?: string;
  /** The event kind, e.g. `PreToolUse`. */
  event?: string;
  /** The tool, for tool events. */
  tool?: string;
  /** A link to the evidence. */
  evidence?: string;
  /** When it happened (default now). */
  at?: Date | string;
  /** When it first happened, if known to be earlier than `at` (import). */
  firstSeen?: Date | string;
  /** How many occurrences this adds (default 1; import merges counts). */
  occurrences?: number;
}

/** What {@linkcode learnFailure} returns. */
export interface LearnResult {
  /** The pattern as committed. */
  pattern: FailurePattern;
  /** True when this call created it; false when it was a recurrence. */
  created: boolean;
}

/** Options of {@linkcode learnFailure}. */
export interface LearnOptions {
  /** Train the learned scorer on this failure (default true). */
  train?: boolean;
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function time(value: Date | string | undefined, field: string): string {
  if (value === undefined) return new Date().toISOString();
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new TaskorchError("INPUT_INVALID", `learnFailure: "${field}" is not a date: ${value}`);
  }
  return date.toISOString();
}

/**
 * The id of a pattern: 16 hex digits of SHA-256 over scope, workspace (project scope only),
 * category and normalized text.
 *
 * @example
 * ```ts
 * import { patternId } from "./learn.ts";
 * const a = await patternId("global", undefined, "other", "npm test in /tmp/a failed");
 * const b = await patternId("global", undefined, "other", "npm test in /srv/b failed");
 * console.assert(a === b && /^[0-9a-f]{16}$/.test(a));
 * ```
 */
export async function patternId(
  scope: PatternScope,
  cwd: string | undefined,
  category: Category,
  text: string,
): Promise<string> {
  const material = [scope, scope === "project" ? cwd ?? "" : "", category, normalizeText(text)]
    .join("\u0000");
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(material));
  return Array.from(new Uint8Array(digest).slice(0, 8), (b) => b.toString(16).padStart(2, "0"))
    .join("");
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

function validate(input: LearnInput): { text: string; scope: PatternScope; count: number } {
  if (!isCategory(input.category)) {
    throw new TaskorchError(
      "INPUT_INVALID",
      `learnFailure: category must be one of the closed set (destructive_command, secrets_leakage, ` +
        `prompt_injection, false_success_claim, hallucinated_path, hallucinated_package, ` +
        `fabricated_api, scope_drift, cost_runaway, other), got ${JSON.stringify(input.category)}`,
    );
  }
  const text = typeof input.text === "string" ? input.text.trim() : "";
  if (text === "") {
    throw new TaskorchError("INPUT_INVALID", "learnFailure: text is empty; nothing to learn");
  }
  const scope = input.scope ?? (input.cwd ? "project" : "global");
  if (scope !== "project" && scope !== "global") {
    throw new TaskorchError(
      "INPUT_INVALID",
      `learnFailure: scope must be "project" or "global", got ${JSON.stringify(scope)}`,
    );
  }
  const count = input.occurrences ?? 1;
  if (!Number.isInteger(count) || count < 1) {
    throw new TaskorchError(
      "INPUT_INVALID",
      `learnFailure: occurrences must be a whole number ≥ 1, got ${count}`,
    );
  }
  return { text, scope, count };
}

export { BUCKET_CAPACITY };

/** A bucket's ids with `id` added last, at most {@linkcode BUCKET_CAPACITY}. */
function withId(ids: readonly string[], id: string): string[] {
  const next = ids.filter((other) => other !== id);
  next.push(id);
  return next.length > BUCKET_CAPACITY ? next.slice(next.length - BUCKET_CAPACITY) : next;
}

/**
 * Records one failure (or `occurrences` of it): creates the pattern with its LSH index
 * entries, or increments the existing one. Atomic and exact under concurrent writers.
 *
 * @throws {TaskorchError} `INPUT_INVALID` (unknown category, empty text, text without a word
 * to match on), `STORE_CONFLICT` after {@linkcode MAX_ATTEMPTS} lost races, store errors.
 *
 * @example
 * ```ts
 * import { openStore } from "../store.ts";
 * import { learnFailure } from "./learn.ts";
 * using store = await openStore({ path: ":memory:" });
 * const input = { category: "other" as const, text: "npm run deploy", description: "no such script" };
 * console.assert((await learnFailure(store, input)).created === true);
 * const again = await learnFailure(store, input);
 * console.assert(!again.created && again.pattern.occurrences === 2);
 * ```
 */
export async function learnFailure(
  store: Store,
  input: LearnInput,
  options: LearnOptions = {},
): Promise<LearnResult> {
  const { text, scope, count } = validate(input);
  const features = textFeatures(text);
  if (features.every((f) => f.startsWith("_"))) {
    throw new TaskorchError(
      "INPUT_INVALID",
      `learnFailure: the text ${
        JSON.stringify(cut(text, 80))
      } has no word to match on (after normalization only numbers, paths or stop words remain)`,
    );
  }
  const at = time(input.at, "at");
  const first = input.firstSeen === undefined ? at : time(input.firstSeen, "firstSeen");
  const cwd = scope === "project" ? input.cwd : undefined;
  const id = await patternId(scope, cwd, input.category, text);
  const key = keys.pattern(id);
  // The pattern's LSH buckets: its index entries when it is new, and the presence filter's.
  const buckets = bandBuckets(minhash(features));
  let result: LearnResult | undefined;
  for (let attempt = 1; result === undefined; attempt++) {
    const current = await store.get<FailurePattern>(key);
    const old = current.value;
    let next: FailurePattern;
    if (old === null) {
      next = {
        id,
        category: input.category,
        text: cut(text, MAX_PATTERN_TEXT),
        description: cut(input.description?.trim() ?? "", MAX_NOTE),
        features,
        occurrences: count,
        firstSeen: first < at ? first : at,
        lastSeen: at,
        source: input.source ?? "manual",
        scope,
      };
      if (input.event) next.event = input.event;
      if (input.tool) next.tool = input.tool;
      if (cwd) next.cwd = cwd;
      if (input.evidence) next.evidence = input.evidence;
      if (input.suggestion?.trim()) next.suggestion = cut(input.suggestion.trim(), MAX_NOTE);
    } else {
      next = {
        ...old,
        occurrences: old.occurrences + count,
        firstSeen: first < old.firstSeen ? first : old.firstSeen,
        lastSeen: at > old.lastSeen ? at : old.lastSeen,
      };
      // The latest incident describes the pattern best; keep the old text where none is new.
      if (input.description?.trim()) next.description = cut(input.description.trim(), MAX_NOTE);
      if (input.suggestion?.trim()) next.suggestion = cut(input.suggestion.trim(), MAX_NOTE);
      if (input.evidence) next.evidence = input.evidence;
    }
    // A new pattern joins its bucket in every band; each bucket is checked, so a writer
    // adding another pattern to the same bucket at the same time retries instead of losing it.
    const bucketKeys = old === null ? buckets.map((bucket, band) => keys.lsh(band, bucket)) : [];
    const bucketEntries = await store.getMany<string[]>(bucketKeys);
    const commit = await store.atomic((op) => {
      op.check(current).set(key, next);
      for (const entry of bucketEntries) {
        op.check(entry).set(entry.key, withId(entry.value ?? [], id));
      }
      if (old === null) op.sum(keys.counter("memory.patterns"), 1n);
    }, `recording the failure pattern ${id}`);
    if (commit.ok) result = { pattern: next, created: old === null };
    else if (attempt >= MAX_ATTEMPTS) {
      throw new TaskorchError(
        "STORE_CONFLICT",
        `learnFailure: gave up recording pattern ${id} in the store at "${store.path}": other ` +
          `writers changed it first ${attempt} times in a row; try again`,
      );
    } else await sleep(Math.random() * Math.min(100, 2 ** attempt));
  }
  if (result.created) await markMemory(store.path, buckets);
  if (options.train ?? true) {
    for (let i = 0; i < Math.min(count, 5); i++) await trainModel(store, features, 1);
  }
  return result;
}
