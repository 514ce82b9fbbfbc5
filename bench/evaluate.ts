/**
 * In-process `engine.evaluate` of 8 KB events with every built-in pack loaded: a Write
 * of 8 KB of source, an 8 KB tool result (PostToolUse, where injection rules scan), 8 KB
 * Bash commands (a here-document written to a file, a script of ~200 different commands,
 * a script repeating a few commands; all parsed by the shell parser), and a short command.
 *
 * Run: ./tools/deno run -A bench/evaluate.ts [--iterations N]
 * Target (issue 3): median ≤ 0.2 ms, p99 ≤ 2 ms for an 8 KB event.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { createRuntime } from "../core/runtime.ts";
import type { AgentEvent } from "../core/event.ts";
import { report, summarize } from "./stats.ts";

const { values } = parseArgs({ options: { iterations: { type: "string", default: "5000" } } });
const iterations = Number(values.iterations);
const runtime = await createRuntime({ config: undefined });
const rules = runtime.packs.reduce((n, p) => n + p.rules.length, 0);

const source = [
  "import { readFile } from 'node:fs/promises';",
  "export async function load(path: string): Promise<Record<string, unknown>> {",
  "  const text = await readFile(path, 'utf8'); // parse the config file",
  "  return JSON.parse(text) as Record<string, unknown>;",
  "}",
  "const API_URL = process.env.API_URL ?? 'http://localhost:8080';",
].join("\n") + "\n";
const page = "The quarterly report shows revenue grew 12% while costs held flat. " +
  "Customers in the north region asked for faster delivery and better tracking. ";
const script =
  "set -euo pipefail\nnpm ci\nnpm run build -- --prod\nrm -rf dist/tmp && mkdir -p dist\n" +
  'for f in src/*.ts; do echo "$f"; grep -n TODO "$f" || true; done\n';
const fill = (unit: string) => unit.repeat(Math.ceil(8192 / unit.length)).slice(0, 8192);

/** An 8 KB script of about 200 different commands, as an agent's setup or CI script. */
function variedScript(bytes: number): string {
  const templates = [
    (i: number) => `cd /home/user/project/packages/pkg-${i}`,
    (i: number) => `npm ci --prefix packages/pkg-${i}`,
    (i: number) => `rm -rf packages/pkg-${i}/dist packages/pkg-${i}/node_modules/.cache`,
    (i: number) => `mkdir -p build/out-${i} && cp -r src/assets-${i} build/out-${i}/`,
    (i: number) => `find build/out-${i} -name '*.map' -delete`,
    (i: number) => `tar -czf artifacts/bundle-${i}.tgz -C build out-${i}`,
    (i: number) => `sed -i 's/VERSION/1.${i}.0/' packages/pkg-${i}/package.json`,
    (i: number) => `git log --oneline -n ${i + 5} -- packages/pkg-${i} | tee logs/pkg-${i}.txt`,
    (i: number) => `docker build -t registry.local/app-${i}:latest -f docker/Dockerfile.${i} .`,
    (i: number) =>
      `python3 scripts/gen_${i}.py --out build/gen-${i}.json || echo "gen ${i} failed" >&2`,
    (i: number) =>
      `grep -rn "TODO(${i})" src/ | awk -F: '{print $1}' | sort -u > logs/todo-${i}.txt`,
    (i: number) => `chmod +x scripts/run-${i}.sh && ./scripts/run-${i}.sh --fast`,
    (i: number) => `export PKG_${i}_HOME="$PWD/packages/pkg-${i}"`,
    (i: number) => `curl -fsSL http://localhost:${8000 + i}/healthz -o /dev/null`,
    (i: number) => `if [ -f packages/pkg-${i}/Makefile ]; then make -C packages/pkg-${i} test; fi`,
    (i: number) => `mv build/out-${i}/index.html build/out-${i}/index-${i}.html`,
  ];
  const lines: string[] = [];
  for (let i = 0, size = 0; size < bytes; i++) {
    const line = templates[i % templates.length](i);
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join("\n").slice(0, bytes);
}

const base = { session_id: "bench", cwd: "/home/user/project" };
const events: [string, AgentEvent][] = [
  ["PreToolUse Write, 8 KB of source", {
    ...base,
    hook_event_name: "PreToolUse",
    tool_name: "Write",
    tool_input: { file_path: "/home/user/project/src/config.ts", content: fill(source) },
  }],
  ["PostToolUse WebFetch, 8 KB page", {
    ...base,
    hook_event_name: "PostToolUse",
    tool_name: "WebFetch",
    tool_input: { url: "https://example.com/report", prompt: "summarize" },
    tool_response: fill(page),
  }],
  ["PreToolUse Bash, 8 KB heredoc written to a file", {
    ...base,
    hook_event_name: "PreToolUse",
    tool_name: "Bash",
    tool_input: { command: `cat > src/config.ts <<'EOF'\n${fill(source)}\nEOF` },
  }],
  ["PreToolUse Bash, 8 KB script of ~200 different commands", {
    ...base,
    hook_event_name: "PreToolUse",
    tool_name: "Bash",
    tool_input: { command: variedScript(8192) },
  }],
  ["PreToolUse Bash, 8 KB script repeating 5 commands", {
    ...base,
    hook_event_name: "PreToolUse",
    tool_name: "Bash",
    tool_input: { command: fill(script) },
  }],
  ["PreToolUse Bash, one command", {
    ...base,
    hook_event_name: "PreToolUse",
    tool_name: "Bash",
    tool_input: { command: "git add -A && git commit -m 'fix: parse config' && npm test" },
  }],
];

console.log(`${runtime.packs.length} packs, ${rules} rules, ${iterations} iterations per event`);
for (const [label, event] of events) {
  for (let i = 0; i < 300; i++) await runtime.engine.evaluate(event);
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    await runtime.engine.evaluate(event);
    samples.push(performance.now() - started);
  }
  const verdict = await runtime.engine.evaluate(event);
  report(`evaluate: ${label} (${verdict.decision})`, summarize(samples));
}
