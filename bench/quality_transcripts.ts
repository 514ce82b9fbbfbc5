/**
 * Detection quality on the agent transcripts of `../shared/bench-data/` (R-Judge and
 * ASSEBench): each record's turns become the hook events an agent host would send (the
 * user's request → UserPromptSubmit, each agent action → PreToolUse, each environment
 * answer → PostToolUse of that action, a final answer → Stop), all events go through
 * `taskorch check --jsonl` (the real CLI), and a record counts as flagged when any of its
 * events is (decision ask, deny or block; "incl. warn" also counts warn). Scored per
 * dataset and category, never pooled; the same dev / held-out split as bench/quality.ts.
 *
 * These transcripts are general tool-using agents (mail, calendars, smart locks, shopping,
 * terminals), not coding agents: taskorch's packs judge shell commands, files, secrets and
 * injected instructions, so most of their risks (granting a guest access, posting a
 * defamatory tweet) are outside what rules see.
 *
 * Run: ./tools/deno run -A bench/quality_transcripts.ts [--split dev|held-out|all] [--show fn|fp]
 *
 * @module
 */

import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { runCheckJsonl } from "./check_process.ts";
import { splitOf } from "./split.ts";

const { values } = parseArgs({
  options: {
    data: { type: "string" },
    split: { type: "string", default: "held-out" },
    show: { type: "string" },
  },
});
if (values.show !== undefined && values.split !== "dev") {
  throw new Error("--show lists rows of the dev split only: add --split dev");
}
const root = fileURLToPath(new URL("../", import.meta.url));
const dataDir = values.data ?? `${root}../shared/bench-data`;
const DATASETS = ["rjudge", "assebench-security"];
const CWD = "/home/user/project";

interface Turn {
  role: string;
  content?: string;
  thought?: string;
  action?: string;
}

interface TranscriptRecord {
  id: string;
  label: string;
  category: string;
  turns: Turn[];
}

/** Tools that run a shell command, as these datasets name them. */
const SHELL_TOOLS =
  /^(?:TerminalExecute|Terminal|execute_command|run_command|shell|bash|ExecuteCommand)$/i;

/** An action's tool and arguments: `Name{...}`, `Name: {...}`, `Name Action Input: {...}`. */
export function parseAction(action: string): { tool: string; input: Record<string, unknown> } {
  const text = action.trim();
  const final = /^Final Answer:\s*([\s\S]*)$/i.exec(text);
  if (final) return { tool: "", input: { answer: final[1] } };
  const head = /^([A-Za-z_][\w.]*)\s*(?::|Action Input:)?\s*([\s\S]*)$/.exec(text);
  if (!head) return { tool: "", input: { answer: text } };
  const [, tool, rest] = head;
  const body = rest.replace(/^Action Input:\s*/i, "").trim();
  let input: Record<string, unknown> = {};
  if (body.startsWith("{")) {
    try {
      input = JSON.parse(body);
    } catch {
      try {
        // Python-style dicts: {'a': 'b', 'c': True}
        input = JSON.parse(
          body.replace(/'/g, '"').replace(/\bTrue\b/g, "true").replace(/\bFalse\b/g, "false")
            .replace(/\bNone\b/g, "null"),
        );
      } catch {
        input = { raw: body };
      }
    }
  } else if (body !== "" && body !== "()") input = { raw: body };
  return { tool, input };
}

function events(record: TranscriptRecord): Record<string, unknown>[] {
  const base = { session_id: record.id, cwd: CWD };
  const out: Record<string, unknown>[] = [];
  let last: { tool_name: string; tool_input: Record<string, unknown> } | undefined;
  for (const turn of record.turns) {
    if (turn.role === "user" && turn.content) {
      out.push({ ...base, hook_event_name: "UserPromptSubmit", prompt: turn.content });
    } else if (turn.role === "agent" && turn.action) {
      const { tool, input } = parseAction(turn.action);
      if (tool === "" || /^(?:Final|Complete)$/.test(tool)) {
        const answer = String(input.answer ?? input.response ?? input.raw ?? turn.action);
        out.push({ ...base, hook_event_name: "Stop", last_assistant_message: answer });
        continue;
      }
      const shell = SHELL_TOOLS.test(tool) && typeof input.command === "string";
      last = shell
        ? { tool_name: "Bash", tool_input: { command: input.command } }
        : { tool_name: tool, tool_input: input };
      out.push({ ...base, hook_event_name: "PreToolUse", ...last });
    } else if (turn.role === "environment" && turn.content) {
      out.push({
        ...base,
        hook_event_name: "PostToolUse",
        tool_name: last?.tool_name ?? "unknown",
        tool_input: last?.tool_input ?? {},
        tool_response: turn.content,
      });
    }
  }
  return out;
}

const records: { dataset: string; record: TranscriptRecord; first: number; count: number }[] = [];
const lines: string[] = [];
for (const dataset of DATASETS) {
  const text = await Deno.readTextFile(`${dataDir}/${dataset}.jsonl`);
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    const record = JSON.parse(line) as TranscriptRecord;
    if (values.split !== "all" && splitOf(record.id) !== values.split) continue;
    const list = events(record);
    records.push({ dataset, record, first: lines.length, count: list.length });
    for (const event of list) lines.push(JSON.stringify(event));
  }
}

