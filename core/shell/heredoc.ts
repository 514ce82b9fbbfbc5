/**
 * Reads a here-document body: the lines after the command line, up to the delimiter line.
 *
 * @module
 */

/** A here-document body read by {@link readHeredocBody}. */
export interface HeredocBody {
  /** The body lines joined with `"\n"` (no final newline). */
  body: string;
  /** Offset just past the delimiter line (or the end of the input). */
  end: number;
  /** False when the input ended before the delimiter line. */
  closed: boolean;
}

/**
 * Reads the lines of `s` from `at` up to the line equal to `delimiter` (a trailing `\r` is
 * tolerated). With `stripTabs` (`<<-`), leading tabs are removed from every line first.
 *
 * @example
 * ```ts
 * import { readHeredocBody } from "./heredoc.ts";
 * const r = readHeredocBody("a\nb\nEOF\nrest", 0, "EOF", false);
 * console.assert(r.body === "a\nb" && r.end === 8 && r.closed);
 * ```
 */
export function readHeredocBody(
  s: string,
  at: number,
  delimiter: string,
  stripTabs: boolean,
): HeredocBody {
  const lines: string[] = [];
  let pos = at;
  while (pos < s.length) {
    const nl = s.indexOf("\n", pos);
    let line = s.slice(pos, nl < 0 ? s.length : nl);
    pos = nl < 0 ? s.length : nl + 1;
    if (stripTabs) line = line.replace(/^\t+/, "");
    if (line === delimiter || line === delimiter + "\r") {
      return { body: lines.join("\n"), end: pos, closed: true };
    }
    lines.push(line);
  }
  return { body: lines.join("\n"), end: pos, closed: false };
}
