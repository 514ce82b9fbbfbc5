/**
 * The memory marker: an empty file beside the store file (`<store>.memory`), created when the
 * first pattern is learned. A hook process checks it with one `stat` before it opens Deno KV,
 * so a store without learned patterns costs a `PreToolUse` hook nothing. Stores that are not
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
 * Creates the marker for a store path if it is missing.
 *
 * @throws {TaskorchError} `STORE_WRITE_FAILED` when the marker cannot be written: hook
 * processes would then skip the memory.
 */
export async function markMemory(storePath: string): Promise<void> {
  const marker = markerPath(storePath);
  if (marker === undefined || memoryMayHavePatterns(storePath)) return;
  try {
    await Deno.writeTextFile(marker, "");
  } catch (error) {
    throw new TaskorchError(
      "STORE_WRITE_FAILED",
      `The pattern is stored, but the memory marker "${marker}" could not be created ` +
        `(${errorMessage(error)}), so hook processes skip the memory until it exists; ` +
        `create it (an empty file) or fix the folder's permissions`,
      { cause: error },
    );
  }
}
