/**
 * `immune_check` round trip through the real server: the MCP SDK's Client calls the
 * tool over stdio (a `serve --stdio` subprocess) and over Streamable HTTP (a
 * `serve --http` subprocess), sequentially, and the clock covers the whole call.
 *
 * Run: ./tools/deno run -A bench/roundtrip.ts [--calls N]
 * Target (issue 2): stdio median ≤ 2 ms.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
// @ts-types="@modelcontextprotocol/sdk/client/index.d.ts"
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
// @ts-types="@modelcontextprotocol/sdk/client/stdio.d.ts"
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
// @ts-types="@modelcontextprotocol/sdk/client/streamableHttp.d.ts"
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { startServeHttp } from "../tests/support.ts";
import { report, summarize } from "./stats.ts";

const { values } = parseArgs({ options: { calls: { type: "string", default: "2000" } } });
const calls = Number(values.calls);
const root = fileURLToPath(new URL("../", import.meta.url));
const home = await Deno.makeTempDir();
const env = { ...Deno.env.toObject(), TASKORCH_HOME: home, TASKORCH_KV: ":memory:" };
const serve = ["run", "--allow-all", "--config", `${root}deno.json`, `${root}mod.ts`, "serve"];

const EVENT = {
  hook_event_name: "PreToolUse",
  tool_name: "Bash",
  tool_input: { command: "git status && npm test" },
  cwd: "/work/repo",
  session_id: "bench",
};

async function measure(client: Client): Promise<number[]> {
  const call = () => client.callTool({ name: "immune_check", arguments: { event: EVENT } });
  for (let i = 0; i < 200; i++) await call(); // warm up the JIT on both sides
  const samples: number[] = [];
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    const result = await call();
    samples.push(performance.now() - started);
    if (result.isError) throw new Error(`immune_check failed: ${JSON.stringify(result)}`);
  }
  return samples;
}

{
  const client = new Client({ name: "bench", version: "0" });
  await client.connect(
    new StdioClientTransport({ command: Deno.execPath(), args: [...serve, "--stdio"], env }),
  );
  report("immune_check round trip, stdio", summarize(await measure(client)));
  await client.close();
}

{
  const server = await startServeHttp({ home, env });
  const client = new Client({ name: "bench", version: "0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(server.url), {
      requestInit: { headers: { authorization: `Bearer ${server.token}` } },
    }),
  );
  report("immune_check round trip, Streamable HTTP", summarize(await measure(client)));
  await client.close();
  await server.stop();
}
