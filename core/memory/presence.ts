/**
 * The memory's presence filter: the marker file beside the store (`<store>.memory`, see
 * `marker.ts`) holds a Bloom filter of the LSH buckets every stored pattern is in, so a
 * one-event hook process can tell from one file read, without opening Deno KV (about 16 ms),
 * that an event's text shares no bucket with any pattern — the usual case — and skip the
 * memory. A "maybe" opens the store and looks up as usual: the filter has false positives,
 * never false negatives for patterns whose bits were set.
 *
 * Layout: the 8-byte header `TOMF`, version 1, log2 of the bit count, two zero bytes; then the
 * bitmap ({@linkcode PRESENCE_BITS} bits, 512 KiB). Each bucket (`band:bucket`) sets
 * {@linkcode PRESENCE_HASHES} bits. With 2,000 patterns (40,000 buckets) a lookup's 20
 * buckets all miss 99% of the time for unrelated text; with 10,000 patterns 85%.
 *
 * Writers (`learnFailure`, after its commit) set bits in place under an exclusive file lock;
 * the file is created complete and then linked into place, so a reader never sees half a
 * header. An empty marker — written before the filter existed, while patterns may already be
 * stored — means "unknown": the memory is always consulted, as before.
 *
 * @module
 */

import { fnv1a } from "../fnv.ts";

/** log2 of the filter's size in bits. */
export const PRESENCE_BITS_LOG2 = 22;
/** The filter's size in bits. */
export const PRESENCE_BITS: number = 2 ** PRESENCE_BITS_LOG2;
/** Bits set per bucket. */
export const PRESENCE_HASHES = 2;

const MAGIC = [0x54, 0x4f, 0x4d, 0x46]; // "TOMF"
const HEADER = 8;

/** The bit positions of the buckets (`band` is the index in `buckets`). */
export function presencePositions(buckets: readonly string[]): number[] {
  const positions: number[] = [];
  const mask = PRESENCE_BITS - 1;
  for (let band = 0; band < buckets.length; band++) {
    const h = fnv1a(`${band}:${buckets[band]}`);
    // Double hashing: h1 + i·h2, with h2 odd.
    const h2 = (Math.imul(h, 0x9e3779b1) >>> 0) | 1;
    for (let i = 0; i < PRESENCE_HASHES; i++) positions.push((h + i * h2) & mask);
  }
  return positions;
}

function header(): Uint8Array {
  return new Uint8Array([...MAGIC, 1, PRESENCE_BITS_LOG2, 0, 0]);
}

function isHeader(bytes: Uint8Array): boolean {
  return MAGIC.every((b, i) => bytes[i] === b) && bytes[4] === 1 &&
    bytes[5] === PRESENCE_BITS_LOG2;
}

/**
 * Whether a text with these buckets may share one with a stored pattern: `false` only when
 * the filter exists and none of the buckets is in it (or there is no marker: no pattern).
 * Never throws: anything unreadable or unknown is a "maybe".
 *
 * @example
 * ```ts
 * import { mayShareBucket } from "./presence.ts";
 * console.assert(mayShareBucket("/nonexistent/taskorch.kv.memory", ["0a0b0c0d"]) === false);
 * ```
 */
export function mayShareBucket(marker: string, buckets: readonly string[]): boolean {
  let file: Deno.FsFile;
  try {
    file = Deno.openSync(marker, { read: true });
  } catch (error) {
    return !(error instanceof Deno.errors.NotFound);
  }
  try {
    // Only the header and the bytes the buckets point at are read (a few dozen of 512 KiB).
    const head = new Uint8Array(HEADER);
    if (file.readSync(head) !== HEADER || !isHeader(head)) return true;
    const positions = presencePositions(buckets);
    const one = new Uint8Array(1);
    const bitAt = (bit: number): boolean => {
      file.seekSync(HEADER + (bit >>> 3), Deno.SeekMode.Start);
      return file.readSync(one) === 1 && (one[0] & (1 << (bit & 7))) !== 0;
    };
    for (let band = 0; band < buckets.length; band++) {
      let all = true;
      for (let i = 0; i < PRESENCE_HASHES && all; i++) {
        all = bitAt(positions[band * PRESENCE_HASHES + i]);
      }
      if (all) return true;
    }
    return false;
  } catch {
    return true;
  } finally {
    file.close();
  }
}

/**
 * Adds a pattern's buckets to the filter, creating the filter when there is no marker yet.
 * An empty (older) marker is left as it is: the memory stays always consulted.
 *
 * @example
 * ```ts
 * import { addBuckets, mayShareBucket } from "./presence.ts";
 * const marker = `${await Deno.makeTempDir()}/taskorch.kv.memory`;
 * await addBuckets(marker, ["0a0b0c0d", "1a1b1c1d"]);
 * console.assert(mayShareBucket(marker, ["ffffffff", "1a1b1c1d"]) === true);
 * // the same buckets in other bands are other buckets:
 * console.assert(mayShareBucket(marker, ["1a1b1c1d", "0a0b0c0d"]) === false);
 * ```
 */
export async function addBuckets(marker: string, buckets: readonly string[]): Promise<void> {
  await createIfMissing(marker);
  using file = await Deno.open(marker, { read: true, write: true });
  await file.lock(true);
  try {
    const size = (await file.stat()).size;
    if (size !== HEADER + PRESENCE_BITS / 8) return; // an older empty marker: consult always
    // Set each byte once, in place, under the lock.
    const bytes = new Map<number, number>();
    for (const bit of presencePositions(buckets)) {
      const offset = HEADER + (bit >>> 3);
      bytes.set(offset, (bytes.get(offset) ?? 0) | (1 << (bit & 7)));
    }
    const one = new Uint8Array(1);
    for (const [offset, bits] of bytes) {
      await file.seek(offset, Deno.SeekMode.Start);
      const read = await file.read(one);
      const current = read === 1 ? one[0] : 0;
      if ((current & bits) === bits) continue;
      one[0] = current | bits;
      await file.seek(offset, Deno.SeekMode.Start);
      await file.write(one);
    }
  } finally {
    await file.unlock();
  }
}

/** Creates a complete, empty filter at `marker` unless something is there already. */
async function createIfMissing(marker: string): Promise<void> {
  try {
    await Deno.lstat(marker);
    return;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  const temp = `${marker}.${crypto.randomUUID()}.tmp`;
  const bytes = new Uint8Array(HEADER + PRESENCE_BITS / 8);
  bytes.set(header());
  await Deno.writeFile(temp, bytes, { mode: 0o600 });
  try {
    // A link fails when the marker exists: the first writer's complete file wins.
    await Deno.link(temp, marker);
  } catch (error) {
    if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
  } finally {
    await Deno.remove(temp).catch(() => {});
  }
}
