import assert from "node:assert/strict";
import { boundedLines } from "./bounded_lines.ts";

function streamOf(...chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return ReadableStream.from(chunks.map((c) => encoder.encode(c)));
}

Deno.test("boundedLines: splits across chunks and skips overlong lines without holding them", async () => {
  const cut: string[] = [];
  const seen: string[] = [];
  const stream = streamOf("a\r\nb", "c\n", "x".repeat(8), "x".repeat(8), "xx\nafter\nlast");
  for await (const line of boundedLines(stream, 10, (head) => cut.push(head))) seen.push(line);
  assert.deepEqual(seen, ["a", "bc", "after", "last"]);
  assert.deepEqual(cut, ["x".repeat(10)]);
});
