/**
 * The dev / held-out split of the quality benchmarks: FNV-1a over a row's id, so the split
 * is stable and independent of row order. Rule authors look only at `dev`; the `held-out`
 * figures are the real ones.
 *
 * @module
 */

import { fnv1a } from "../core/fnv.ts";

/** Which half a row id belongs to. */
export function splitOf(id: string): "dev" | "held-out" {
  return fnv1a(id) % 2 === 0 ? "dev" : "held-out";
}
