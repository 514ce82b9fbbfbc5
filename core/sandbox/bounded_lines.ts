/**
 * Splits a child's output into lines, never holding more than `maxLength` characters of
 * one line: a longer line is cut, reported once, and its rest skipped up to the next
 * newline (a plugin printing without end cannot grow the host's memory).
 *
 * @module
 */

/**
 * Yields the lines of `stream` (without `\n` or `\r\n`); calls `onOverflow` with the
 * first characters of each line longer than `maxLength`, which is not yielded.
 *
 * @example
 * ```ts
 * import { boundedLines } from "./bounded_lines.ts";
 * const cut: string[] = [];
 * const seen: string[] = [];
 * const stream = new Response("ok\n" + "x".repeat(50) + "\nend").body!;
 * for await (const line of boundedLines(stream, 10, (head) => cut.push(head))) seen.push(line);
 * console.assert(seen.join(",") === "ok,end" && cut[0] === "x".repeat(10));
 * ```
 */
export async function* boundedLines(
  stream: ReadableStream<Uint8Array>,
  maxLength: number,
  onOverflow: (head: string) => void,
): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let pending = "";
  let skipping = false;
  for await (const chunk of stream) {
    pending += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = pending.indexOf("\n")) !== -1) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      if (skipping) {
        skipping = false;
        continue;
      }
      if (line.length > maxLength) {
        onOverflow(line.slice(0, maxLength));
        continue;
      }
      yield line.endsWith("\r") ? line.slice(0, -1) : line;
    }
    if (pending.length > maxLength) {
      if (!skipping) onOverflow(pending.slice(0, maxLength));
      skipping = true;
      pending = "";
    }
  }
  pending += decoder.decode();
  if (pending.length > 0 && !skipping) {
    yield pending.endsWith("\r") ? pending.slice(0, -1) : pending;
  }
}
