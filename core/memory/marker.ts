/**
 * The memory marker: a file beside the store file (`<store>.memory`), created when the first
 * pattern is learned. A hook process checks it with one `stat` before it opens Deno KV, so a
 * store without learned patterns costs a `PreToolUse` hook nothing; the file is also a
 * presence filter of the patterns' buckets (`presence.ts`), so text that shares none skips
 * the store too. Stores that are not
 * files (`:memory:`, KV Connect URLs) have no marker: the memory is always consulted.
 *
 * @module
 */

import { errorMessage, TaskorchError } from "../errors.ts";
import { isKvFileless } from "../paths.ts";

/** The marker's path for a store path, or undefined for `:memory:` and KV Connect URLs. */
export function markerPath(storePath: string): string | undefined {
  return isKvFileless(storePath) ? undefined : `${storePath}.memory`;
}

/**
 * Whether the memory may hold patterns: true when the marker exists or the store has no file.
 * Never throws (an unreadable marker counts as present: consult the memory).
 *
 * @example
 * ```ts
 * import { memoryMayHavePatterns } from "./marker.ts";
 * console.assert(memoryMayHavePatterns(":memory:") === true);
 * console.assert(memoryMayHavePatterns("/nonexistent/taskorch.kv") === false);
 * ```
 */
export function memoryMayHavePatterns(storePath: string): boolean {
  const marker = markerPath(storePath);
  if (marker === undefined) return true;
  try {
    Deno.statSync(marker);
    return true;
  } catch (error) {
    return !(error instanceof Deno.errors.NotFound);
  }
}

/**
 * Creates the marker for a store path if it is missing, as a presence filter
 * (`presence.ts`), and adds a new pattern's LSH buckets to it.
 *
 * @throws {TaskorchError} `STORE_WRITE_FAILED` when the marker cannot be written: hook
 * processes would then skip the memory, or this pattern.
 */
export async function markMemory(
  storePath: string,
  buckets: readonly string[] = [],
): Promise<void> {
  const marker = markerPath(storePath);
  if (marker === undefined) return;
  try {
    const { addBuckets } = await import("./presence.ts");
    await addBuckets(marker, buckets);
  } catch (error) {
    throw new TaskorchError(
      "STORE_WRITE_FAILED",
      `The pattern is stored, but the memory marker "${marker}" could not be updated ` +
        `(${errorMessage(error)}), so hook processes may skip it; delete the marker and create ` +
        `an empty file in its place (the memory is then always consulted), or fix the folder's ` +
        `permissions`,
      { cause: error },
    );
  }
}
