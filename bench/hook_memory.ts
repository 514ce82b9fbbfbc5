/**
 * What the learned memory costs a `taskorch hook` process (one per event): a `PreToolUse`
 * Bash event whose text matches no pattern, in three fresh homes run interleaved — no memory
 * (no marker: one `stat`), one stored pattern with the presence filter (the hook reads a few
 * bytes of `<store>.memory` and skips the store), and one pattern with an older empty marker
 * (the hook opens Deno KV and looks up).
 *
 * Run: ./tools/deno run -A bench/hook_memory.ts [--runs N]
 *
 * @module
 */

import { parseArgs } from "node:util";
import { childEnv, taskorchArgs } from "../tests/support.ts";
import { report, summarize } from "./stats.ts";

const { values } = parseArgs({ options: { runs: { type: "string", default: "40" } } });
const runs = Number(values.runs);

async function home(kind: "none" | "filter" | "legacy"): Promise<Record<string, string>> {
  const dir = await Deno.makeTempDir({ prefix: "taskorch-bench-" });
  const env = childEnv(dir, { TASKORCH_KV: `${dir}/taskorch.kv` });
  if (kind !== "none") {
    const learn = await new Deno.Command(Deno.execPath(), {
      args: taskorchArgs(
        "learn",
        "--category",
        "other",
        "--text",
        "npm run deploy-preview failed: missing script deploy-preview",
      ),
      env,
    }).output();
    if (learn.code !== 0) throw new Error(new TextDecoder().decode(learn.stderr));
  }
  if (kind === "legacy") await Deno.writeTextFile(`${dir}/taskorch.kv.memory`, "");
  return env;
}

const kinds = ["none", "filter", "legacy"] as const;
const labels = {
  none: "no memory (no marker)",
  filter: "one pattern, presence filter",
  legacy: "one pattern, empty marker (opens KV)",
};
const envs = Object.fromEntries(await Promise.all(kinds.map(async (k) => [k, await home(k)])));
const payload = new TextEncoder().encode(JSON.stringify({
  hook_event_name: "PreToolUse",
  tool_name: "Bash",
  tool_input: { command: "ls -la src" },
  cwd: "/tmp",
  session_id: "bench",
}));
const samples: Record<string, number[]> = { none: [], filter: [], legacy: [] };
for (let i = 0; i < runs; i++) {
  for (const kind of kinds) {
    const started = performance.now();
    const child = new Deno.Command(Deno.execPath(), {
      args: taskorchArgs("hook"),
      env: envs[kind],
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const writer = child.stdin.getWriter();
    await writer.write(payload);
    await writer.close();
    await child.output();
    samples[kind].push(performance.now() - started);
  }
}
for (const kind of kinds) report(`taskorch hook, ${labels[kind]}`, summarize(samples[kind]));
