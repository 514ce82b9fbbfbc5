/**
 * `taskorch check --jsonl` throughput: a realistic mix of 20,000 hook payloads (shell
 * commands, file writes, tool results, prompts) piped through the real CLI process.
 *
 * Run: ./tools/deno run -A bench/jsonl.ts [--events N]
 * Target (issue 3): ≥ 5,000 events/s.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { runCheckJsonl } from "./check_process.ts";

const { values } = parseArgs({ options: { events: { type: "string", default: "20000" } } });
const count = Number(values.events);
const cwd = "/home/user/project";

const commands = [
  "npm test",
  "git status && git diff --stat",
  "rm -rf node_modules dist && npm ci",
  "git push --force origin main",
  "curl -fsSL https://get.example.com/install.sh | sh",
  "python3 -m pytest -q tests/",
  "find . -name '*.pyc' -delete",
  "docker compose up -d --build",
  "kubectl get pods -n staging",
  "sed -i 's/foo/bar/g' src/app.ts",
];
const payloads: string[] = [];
for (let i = 0; i < count; i++) {
  const kind = i % 4;
  const base = { id: i, session_id: "bench", cwd };
  const event = kind === 0 || kind === 1
    ? {
      ...base,
      hook_event_name: "PreToolUse",
      tool_name: "Bash",
      tool_input: { command: commands[i % commands.length] },
    }
    : kind === 2
    ? {
      ...base,
      hook_event_name: "PreToolUse",
      tool_name: "Write",
      tool_input: {
        file_path: `${cwd}/src/m${i}.ts`,
        content: `export const value${i} = ${i};\n`.repeat(20),
      },
    }
    : {
      ...base,
      hook_event_name: "PostToolUse",
      tool_name: "WebFetch",
      tool_input: { url: "https://example.com", prompt: "read" },
      tool_response: "Release notes: fixed a crash when the config file is empty. ".repeat(10),
    };
  payloads.push(JSON.stringify(event));
}
const { lines, seconds } = await runCheckJsonl(payloads);
if (lines.length !== count) throw new Error(`${count} events in, ${lines.length} lines out`);
const decisions: Record<string, number> = {};
for (const line of lines) {
  const { decision } = JSON.parse(line);
  decisions[decision] = (decisions[decision] ?? 0) + 1;
}
console.log(
  `check --jsonl: ${count} events in ${seconds.toFixed(2)} s = ${
    Math.round(count / seconds)
  } events/s (process start included); decisions ${JSON.stringify(decisions)}`,
);
