/**
 * Short, human-typable inbox ids: four characters of Crockford's base 32 (digits and capitals
 * without I, L, O, U), shown as `#7F3K`. Typed ids are read forgivingly: case, a leading `#`,
 * and the look-alikes O→0, I/L→1 do not matter.
 *
 * @module
 */

import { TaskorchError } from "../errors.ts";

/** Crockford's base-32 alphabet. */
export const ID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * A random id of `length` characters (4 by default: about a million ids; the inbox retries on
 * a clash and grows the length after a few).
 *
 * @example
 * ```ts
 * import { randomId } from "./short_id.ts";
 * console.assert(/^[0-9A-HJKMNP-TV-Z]{4}$/.test(randomId()));
 * ```
 */
export function randomId(length = 4): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return Array.from(bytes, (b) => ID_ALPHABET[b & 31]).join("");
}

/**
 * Reads an id a person typed: `#7f3k`, `7F3K`, `7F3k` are the same; `O` reads as `0`, `I` and
 * `L` as `1`.
 *
 * @throws {TaskorchError} `INPUT_INVALID` when it cannot be an inbox id.
 *
 * @example
 * ```ts
 * import { parseId } from "./short_id.ts";
 * console.assert(parseId("#7f3k") === "7F3K");
 * console.assert(parseId("O1LI") === "0111");
 * ```
 */
export function parseId(text: string): string {
  const id = text.trim().replace(/^#/, "").toUpperCase().replace(/O/g, "0").replace(/[IL]/g, "1");
  if (!/^[0-9A-HJKMNP-TV-Z]{4,8}$/.test(id)) {
    throw new TaskorchError(
      "INPUT_INVALID",
      `"${text}" is not an inbox id: ids look like #7F3K (4 to 8 of 0-9 and A-Z without I, L, O, U)`,
    );
  }
  return id;
}
