/**
 * A small lookup table of names (keywords, wrappers, program names) that is fast for the
 * freshly sliced strings the lexer produces. A `Set` or `Map` lookup must first compute the
 * string's hash, which costs more than the whole check for a short word; this table instead
 * picks candidates by length and first character and compares them with `===`.
 *
 * @module
 */

/** Names longer than this are never in a table. */
const MAX_LENGTH = 31;

function slot(length: number, first: number): number {
  return length * 128 + first;
}

/**
 * Maps a fixed set of ASCII-initial names to values.
 *
 * @example
 * ```ts
 * import { NameTable } from "./names.ts";
 * const table = new NameTable([["if", 1], ["fi", 2]]);
 * console.assert(table.get("fi") === 2 && table.get("then") === undefined);
 * ```
 */
export class NameTable<T> {
  /** Buckets by length and first character; a filled (not sparse) array stays fast. */
  private readonly slots: ([string, T][] | undefined)[] = new Array(slot(MAX_LENGTH + 1, 0))
    .fill(undefined);

  /** A table of `entries` (a later duplicate name is ignored). */
  constructor(entries: Iterable<readonly [string, T]>) {
    for (const [name, value] of entries) {
      const first = name.charCodeAt(0);
      if (name.length === 0 || name.length > MAX_LENGTH || !(first < 128)) {
        throw new Error(`NameTable: unsupported name ${JSON.stringify(name)}`);
      }
      const at = slot(name.length, first);
      const bucket = this.slots[at] ??= [];
      if (!bucket.some(([n]) => n === name)) bucket.push([name, value]);
    }
  }

  /** The value of `name`, or undefined when it is not in the table. */
  get(name: string): T | undefined {
    const length = name.length;
    const first = name.charCodeAt(0);
    if (length > MAX_LENGTH || !(first < 128)) return undefined;
    const bucket = this.slots[slot(length, first)];
    if (bucket === undefined) return undefined;
    for (let i = 0; i < bucket.length; i++) {
      if (bucket[i][0] === name) return bucket[i][1];
    }
    return undefined;
  }

  /** Whether `name` is in the table. */
  has(name: string): boolean {
    return this.get(name) !== undefined;
  }
}
