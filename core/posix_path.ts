/**
 * POSIX path helpers. taskorch's hook runs as a new process on every agent event, and
 * loading `node:path` costs it several milliseconds; these few functions cost nothing.
 *
 * @module
 */

/** Whether a path is absolute. */
export function isAbsolute(path: string): boolean {
  return path.startsWith("/");
}

/** What normalizing changes: `//`, a `.` or `..` segment, a trailing slash. */
const NOT_NORMAL = /\/\/|(?:^|\/)\.\.?(?:\/|$)|.\/$/;

/**
 * Normalizes a path: collapses `//`, `.` and `..`, keeps a trailing slash off (except
 * for `/`). A relative path stays relative.
 *
 * @example
 * ```ts
 * import { normalize } from "./posix_path.ts";
 * console.assert(normalize("/etc/../usr//lib/") === "/usr/lib");
 * console.assert(normalize("a/./b/..") === "a");
 * ```
 */
export function normalize(path: string): string {
  if (path !== "" && !NOT_NORMAL.test(path)) return path;
  const absolute = isAbsolute(path);
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
      else if (!absolute) out.push("..");
    } else out.push(part);
  }
  const joined = out.join("/");
  return absolute ? "/" + joined : joined || ".";
}

/** Joins path parts and normalizes the result. */
export function join(...parts: string[]): string {
  return normalize(parts.filter((p) => p !== "").join("/"));
}

/** Resolves parts right to left until one is absolute, then against the process cwd. */
export function resolve(...parts: string[]): string {
  let path = "";
  for (let i = parts.length - 1; i >= 0; i--) {
    path = path ? `${parts[i]}/${path}` : parts[i];
    if (isAbsolute(parts[i])) return normalize(path);
  }
  return normalize(`${Deno.cwd()}/${path}`);
}

/** The folder part of a path (lexical, like `node:path`'s). */
export function dirname(path: string): string {
  const trimmed = path.replace(/(.)\/+$/, "$1");
  const slash = trimmed.lastIndexOf("/");
  if (slash === -1) return ".";
  const folder = trimmed.slice(0, slash).replace(/(.)\/+$/, "$1");
  return folder === "" ? "/" : folder;
}

/** The last part of a path. */
export function basename(path: string): string {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, "") : path;
  return trimmed.slice(trimmed.lastIndexOf("/") + 1);
}
