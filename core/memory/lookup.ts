/**
 * Finding past failures similar to a text, in O(1) of the number of stored patterns:
 *
 * 1. the text's features (core/memory/features.ts) → MinHash signature → one bucket per band
 *    (core/memory/minhash.ts);
 * 2. the {@linkcode BANDS} buckets are read at once (`["lsh", band, bucket]`, at most
 *    {@linkcode BUCKET_LIMIT} ids each); no shared bucket (unrelated text, the usual case)
 *    ends the lookup there;
 * 3. the learned model (reused in-process for `MODEL_REUSE_MS`) gives `p`, hence the
 *    similarity a pattern needs to count; candidates sharing a single band are skipped when
 *    that is 0.5 or more, and at most {@linkcode MAX_CANDIDATES}, those sharing the most
 *    bands first, are read with one `getMany`;
 * 4. each candidate gets its exact Jaccard similarity, a decay factor
 *    `0.5 ^ (days since lastSeen / half-life)` and the model's multiplier `0.5 + p`:
 *    `score = min(1, similarity × decay × (0.5 + p))`. Matches at or above `minScore` return,
 *    best first.
 *
 * @module
 */

import type { Store } from "../store.ts";
import { keys } from "../store_schema.ts";
import { jaccard, textFeatures } from "./features.ts";
import { bandBuckets, BANDS, BUCKET_CAPACITY, minhash } from "./minhash.ts";
import { loadModel, type MemoryModel, predict } from "./model.ts";
import type { FailurePattern } from "./types.ts";

/** Ids read per bucket (a bucket this full is made of near-identical patterns). */
export const BUCKET_LIMIT: number = BUCKET_CAPACITY;
/**
 * Candidate patterns read per lookup, those sharing the most bands first: one `getMany`
 * round. A recurrence shares many bands with its pattern, so reading more only adds
 * near-misses (`bench/memory.ts` measures recall at 100k patterns with 10 and with 30:
 * the same).
 */
export const MAX_CANDIDATES = 10;
/** Default half-life of a pattern's weight, in days (`TASKORCH_MEMORY_HALF_LIFE_DAYS`). */
export const DEFAULT_HALF_LIFE_DAYS = 30;
/** Default lowest score returned. */
export const DEFAULT_MIN_SCORE = 0.6;

/** One similar past failure. */
export interface MemoryMatch {
  /** The stored pattern. */
  pattern: FailurePattern;
  /** Exact Jaccard similarity of the features, 0..1. */
  similarity: number;
  /** `0.5 ^ (age / half-life)`, 0..1: how much the pattern still counts. */
  decay: number;
  /** The learned model's probability that the text is a failure, 0..1. */
  probability: number;
  /** `min(1, similarity × decay × (0.5 + probability))`. */
  score: number;
}

/** Options of {@linkcode findSimilar}. */
export interface LookupOptions {
  /** Lowest score returned (default {@linkcode DEFAULT_MIN_SCORE}). */
  minScore?: number;
  /** Most matches returned (default 3). */
  limit?: number;
  /** Half-life in days (default: `TASKORCH_MEMORY_HALF_LIFE_DAYS`, else 30). */
  halfLifeDays?: number;
  /** The event's workspace: project patterns of other workspaces are skipped. */
  cwd?: string;
  /** Now (for decay). */
  now?: Date;
  /** A model to use instead of reading the stored one. */
  model?: MemoryModel;
  /** Candidate patterns read (default {@linkcode MAX_CANDIDATES}). */
  maxCandidates?: number;
}

/**
 * The half-life from `TASKORCH_MEMORY_HALF_LIFE_DAYS` (a positive number), else 30 days.
 *
 * @example
 * ```ts
 * import { halfLifeDays } from "./lookup.ts";
 * console.assert(halfLifeDays(undefined) === 30 && halfLifeDays("7") === 7);
 * ```
 */
export function halfLifeDays(
  text: string | undefined = Deno.env.get("TASKORCH_MEMORY_HALF_LIFE_DAYS"),
): number {
  const days = Number(text);
  return text !== undefined && text.trim() !== "" && Number.isFinite(days) && days > 0
    ? days
    : DEFAULT_HALF_LIFE_DAYS;
}

/**
 * How much a pattern last seen at `lastSeen` still counts: 1 now, 0.5 one half-life ago.
 *
 * @example
 * ```ts
 * import { decayFactor } from "./lookup.ts";
 * const now = new Date("2025-03-01T00:00:00Z");
 * console.assert(decayFactor("2025-01-30T00:00:00Z", now, 30) === 0.5);
 * ```
 */
