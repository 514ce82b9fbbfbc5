/**
 * The Claude Code hook, both routes `taskorch init claude` can install:
 *
 * - process: `taskorch hook` as a `command` hook, a new process per event, from spawn to
 *   the hook output JSON on stdout, with every built-in pack loaded;
 * - http: an `http` hook, one POST to a running `taskorch serve --http`'s `/hook` (started
 *   here as a real subprocess), from request to parsed JSON answer.
 *
 * Compares a PreToolUse Bash event (the common case) and an 8 KB Write; prints each
 * route's median, p90 and p99, then Deno's own start as the floor of the process route.
 *
 * Run: ./tools/deno run -A bench/hook.ts [--runs N] [--against DIR]
 *
 * `--against DIR` also runs another checkout of taskorch (say an older commit made with
 * `git worktree add DIR COMMIT`) on the process route, interleaved run by run with this one
 * and with the floor, so that both see the same machine: the fair way to compare them here,
 * where the floor itself drifts by tens of milliseconds.
 * Target (issue 3): median ≤ 60 ms for the process route.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { startServeHttp } from "../tests/support.ts";
import { report, summarize } from "./stats.ts";

const { values } = parseArgs({
  options: { runs: { type: "string", default: "40" }, against: { type: "string" } },
});
const against = values.against?.replace(/\/?$/, "/");
const runs = Number(values.runs);
const root = fileURLToPath(new URL("../", import.meta.url));
const home = await Deno.makeTempDir();
// A store file in a fresh home, as a user has (an empty memory; checks go to its journal).
const env: Record<string, string> = { ...Deno.env.toObject(), TASKORCH_HOME: home };
delete env.TASKORCH_KV;

const events: [string, unknown][] = [
  ["hook: PreToolUse Bash `git push --force origin main`", {
    hook_event_name: "PreToolUse",
    session_id: "bench",
    cwd: "/home/user/project",
    tool_name: "Bash",
    tool_input: { command: "git push --force origin main" },
  }],
  ["hook: PreToolUse Write of 8 KB", {
    hook_event_name: "PreToolUse",
    session_id: "bench",
    cwd: "/home/user/project",
    tool_name: "Write",
    tool_input: {
      file_path: "/home/user/project/src/app.ts",
      content: "export function add(a: number, b: number): number {\n  return a + b;\n}\n".repeat(
        110,
      ),
    },
  }],
];

async function once(payload: string, checkout = root): Promise<number> {
  const started = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", "--config", `${checkout}deno.json`, `${checkout}mod.ts`, "hook"],
    env,
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(payload));
  await writer.close();
  const out = await child.output();
  const elapsed = performance.now() - started;
  JSON.parse(new TextDecoder().decode(out.stdout));
  if (out.code !== 0) throw new Error(`hook exited ${out.code}`);
  return elapsed;
}

async function floorOnce(): Promise<number> {
  const started = performance.now();
  await new Deno.Command(Deno.execPath(), { args: ["eval", "0"], env, stdout: "null" }).output();
  return performance.now() - started;
}

for (const [label, event] of events) {
  const payload = JSON.stringify(event);
  await once(payload); // warm the pack cache and Deno's module cache
  if (against) await once(payload, against);
  const samples: number[] = [];
  const other: number[] = [];
  const floorSamples: number[] = [];
  for (let i = 0; i < runs; i++) {
    samples.push(await once(payload));
    if (against) {
      other.push(await once(payload, against));
      floorSamples.push(await floorOnce());
    }
  }
  report(`process ${label}`, summarize(samples));
  if (against) {
    report(`process ${label}, ${against}`, summarize(other));
    report("floor, interleaved", summarize(floorSamples));
  }
}

// The http route: one long-running server, one POST per event.
const server = await startServeHttp({ home, env });
const hookUrl = server.url.replace(/\/mcp$/, "/hook");
const token = server.token;

async function post(payload: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(hookUrl, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: payload,
  });
  const body = await response.json();
  const elapsed = performance.now() - started;
  if (response.status !== 200 || typeof body !== "object") {
    throw new Error(`POST /hook answered ${response.status}`);
  }
  return elapsed;
}

try {
  for (const [label, event] of events) {
    const payload = JSON.stringify(event);
    for (let i = 0; i < 5; i++) await post(payload); // warm up: first use compiles the rules
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) samples.push(await post(payload));
    report(`http ${label}`, summarize(samples));
  }
} finally {
  await server.stop();
}

// The floor: Deno itself starting and exiting.
const floor: number[] = [];
for (let i = 0; i < runs; i++) floor.push(await floorOnce());
report("floor: deno eval 0", summarize(floor));
