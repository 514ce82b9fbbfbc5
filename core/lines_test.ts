import assert from "node:assert/strict";
import { lines } from "./lines.ts";

async function collect(chunks: string[]): Promise<string[]> {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  const out: string[] = [];
  for await (const line of lines(stream)) out.push(line);
  return out;
}

Deno.test("lines splits across chunk borders, CRLF included", async () => {
  assert.deepEqual(await collect(["ab", "c\nd", "e\r", "\nf"]), ["abc", "de", "f"]);
});

Deno.test("lines keeps empty lines and drops only the final newline", async () => {
  assert.deepEqual(await collect(["a\n\nb\n"]), ["a", "", "b"]);
  assert.deepEqual(await collect([]), []);
});

Deno.test("lines decodes multi-byte characters split between chunks", async () => {
  const bytes = new TextEncoder().encode("é\n");
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(bytes.slice(0, 1));
      c.enqueue(bytes.slice(1));
      c.close();
    },
  });
  const out: string[] = [];
  for await (const line of lines(stream)) out.push(line);
  assert.deepEqual(out, ["é"]);
});