export function decayFactor(lastSeen: string, now: Date, halfLife: number): number {
  const days = (now.getTime() - new Date(lastSeen).getTime()) / 86_400_000;
  return days <= 0 ? 1 : 0.5 ** (days / halfLife);
}

/** Whether a pattern applies in a workspace: global ones everywhere, project ones in theirs. */
export function appliesIn(pattern: FailurePattern, cwd: string | undefined): boolean {
  if (pattern.scope !== "project" || !pattern.cwd || !cwd) return true;
  return cwd === pattern.cwd || cwd.startsWith(`${pattern.cwd.replace(/\/+$/, "")}/`);
}

/**
 * Finds stored failure patterns similar to `text` (see the module doc for how).
 *
 * @example
 * ```ts
 * import { openStore } from "../store.ts";
 * import { learnFailure } from "./learn.ts";
 * import { findSimilar } from "./lookup.ts";
 * using store = await openStore({ path: ":memory:" });
 * await learnFailure(store, { category: "other", text: "npm publish --tag beta failed: 403" });
 * const [match] = await findSimilar(store, "npm publish --tag next failed: 401");
 * console.assert(match.pattern.text.startsWith("npm publish"));
 * console.assert((await findSimilar(store, "list the files")).length === 0);
 * ```
 */
export async function findSimilar(
  store: Store,
  text: string,
  options: LookupOptions = {},
): Promise<MemoryMatch[]> {
  const features = textFeatures(text);
  if (features.every((f) => f.startsWith("_"))) return [];
  return await findSimilarFeatures(store, features, options);
}

/** {@linkcode findSimilar} for features already computed. */
export async function findSimilarFeatures(
  store: Store,
  features: readonly string[],
  options: LookupOptions = {},
): Promise<MemoryMatch[]> {
  const buckets = bandBuckets(minhash(features));
  // One read per band: 20 keys in two rounds of getMany, whatever the memory's size.
  const entries0 = await store.getMany<string[]>(
    buckets.map((bucket, band) => keys.lsh(band, bucket)),
  );
  const votes = new Map<string, number>();
  for (const { value } of entries0) {
    // The newest ids of a bucket this full: it is made of near-identical patterns.
    for (const id of (value ?? []).slice(-BUCKET_LIMIT)) votes.set(id, (votes.get(id) ?? 0) + 1);
  }
  // Unrelated text (the usual case) shares no bucket: no pattern nor model is read.
  if (votes.size === 0) return [];
  // The model (reused in-process, see MODEL_REUSE_MS) says how similar a pattern must be to
  // count: score = similarity × decay × (0.5 + p) with decay ≤ 1.
  const model = options.model ?? await loadModel(store);
  const probability = predict(model, features);
  const minScore = options.minScore ?? DEFAULT_MIN_SCORE;
  const needed = minScore / (0.5 + probability);
  // A pattern sharing one band of BANDS shares its rows with probability J^ROWS ≈ 1/BANDS:
  // J ≈ 0.37. When the text needs 0.5 or more, such candidates are not read (a pattern at
  // J = 0.6 shares at least two bands 95% of the time, at 0.7 99.7%).
  const minVotes = needed >= 0.5 ? 2 : 1;
  const ids = [...votes.entries()].filter(([, n]) => n >= minVotes)
    .sort((a, b) => b[1] - a[1]).slice(0, options.maxCandidates ?? MAX_CANDIDATES)
    .map(([id]) => id);
  if (ids.length === 0) return [];
  const entries = await store.getMany<FailurePattern>(ids.map((id) => keys.pattern(id)));
  const now = options.now ?? new Date();
  const halfLife = options.halfLifeDays ?? halfLifeDays();
  const matches: MemoryMatch[] = [];
  for (const { value: pattern } of entries) {
    if (!pattern || !appliesIn(pattern, options.cwd)) continue;
    const similarity = jaccard(features, pattern.features);
    const decay = decayFactor(pattern.lastSeen, now, halfLife);
    const score = Math.min(1, similarity * decay * (0.5 + probability));
    if (score >= minScore) matches.push({ pattern, similarity, decay, probability, score });
  }
  return matches.sort((a, b) => b.score - a.score).slice(0, options.limit ?? 3);
}

export { BANDS };
