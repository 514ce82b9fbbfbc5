/**
 * Reading and writing the JSON files Claude Code keeps its settings in, carefully: a file
 * that does not parse is reported with its path, line and column and never overwritten; a
 * write goes to a temporary file beside the target and is renamed over it (atomic on one
 * file system), after the previous content was copied to `<file>.bak`.
 *
 * @module
 */

import { dirname } from "../posix_path.ts";
import { errorMessage, TaskorchError } from "../errors.ts";

/** A JSON object file as read from disk. */
export interface JsonFile {
  /** The file's path. */
  path: string;
  /** Whether the file existed. */
  exists: boolean;
  /** Its text as read ("" when absent). */
  text: string;
  /** Its top-level object (`{}` when absent or empty). */
  data: Record<string, unknown>;
}

/** Line and column (both from 1) of a character offset in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === "\n") {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/**
 * Parses `text` as a JSON object. An empty or blank text is `{}`.
 *
 * @throws {TaskorchError} `CONFIG_INVALID` naming `path`, the line and the column.
 *
 * @example
 * ```ts
 * import { parseJsonObject } from "./json_file.ts";
 * console.assert(parseJsonObject('{"a": 1}', "x.json").a === 1);
 * try {
 *   parseJsonObject('{\n  "a" 1\n}', "x.json");
 * } catch (error) {
 *   console.assert(/x\.json:2:7/.test((error as Error).message));
 * }
 * ```
 */
export function parseJsonObject(text: string, path: string): Record<string, unknown> {
  if (text.trim() === "") return {};
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = errorMessage(error);
    const at = /at position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : text.length;
    const { line, column } = lineColumn(text, offset);
    const reason = message.replace(/\s*(in JSON )?at position \d+.*$/s, "").replace(
      /\s*\(line \d+ column \d+\)$/,
      "",
    );
    throw new TaskorchError(
      "CONFIG_INVALID",
      `Cannot read ${path}:${line}:${column}: it is not valid JSON (${reason}); ` +
        `fix or move the file and run again. Nothing was written.`,
    );
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new TaskorchError(
      "CONFIG_INVALID",
      `Cannot read ${path}: expected a JSON object at the top, got ${
        data === null ? "null" : Array.isArray(data) ? "an array" : typeof data
      }. Nothing was written.`,
    );
  }
  return data as Record<string, unknown>;
}

/** Reads a JSON object file; an absent file is an empty object. */
export async function readJsonFile(path: string): Promise<JsonFile> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return { path, exists: false, text: "", data: {} };
    throw new TaskorchError("CONFIG_INVALID", `Cannot read ${path}: ${errorMessage(error)}`);
  }
  return { path, exists: true, text, data: parseJsonObject(text, path) };
}

/** Renders a settings object the way Claude Code writes its files: two-space JSON and a newline. */
export function renderJson(data: Record<string, unknown>): string {
  return JSON.stringify(data, null, 2) + "\n";
}

/**
 * Writes `text` to `path` atomically: the previous content (if any) is copied to
 * `<path>.bak`, the new text goes to a temporary file in the same folder, which is renamed
 * over `path`. The file keeps its mode; missing folders are created. Returns the backup's
 * path, or undefined when there was no previous file.
 */
export async function writeFileAtomic(path: string, text: string): Promise<string | undefined> {
  const folder = dirname(path);
  let mode: number | undefined;
  let backup: string | undefined;
  try {
    await Deno.mkdir(folder, { recursive: true });
    try {
      mode = (await Deno.stat(path)).mode ?? undefined;
      backup = `${path}.bak`;
      await Deno.copyFile(path, backup);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
    const temp = `${path}.taskorch-${crypto.randomUUID().slice(0, 8)}.tmp`;
    try {
      await Deno.writeTextFile(temp, text, mode === undefined ? {} : { mode: mode & 0o777 });
      if (mode !== undefined) await Deno.chmod(temp, mode & 0o777).catch(() => {});
      await Deno.rename(temp, path);
    } catch (error) {
      await Deno.remove(temp).catch(() => {});
      throw error;
    }
  } catch (error) {
    throw new TaskorchError(
      "CONFIG_INVALID",
      `Cannot write ${path}: ${errorMessage(error)}. The file was left as it was.`,
    );
  }
  return backup;
}
