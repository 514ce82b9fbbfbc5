/**
 * FNV-1a, 32 bits: a fast, stable hash for naming cache entries and journal files and for
 * the memory's feature hashing. Not a security check.
 *
 * @module
 */

/**
 * FNV-1a of a string's UTF-16 code units, as an unsigned 32-bit number.
 *
 * @example
 * ```ts
 * import { fnv1a } from "./fnv.ts";
 * console.assert(fnv1a("a") === 0xe40c292c);
 * ```
 */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * FNV-1a as 8 hex digits.
 *
 * @example
 * ```ts
 * import { fnvHex } from "./fnv.ts";
 * console.assert(fnvHex("a") === "e40c292c");
 * ```
 */
export function fnvHex(text: string): string {
  return fnv1a(text).toString(16).padStart(8, "0");
}
