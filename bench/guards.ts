/**
 * What a guard plugin costs inside `evaluate`: a runtime with no plugins, a runtime with one
 * configured guard on its first event (cold: the process starts) and on later events (warm,
 * the long-lived doors), and a `taskorch hook` process per event without and with a
 * `hook: true` guard. This is why guards run in the long-lived doors and in the hook only
 * when marked `hook: true`.
 *
 *   ./tools/deno run -A bench/guards.ts [--runs 10] [--events 500]
 *
 * @module
 */

import { parseArgs } from "node:util";
import { parsePlugins } from "../core/config.ts";
import { defaultConfig } from "../core/config.ts";
import { createRuntime } from "../core/runtime.ts";
import { summarize } from "./stats.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const { values } = parseArgs({
  args: Deno.args,
  options: { runs: { type: "string", default: "10" }, events: { type: "string", default: "500" } },
});
const RUNS = Number(values.runs);
const EVENTS = Number(values.events);
const GUARD = `${ROOT}tests/fixtures/plugins/minimal_guard.ts`;
const event = {
  hook_event_name: "PreToolUse",
  tool_name: "Bash",
  tool_input: { command: "npm install left-pad" },
  cwd: "/tmp",
};

function config(hook: boolean) {
  return {
    ...defaultConfig(),
    plugins: parsePlugins([{ from: GUARD, hook }], `${ROOT}.taskorch/config.yaml`),
  };
}

async function perEvent(label: string, withGuard: boolean): Promise<void> {
  const runtime = await createRuntime({ config: withGuard ? config(false) : defaultConfig() });
  const cold = performance.now();
  await runtime.engine.evaluate(event);
  const first = performance.now() - cold;
  const times: number[] = [];
  for (let i = 0; i < EVENTS; i++) {
    const t = performance.now();
    await runtime.engine.evaluate(event);
    times.push(performance.now() - t);
  }
  await runtime.close();
  console.log(
    `${label}: first event ${first.toFixed(1)} ms; then ${JSON.stringify(summarize(times))}`,
  );
}

async function hookProcess(label: string, hook: boolean | undefined): Promise<void> {
  const dir = await Deno.makeTempDir();
  if (hook !== undefined) {
    await Deno.mkdir(`${dir}/.taskorch`);
    await Deno.writeTextFile(
      `${dir}/.taskorch/config.yaml`,
      `plugins:\n  - from: ${GUARD}\n    hook: ${hook}\n`,
    );
  }
  const payload = new TextEncoder().encode(JSON.stringify({ ...event, cwd: dir }));
  const times: number[] = [];
  // Run 0 warms this home's caches (pack slices, the config's JSON), as after any first use.
  for (let i = -1; i < RUNS; i++) {
    const t = performance.now();
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        "--config",
        `${ROOT}deno.json`,
        `${ROOT}mod.ts`,
        "hook",
        "--kv",
        `${dir}/kv`,
      ],
      env: { TASKORCH_HOME: `${dir}/home`, TASKORCH_RECORD_CHECKS: "0" },
      stdin: "piped",
      stdout: "null",
      stderr: "null",
    }).spawn();
    const w = child.stdin.getWriter();
    await w.write(payload);
    await w.close();
    await child.status;
    if (i >= 0) times.push(performance.now() - t);
  }
  console.log(`${label}: ${JSON.stringify(summarize(times))}`);
}

await perEvent("evaluate, no plugins", false);
await perEvent("evaluate, one guard (long-lived door)", true);
await hookProcess("taskorch hook, no plugins", undefined);
await hookProcess("taskorch hook, guard not marked hook", false);
await hookProcess("taskorch hook, guard marked hook: true", true);
