import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { keys, openStore } from "../core/store.ts";

const CONFIG = fileURLToPath(new URL("../deno.json", import.meta.url));
const WRITER = fileURLToPath(new URL("./fixtures/store_writer.ts", import.meta.url));
const PROCESSES = 5;
const ROUNDS = 200;

/** Splits a byte stream into text lines. */
async function* lines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  let buffer = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    buffer += chunk;
    for (let end = buffer.indexOf("\n"); end >= 0; end = buffer.indexOf("\n")) {
      yield buffer.slice(0, end);
      buffer = buffer.slice(end + 1);
    }
  }
  if (buffer) yield buffer;
}

interface Summary {
  writer: string;
  ms: number;
  lockRetries: number;
  conflictRetries: number;
}

Deno.test({
  name: `store: ${PROCESSES} processes writing one KV file at once lose no write`,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "taskorch_store_concurrency_" });
    const path = join(dir, "shared.kv");
    const abort = new AbortController();
    const watchdog = setTimeout(() => abort.abort(), 60_000);
    try {
      const children = Array.from({ length: PROCESSES }, (_, n) => {
        const child = new Deno.Command(Deno.execPath(), {
          args: ["run", "--allow-all", "--config", CONFIG, WRITER, path, `w${n}`, `${ROUNDS}`],
          stdin: "piped",
          stdout: "piped",
          stderr: "piped",
          signal: abort.signal,
        }).spawn();
        return { child, out: lines(child.stdout), err: new Response(child.stderr).text() };
      });

      // Barrier: every writer has opened the store before any of them starts writing.
      for (const { out } of children) assert.equal((await out.next()).value, "ready");
      const go = new TextEncoder().encode("go\n");
      await Promise.all(children.map(async ({ child }) => {
        const writer = child.stdin.getWriter();
        await writer.write(go);
        await writer.close();
      }));

      const summaries: Summary[] = [];
      for (const { child, out, err } of children) {
        const rest: string[] = [];
        for await (const line of out) rest.push(line);
        const [status, stderr] = await Promise.all([child.status, err]);
        assert.equal(status.code, 0, `a writer failed (exit ${status.code}):\n${stderr}`);
        assert.doesNotMatch(stderr, /locked|STORE_|error|uncaught/i, stderr);
        assert.equal(rest.length, 1, `unexpected output: ${rest.join("\n")}`);
        summaries.push(JSON.parse(rest[0]));
      }

      using store = await openStore({ path });
      const total = PROCESSES * ROUNDS;
      assert.equal((await store.get<number>(["shared"])).value, total, "lost update");
      assert.equal(await store.counter(keys.counter("writes")), BigInt(total), "lost increment");
      const items = await store.list<{ writer: string; i: number }>(["items"]);
      assert.equal(items.length, total);
      const found = new Set(items.map(({ value }) => `${value.writer}/${value.i}`));
      for (let n = 0; n < PROCESSES; n++) {
        for (let i = 0; i < ROUNDS; i++) assert.ok(found.has(`w${n}/${i}`), `missing w${n}/${i}`);
      }
      // The writers really contended: some attempts were retried (locked or lost races).
      const retries = summaries.reduce((sum, s) => sum + s.lockRetries + s.conflictRetries, 0);
      assert.ok(retries > 0, `no contention at all: ${JSON.stringify(summaries)}`);
    } finally {
      clearTimeout(watchdog);
      await Deno.remove(dir, { recursive: true });
    }
  },
});
