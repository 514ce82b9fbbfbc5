/**
 * What recording a check costs a hook process, and folding the journal into KV:
 *
 * - per process (a fresh `deno run` per sample, like `taskorch hook`): the wall time of the
 *   whole process and the in-process time of the recording step, for `none`, `journal`
 *   (append one line beside the store) and `kv` (open the store file, set one record, close);
 * - the real `taskorch hook` process on a PreToolUse Bash event with a store file, recording
 *   the check in the journal and with `TASKORCH_RECORD_CHECKS=0`, alternating;
 * - in process: appending N lines, and folding N lines into a store file.
 *
 * Run: ./tools/deno run -A bench/check_journal.ts [--runs N] [--lines N]
 *
 * @module
 */

import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { appendCheckJournal, checkRecordOf, foldCheckJournal } from "../core/memory/checks.ts";
import { openStore } from "../core/store.ts";
import { report, summarize } from "./stats.ts";

const { values } = parseArgs({
  options: { runs: { type: "string", default: "30" }, lines: { type: "string", default: "10000" } },
});
const runs = Number(values.runs);
const lines = Number(values.lines);
const root = fileURLToPath(new URL("../", import.meta.url));
const dir = await Deno.makeTempDir({ prefix: "taskorch_bench_checks_" });
const kv = `${dir}/bench.kv`;
// Create the store once, as a real user's store already exists.
(await openStore({ path: kv })).close();

async function child(mode: string): Promise<{ wall: number; step: number }> {
  const started = performance.now();
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-all",
      "--config",
      `${root}deno.json`,
      `${root}bench/check_journal_child.ts`,
      mode,
      kv,
    ],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  const wall = performance.now() - started;
  if (out.code !== 0) throw new Error(`child ${mode} failed`);
  return { wall, step: Number(new TextDecoder().decode(out.stdout).trim()) };
}

for (const mode of ["none", "journal", "kv"]) await child(mode); // warm the module cache
const results: Record<string, { wall: number[]; step: number[] }> = {};
for (let i = 0; i < runs; i++) {
  for (const mode of ["none", "journal", "kv"]) {
    const r = await child(mode);
    (results[mode] ??= { wall: [], step: [] }).wall.push(r.wall);
    results[mode].step.push(r.step);
  }
}
for (const [mode, r] of Object.entries(results)) {
  report(`process ${mode}: whole process`, summarize(r.wall));
  report(`process ${mode}: recording step`, summarize(r.step));
}

const payload = new TextEncoder().encode(JSON.stringify({
  hook_event_name: "PreToolUse",
  session_id: "bench",
  cwd: "/home/user/project",
  tool_name: "Bash",
  tool_input: { command: "git push --force origin main" },
}));
async function hook(record: boolean): Promise<number> {
  const started = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", "--config", `${root}deno.json`, `${root}mod.ts`, "hook"],
    env: {
      ...Deno.env.toObject(),
      TASKORCH_HOME: dir,
      TASKORCH_KV: kv,
      TASKORCH_RECORD_CHECKS: record ? "1" : "0",
    },
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(payload);
  await writer.close();
  const out = await child.output();
  if (out.code !== 0) throw new Error("taskorch hook failed");
  return performance.now() - started;
}
await hook(true); // warm the pack cache
const hooks: Record<string, number[]> = { on: [], off: [] };
for (let i = 0; i < runs; i++) {
  hooks.on.push(await hook(true));
  hooks.off.push(await hook(false));
}
report("taskorch hook, check recorded (journal)", summarize(hooks.on));
report("taskorch hook, TASKORCH_RECORD_CHECKS=0", summarize(hooks.off));

const journal = `${dir}/inproc.kv.checks.jsonl`;
const record = checkRecordOf(
  { hook_event_name: "PreToolUse", tool_name: "Bash", session_id: "bench" },
  {
    decision: "warn",
    risk: 0.4,
    findings: [{
      rule: "git.force-push",
      category: "destructive_command",
      severity: "high",
      message: "",
    }],
  },
  "hook",
);
const appends: number[] = [];
for (let i = 0; i < lines; i++) {
  const started = performance.now();
  await appendCheckJournal(journal, record);
  appends.push(performance.now() - started);
}
report(`in process: append one journal line (${lines})`, summarize(appends));
const store = await openStore({ path: `${dir}/fold.kv` });
const started = performance.now();
const folded = await foldCheckJournal(store, journal, { graceMs: 0 });
const ms = performance.now() - started;
console.log(
  `in process: fold ${folded.folded} lines into a store file: ${ms.toFixed(0)} ms (${
    (ms / folded.folded * 1000).toFixed(1)
  } µs per record)`,
);
store.close();
await Deno.remove(dir, { recursive: true });
