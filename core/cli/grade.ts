/**
 * `taskorch grade`: grade an output with taskorch's graders (the CLI door of `grade_output`),
 * or calibrate the graders' thresholds from labeled examples (`--calibrate FILE.jsonl`).
 *
 * @module
 */

import { join } from "../posix_path.ts";
import { TaskorchError } from "../errors.ts";
import { type CliIO, type Command, parseFlags, readAll, write } from "./args.ts";

const HELP = `Usage: taskorch grade [OUTPUT] [options]
       taskorch grade --calibrate FILE.jsonl [options]
       taskorch grade --list

Grade an agent's output (the text argument, --file, or stdin when neither is given) with
taskorch's graders. Exit code: 0 when it passes, 1 when it fails, 2 on a usage error.

Options:
  --file PATH          Read the output from a file ("-" for stdin)
  --task TEXT          What the agent was asked (a failed grade is learned only with it)
  --expected TEXT      The expected answer (the contains grader)
  --context TEXT       Sources the output must be faithful to (LLM judges)
  --context-file PATH  Read the context from a file
  --transcript PATH    A Claude Code transcript (JSONL): evidence for claims, tests-ran
  --cwd PATH           The workspace the output refers to (default: the current folder)
  --graders a,b        Graders by name (default: graders.use, else chosen by the inputs)
  --session ID         The agent session, recorded with the LLM judges' costs
  --no-learn           Do not learn a failed grade in the memory
  --kv PATH            The store to learn in and to record the LLM judges' costs in
                       (default ~/.taskorch/taskorch.kv, TASKORCH_KV)
  --json               Print the report as JSON
  --list               List the graders that can be named

Calibration:
  --calibrate FILE     Lines {"output", "label": "pass"|"fail", "task", "expected", ...}:
                       grade each, pick each grader's threshold, write graders.thresholds
  --metric NAME        The threshold written: balanced-accuracy (default) or f1
  --config PATH        The config file to write (default: ./.taskorch/config.yaml)
  --dry-run            Report the thresholds without writing them

Built-in graders: non-empty, length, json, regex, contains, syntax, paths-exist, claims,
tests-ran, diff-sanity. Configure them under graders: in .taskorch/config.yaml.

LLM judges (rubric, instructions: need --task; faithfulness, hallucination: need --context)
run when graders.judge names a configured provider plugin:
  graders:
    judge: { provider: openai, model: gpt-5-mini }
Each judge call goes through the provider's circuit breaker, the budgets and the cost
ledger (see "taskorch cost summary"); with the breaker open the judge is skipped and the
report says "Reduced assurance" while the deterministic graders decide.
`;

function usage(message: string): never {
  throw new TaskorchError("CLI_USAGE", `taskorch grade: ${message}. Run "taskorch grade --help".`);
}

function text(values: Record<string, string | boolean | undefined>, name: string) {
  const value = values[name];
  return typeof value === "string" ? value : undefined;
}

async function list(io: CliIO, json: boolean): Promise<number> {
  const { BUILTIN_GRADERS } = await import("../grading/builtin.ts");
  const { loadConfig } = await import("../config.ts");
  const config = await loadConfig(Deno.cwd());
  const { judge } = await (await import("../grading/config.ts")).loadGradersConfig(config);
  const { createJudgeGraders } = await import("../grading/judges/judges.ts");
  const rows = [
    ...Object.values(BUILTIN_GRADERS).map((g) => ({
      name: g.name,
      kind: "built-in",
      category: g.category,
      summary: g.summary,
    })),
    ...config.plugins.filter((p) => p.kind === "grader").map((p) => ({
      name: p.name,
      kind: p.enabled ? "plugin" : "plugin (disabled)",
      category: "other",
      summary: p.from,
    })),
    ...(judge.provider === undefined ? [] : Object.values(createJudgeGraders({
      complete: () => Promise.reject(new Error("listing only")),
    })).map((g) => ({
      name: g.name,
      kind: "judge",
      category: g.category,
      summary: `LLM judge on ${judge.provider}${judge.model ? ` (${judge.model})` : ""}`,
    }))),
  ];
  if (json) return await write(io.stdout, JSON.stringify(rows, null, 2) + "\n"), 0;
  const width = Math.max(...rows.map((r) => r.name.length));
  for (const r of rows) {
    await write(io.stdout, `${r.name.padEnd(width)}  ${r.kind.padEnd(9)} ${r.summary}\n`);
  }
  return 0;
}

