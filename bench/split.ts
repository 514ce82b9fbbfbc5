/**
 * The dev / held-out split of the quality benchmarks: FNV-1a over a row's id, so the split
 * is stable and independent of row order. Rule authors look only at `dev`; the `held-out`
 * figures are the real ones.
 *
 * @module
 */

/** Which half a row id belongs to. */
export function splitOf(id: string): "dev" | "held-out" {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % 2 === 0 ? "dev" : "held-out";
}
