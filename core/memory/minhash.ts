/**
 * MinHash signatures and LSH band buckets: how the memory finds similar patterns without
 * reading them all.
 *
 * A signature is {@linkcode SIGNATURE_SIZE} minimum hashes of a feature set; the chance that
 * two sets agree on one of them is their Jaccard similarity. The signature is cut into
 * {@linkcode BANDS} bands of {@linkcode ROWS} rows; each band hashes to a bucket, stored as
 * `["lsh", band, bucket]`. Two sets share at least one bucket with probability
 * `1 - (1 - J^ROWS)^BANDS`: with 20 bands of 3 rows that is 0.99 at J = 0.6, 0.93 at 0.5,
 * 0.73 at 0.4, 0.42 at 0.3, 0.02 at 0.1. A lookup reads exactly {@linkcode BANDS} buckets,
 * however many patterns are stored: two `getMany` rounds of 10. (Stores written with 21
 * bands, before 0.1.0, keep working: bands 0–19 hash the same rows with the same seeds; the
 * 21st band's buckets are no longer read.)
 *
 * @module
 */

import { fnv1a } from "../fnv.ts";

/** Bands per signature: the number of bucket reads per lookup. */
export const BANDS = 20;
/**
 * Most ids a bucket keeps (`core/memory/learn.ts`); the oldest go first (they stay findable
 * through other bands). A lookup reads only the newest this many, so a bucket keeps no more:
 * reading a bucket of 64 ids cost twice a bucket of one (buckets written before 0.1.0 may
 * still hold 64; they shrink on their next write).
 */
export const BUCKET_CAPACITY = 20;

/** Rows (hashes) per band. */
export const ROWS = 3;
/** Hashes per signature. */
export const SIGNATURE_SIZE: number = BANDS * ROWS;

export { fnv1a };

/** murmur3's finalizer: a cheap, well-mixing permutation of 32-bit integers. */
function mix(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Fixed seeds, one per hash function (deterministic across processes and versions). */
const SEEDS: Uint32Array = (() => {
  const seeds = new Uint32Array(SIGNATURE_SIZE);
  for (let i = 0; i < SIGNATURE_SIZE; i++) seeds[i] = mix(0x9e3779b9 + i * 0x632be5ab);
  return seeds;
})();

/**
 * The MinHash signature of a feature set ({@linkcode SIGNATURE_SIZE} values; all `0xffffffff`
 * for an empty set).
 *
 * @example
 * ```ts
 * import { minhash } from "./minhash.ts";
 * const a = minhash(["build", "delet", "folder"]);
 * console.assert(a.length === 63 && a.every((v, i) => v === minhash(["folder", "build", "delet"])[i]));
 * ```
 */
export function minhash(features: readonly string[]): Uint32Array {
  const signature = new Uint32Array(SIGNATURE_SIZE).fill(0xffffffff);
  for (const feature of features) {
    const base = fnv1a(feature);
    for (let i = 0; i < SIGNATURE_SIZE; i++) {
      const h = mix(base ^ SEEDS[i]);
      if (h < signature[i]) signature[i] = h;
    }
  }
  return signature;
}

/**
 * The bucket of each band of a signature, as 8 hex digits: `buckets[band]`.
 *
 * @example
 * ```ts
 * import { bandBuckets, minhash } from "./minhash.ts";
 * const buckets = bandBuckets(minhash(["git", "push", "forc"]));
 * console.assert(buckets.length === 21 && /^[0-9a-f]{8}$/.test(buckets[0]));
 * ```
 */
export function bandBuckets(signature: Uint32Array): string[] {
  const buckets: string[] = [];
  for (let band = 0; band < BANDS; band++) {
    let hash = 0x811c9dc5 ^ band;
    for (let row = 0; row < ROWS; row++) {
      hash = Math.imul(hash ^ signature[band * ROWS + row], 0x01000193);
      hash = mix(hash);
    }
    buckets.push((hash >>> 0).toString(16).padStart(8, "0"));
  }
  return buckets;
}