const run = await runCheckJsonl(lines, ["--cwd", CWD]);
const answers = run.lines.map((l) => JSON.parse(l));
if (answers.length !== lines.length) {
  throw new Error(`${lines.length} events in, ${answers.length} answers out`);
}

interface Cell {
  tp: number;
  fn: number;
  fp: number;
  tn: number;
  anyTp: number;
  anyFp: number;
}
const cells = new Map<string, Cell>();
const shown: string[] = [];
for (const { dataset, record, first, count } of records) {
  const mine = answers.slice(first, first + count);
  for (const answer of mine) if (answer.error) throw new Error(`${record.id}: ${answer.error}`);
  const flagged = mine.some((a) => ["ask", "deny", "block"].includes(a.decision));
  const any = mine.some((a) => a.decision !== "allow");
  const key = `${dataset}\t${record.category}`;
  const cell = cells.get(key) ?? { tp: 0, fn: 0, fp: 0, tn: 0, anyTp: 0, anyFp: 0 };
  const rules = [...new Set(mine.flatMap((a) => a.findings.map((f: { rule: string }) => f.rule)))];
  if (record.label === "unsafe") {
    if (flagged) cell.tp++;
    else cell.fn++;
    if (any) cell.anyTp++;
    if (!flagged && values.show === "fn") shown.push(`FN ${record.id} ${record.category}`);
  } else {
    if (flagged) cell.fp++;
    else cell.tn++;
    if (any) cell.anyFp++;
    if (any && values.show === "fp") shown.push(`FP ${record.id} ${rules.join(",")}`);
  }
  cells.set(key, cell);
}

const ratio = (a: number, b: number) => (b === 0 ? "—" : (a / b).toFixed(3));
console.log(
  `split: ${values.split}, ${records.length} transcripts, ${lines.length} events, check --jsonl took ${
    run.seconds.toFixed(2)
  } s`,
);
console.log(
  "| dataset | category | unsafe | TP | FN | safe | FP | TN | recall | FP rate | recall incl. warn | FP rate incl. warn |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
for (const [key, c] of [...cells].sort()) {
  const [dataset, category] = key.split("\t");
  console.log(
    `| ${dataset} | ${category} | ${c.tp + c.fn} | ${c.tp} | ${c.fn} | ${
      c.fp + c.tn
    } | ${c.fp} | ${c.tn} | ${ratio(c.tp, c.tp + c.fn)} | ${ratio(c.fp, c.fp + c.tn)} | ${
      ratio(c.anyTp, c.tp + c.fn)
    } | ${ratio(c.anyFp, c.fp + c.tn)} |`,
  );
}
for (const line of shown) console.log(line);
