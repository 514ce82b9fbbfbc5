/**
 * Time from process start to the first `tools/list` answer over stdio: spawn
 * `deno run mod.ts serve --stdio`, send `initialize`, then `notifications/initialized`
 * and `tools/list`, and stop the clock when the `tools/list` answer arrives.
 *
 * Run: ./tools/deno run -A bench/startup.ts [--runs N]
 * Target (issue 2): median ≤ 250 ms on the 2-core machine.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { report, summarize } from "./stats.ts";

const { values } = parseArgs({ options: { runs: { type: "string", default: "30" } } });
const runs = Number(values.runs);
const root = fileURLToPath(new URL("../", import.meta.url));
const home = await Deno.makeTempDir();
const encoder = new TextEncoder();

async function once(): Promise<number> {
  const started = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-all",
      "--config",
      `${root}deno.json`,
      `${root}mod.ts`,
      "serve",
      "--stdio",
    ],
    env: { ...Deno.env.toObject(), TASKORCH_HOME: home, TASKORCH_KV: ":memory:" },
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const writer = child.stdin.getWriter();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const send = (message: unknown) => writer.write(encoder.encode(JSON.stringify(message) + "\n"));
  await send({
    jsonrpc: "2.0",
    id: 1,
    method: "initialize",
    params: {
      protocolVersion: "2025-06-18",
      capabilities: {},
      clientInfo: { name: "bench", version: "0" },
    },
  });
  let buffer = "";
  let listed = false;
  let elapsed = NaN;
  while (!listed) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`server exited early: ${buffer}`);
    buffer += value;
    let newline;
    while ((newline = buffer.indexOf("\n")) !== -1) {
      const message = JSON.parse(buffer.slice(0, newline));
      buffer = buffer.slice(newline + 1);
      if (message.id === 1) {
        await send({ jsonrpc: "2.0", method: "notifications/initialized" });
        await send({ jsonrpc: "2.0", id: 2, method: "tools/list" });
      } else if (message.id === 2) {
        if (!message.result?.tools?.length) throw new Error("tools/list returned no tools");
        elapsed = performance.now() - started;
        listed = true;
      }
    }
  }
  await writer.close();
  await reader.cancel();
  await child.status;
  return elapsed;
}

await once(); // warm Deno's module cache
const samples: number[] = [];
for (let i = 0; i < runs; i++) samples.push(await once());
report("process start → first tools/list answer (stdio)", summarize(samples));