async function calibrateCommand(
  values: Record<string, string | boolean | undefined>,
  graders: string[] | undefined,
  io: CliIO,
): Promise<number> {
  const file = text(values, "calibrate")!;
  const metric = text(values, "metric") ?? "balanced-accuracy";
  if (metric !== "balanced-accuracy" && metric !== "f1") {
    usage(`--metric must be balanced-accuracy or f1, got "${metric}"`);
  }
  const { calibrate, parseLabeled, writeThresholds } = await import("../grading/calibrate.ts");
  const { loadConfig } = await import("../config.ts");
  const { loadGradersConfig } = await import("../grading/config.ts");
  const { createGraderPool } = await import("../grading/pool.ts");
  const examples = parseLabeled(
    file === "-" ? await readAll(io.stdin) : await Deno.readTextFile(file),
    file,
  );
  if (examples.length === 0) usage(`${file} has no examples`);
  const cwd = text(values, "cwd") ?? Deno.cwd();
  const config = await loadConfig(cwd);
  const pool = createGraderPool();
  let report;
  try {
    report = await calibrate(examples, {
      pool,
      config: await loadGradersConfig(config),
      plugins: config.plugins,
    }, graders);
  } finally {
    await pool.close();
  }
  const chosen: Record<string, number> = {};
  for (const g of report.graders) {
    const best = metric === "f1" ? g.bestF1 : g.bestBalancedAccuracy;
    if (best) chosen[g.grader] = best.threshold;
  }
  const target = text(values, "config") ?? join(cwd, ".taskorch", "config.yaml");
  const written = !values["dry-run"] && Object.keys(chosen).length > 0;
  if (written) await writeThresholds(target, chosen);
  if (values.json) {
    await write(
      io.stdout,
      JSON.stringify({ ...report, metric, thresholds: chosen, written: written ? target : null }) +
        "\n",
    );
    return 0;
  }
  const lines = [`${report.examples} labeled examples; thresholds by ${metric}:`];
  const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
  for (const g of report.graders) {
    if (!g.bestBalancedAccuracy || !g.bestF1) {
      lines.push(`  ${g.grader}: no threshold (${g.note}; ${g.examples} graded)`);
      continue;
    }
    const ba = g.bestBalancedAccuracy, f1 = g.bestF1;
    lines.push(
      `  ${g.grader}: ${g.examples} graded; balanced accuracy ${pct(ba.balancedAccuracy)} at ` +
        `≥ ${ba.threshold} (F1 ${pct(ba.f1)}); best F1 ${pct(f1.f1)} at ≥ ${f1.threshold} ` +
        `(balanced accuracy ${pct(f1.balancedAccuracy)})`,
    );
  }
  lines.push(
    written
      ? `Wrote graders.thresholds to ${target}.`
      : values["dry-run"]
      ? "Dry run: nothing written."
      : "Nothing to write.",
  );
  await write(io.stdout, lines.join("\n") + "\n");
  return 0;
}

/** The `grade` command. */
export const gradeCommand: Command = {
  name: "grade",
  help: HELP,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseFlags("grade", args, {
      file: { type: "string" },
      task: { type: "string" },
      expected: { type: "string" },
      context: { type: "string" },
      "context-file": { type: "string" },
      transcript: { type: "string" },
      cwd: { type: "string" },
      graders: { type: "string" },
      session: { type: "string" },
      "no-learn": { type: "boolean" },
      kv: { type: "string" },
      json: { type: "boolean" },
      list: { type: "boolean" },
      calibrate: { type: "string" },
      metric: { type: "string" },
      config: { type: "string" },
      "dry-run": { type: "boolean" },
    }, true);
    if (values.help) return await write(io.stdout, HELP), 0;
    if (values.list) return await list(io, values.json === true);
    const graders = text(values, "graders")?.split(",").map((g) => g.trim()).filter(Boolean);
    if (graders !== undefined && graders.length === 0) usage("--graders names no grader");
    if (values.calibrate !== undefined) return await calibrateCommand(values, graders, io);
    if (positionals.length > 1) usage("give the output as one argument (quote it), or --file");
    if (positionals.length === 1 && values.file !== undefined) {
      usage("give the output as an argument or --file, not both");
    }
    const file = text(values, "file");
    let output: string;
    if (positionals.length === 1) output = positionals[0];
    else if (file !== undefined && file !== "-") output = await Deno.readTextFile(file);
    else if (file === "-" || !io.stdinIsTerminal) output = await readAll(io.stdin);
    else usage("no output: give it as an argument, --file PATH, or on stdin");
    if (values.context !== undefined && values["context-file"] !== undefined) {
      usage("give --context or --context-file, not both");
    }
    const contextFile = text(values, "context-file");
    const { runGrade } = await import("../grading/service.ts");
    const { resolve } = await import("node:path");
    const learn = values["no-learn"] !== true;
    const kv = text(values, "kv");
    let store: import("../store.ts").Store | undefined;
    const { createGraderPool } = await import("../grading/pool.ts");
    const pool = createGraderPool();
    try {
      const run = await runGrade({
        output: output!,
        task: text(values, "task"),
        expected: text(values, "expected"),
        context: contextFile !== undefined
          ? await Deno.readTextFile(contextFile)
          : text(values, "context"),
        transcript_path: text(values, "transcript") && resolve(text(values, "transcript")!),
        cwd: resolve(text(values, "cwd") ?? Deno.cwd()),
        graders,
      }, {
        pool,
        learn,
        ...(text(values, "session") !== undefined ? { session: text(values, "session") } : {}),
        withStore: async (use) => {
          if (store === undefined) {
            const { openStore } = await import("../store.ts");
            store = await openStore({ path: kv });
          }
          return await use(store);
        },
      });
      if (values.json) {
        await write(io.stdout, JSON.stringify(run, null, 2) + "\n");
      } else {
        const { gradeOutputTool } = await import("../tools/grade_output.ts");
        await write(io.stdout, gradeOutputTool.summarize(run) + "\n");
      }
      return run.pass ? 0 : 1;
    } finally {
      store?.close();
      await pool.close();
    }
  },
};
