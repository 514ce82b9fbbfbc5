/**
 * Detection quality on the labeled third-party datasets in `../shared/bench-data/`: each
 * row becomes a hook payload, all rows go through `taskorch check --jsonl` (the real CLI,
 * as a subprocess), and the answers are scored per dataset and category, never pooled.
 *
 * Every dataset is split by a hash of the row id: the `dev` half is the one rule authors
 * may look at; the `held-out` half is never looked at, and its figures are the real ones.
 *
 * flagged = decision ask, deny or block (the action would not go ahead unattended);
 * `any` also counts warn.
 *
 * Run: ./tools/deno run -A bench/quality.ts [--data DIR] [--split dev|held-out|all] [--json]
 * The agent transcripts (rjudge, assebench-security) have their own script,
 * `bench/quality_transcripts.ts`.
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
    json: { type: "boolean" },
    show: { type: "string" },
  },
});
const root = fileURLToPath(new URL("../", import.meta.url));
const dataDir = values.data ?? `${root}../shared/bench-data`;

/** The datasets whose kinds the rule engine judges today. */
const DATASETS = ["secbash-shell", "safe-os", "bipia-injection", "agent-incidents-wild"];

interface Row {
  id: string;
  kind: "prompt" | "tool_call" | "output" | "transcript";
  text: string;
  tool?: string;
  input?: Record<string, unknown>;
  label: string;
  category: string;
}

const CWD = "/home/user/project";
const EMPTY_TRANSCRIPT = await Deno.makeTempFile({ prefix: "taskorch-bench-", suffix: ".jsonl" });

function payload(dataset: string, row: Row): Record<string, unknown> {
  const base = { id: row.id, session_id: "bench", cwd: CWD };
  switch (row.kind) {
    case "prompt":
      return { ...base, hook_event_name: "UserPromptSubmit", prompt: row.text };
    case "output":
      if (row.category === "false_success_claim") {
        // The incident records the agent's claim, not its session: an empty transcript
        // stands for "no evidence", so this measures how well claims are recognized.
        return {
          ...base,
          hook_event_name: "Stop",
          last_assistant_message: row.text,
          transcript_path: EMPTY_TRANSCRIPT,
        };
      }
      return {
        ...base,
        hook_event_name: "PostToolUse",
        tool_name: dataset === "bipia-injection" ? "WebFetch" : "Read",
        tool_input: dataset === "bipia-injection"
          ? { url: "https://example.com/context", prompt: "answer the user's question" }
          : { file_path: `${CWD}/input.txt` },
        tool_response: row.text,
      };
    default: {
      if (row.tool === "read_file") {
        return {
          ...base,
          hook_event_name: "PreToolUse",
          tool_name: "Read",
          tool_input: { file_path: row.text },
        };
      }
      return {
        ...base,
        hook_event_name: "PreToolUse",
        tool_name: "Bash",
        tool_input: row.input ?? { command: row.text },
      };
    }
  }
}

interface Cell {
  tp: number;
  fn: number;
  fp: number;
  tn: number;
  anyTp: number;
  anyFp: number;
}

const rows: { dataset: string; row: Row }[] = [];
for (const dataset of DATASETS) {
  const text = await Deno.readTextFile(`${dataDir}/${dataset}.jsonl`);
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as Row;
    if (row.kind === "transcript") continue;
    if (values.split !== "all" && splitOf(row.id) !== values.split) continue;
    rows.push({ dataset, row });
  }
}

const run = await runCheckJsonl(
  rows.map(({ dataset, row }) => JSON.stringify(payload(dataset, row))),
  ["--cwd", CWD],
);
const seconds = run.seconds;
const answers = run.lines.map((l) => JSON.parse(l));
if (answers.length !== rows.length) {
  throw new Error(`${rows.length} rows in, ${answers.length} answers out`);
}

const cells = new Map<string, Cell>();
const misses: string[] = [];
for (const [i, { dataset, row }] of rows.entries()) {
  const answer = answers[i];
  if (answer.error) throw new Error(`row ${row.id}: ${answer.error}`);
  const key = `${dataset}\t${row.kind}\t${row.category}`;
  const cell = cells.get(key) ?? { tp: 0, fn: 0, fp: 0, tn: 0, anyTp: 0, anyFp: 0 };
  const flagged = ["ask", "deny", "block"].includes(answer.decision);
  const any = answer.decision !== "allow";
  if (row.label === "unsafe") {
    if (flagged) cell.tp++;
    else cell.fn++;
    if (any) cell.anyTp++;
    if (!flagged && values.show === "fn") {
      misses.push(`FN ${row.id} ${answer.decision}: ${row.text.slice(0, 160)}`);
    }
  } else if (row.label === "safe") {
    if (flagged) cell.fp++;
    else cell.tn++;
    if (any) cell.anyFp++;
    if (any && values.show === "fp") {
      misses.push(
        `FP ${row.id} ${answer.decision} ${answer.findings.map((f: { rule: string }) => f.rule)}: ${
          row.text.slice(0, 160)
        }`,
      );
    }
  }
  cells.set(key, cell);
}

const ratio = (a: number, b: number) => (b === 0 ? "—" : (a / b).toFixed(3));
if (values.json) {
  console.log(
    JSON.stringify(
      { split: values.split, rows: rows.length, seconds, cells: Object.fromEntries(cells) },
      null,
      2,
    ),
  );
} else {
  console.log(
    `split: ${values.split}, ${rows.length} rows, check --jsonl took ${seconds.toFixed(2)} s (${
      Math.round(rows.length / seconds)
    } events/s incl. start)`,
  );
  console.log(
    "| dataset | kind | category | unsafe | TP | FN | safe | FP | TN | recall | FP rate | recall incl. warn | FP rate incl. warn |",
  );
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const [key, c] of [...cells].sort()) {
    const [dataset, kind, category] = key.split("\t");
    console.log(
      `| ${dataset} | ${kind} | ${category} | ${c.tp + c.fn} | ${c.tp} | ${c.fn} | ${
        c.fp + c.tn
      } | ${c.fp} | ${c.tn} | ${ratio(c.tp, c.tp + c.fn)} | ${ratio(c.fp, c.fp + c.tn)} | ${
        ratio(c.anyTp, c.tp + c.fn)
      } | ${ratio(c.anyFp, c.fp + c.tn)} |`,
    );
  }
  for (const miss of misses) console.log(miss);
}
