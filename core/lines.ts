/**
 * Splits a byte stream into lines without holding more than one line in memory.
 *
 * @module
 */

/**
 * Yields the lines of a stream (without their `\n` or `\r\n`), including a last line
 * with no newline.
 *
 * @example
 * ```ts
 * import { lines } from "./lines.ts";
 * const stream = new Response("a\r\nb\nc").body!;
 * const seen: string[] = [];
 * for await (const line of lines(stream)) seen.push(line);
 * console.assert(seen.join(",") === "a,b,c");
 * ```
 */
export async function* lines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let pending = "";
  for await (const chunk of stream) {
    pending += decoder.decode(chunk, { stream: true });
    let start = 0;
    let newline: number;
    while ((newline = pending.indexOf("\n", start)) !== -1) {
      const end = newline > start && pending[newline - 1] === "\r" ? newline - 1 : newline;
      yield pending.slice(start, end);
      start = newline + 1;
    }
    pending = pending.slice(start);
  }
  pending += decoder.decode();
  if (pending.length > 0) yield pending.endsWith("\r") ? pending.slice(0, -1) : pending;
}
