/**
 * `taskorch scan`: replays recorded Claude Code sessions through the engine and prints
 * what would have been flagged, per session, and a summary.
 *
 * @module
 */

import { TaskorchError } from "../errors.ts";
import { join } from "../posix_path.ts";
import { createRuntime } from "../runtime.ts";
import { formatScan, scanTranscript, type SessionReport, summarize } from "../scan.ts";
import { isDecision } from "../verdict.ts";
import { type Command, parseFlags, write } from "./args.ts";

async function transcriptsIn(dir: string): Promise<string[]> {
  const files: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (entry.isFile && entry.name.endsWith(".jsonl")) files.push(join(dir, entry.name));
    }
  } catch (error) {
    throw new TaskorchError(
      "INPUT_INVALID",
      `taskorch scan: cannot read the folder "${dir}": ${(error as Error).message}`,
      { cause: error },
    );
  }
  return files.sort();
}

/** The `scan` command. */
export const scanCommand: Command = {
  name: "scan",
  help: `Usage: taskorch scan TRANSCRIPT.jsonl... [options]
       taskorch scan --claude-project DIR [options]

Replays recorded Claude Code sessions (their transcript JSONL files) through every
rule, as the hooks would have seen them: each prompt, each tool call before it ran,
each result, and the session's final answer. Prints, per session, the events that
would have been flagged and why, then a summary. Nothing is changed or recorded.

Claude Code keeps transcripts in ~/.claude/projects/<project>/<session>.jsonl.

Options:
  --claude-project DIR  Scan every *.jsonl in DIR (one Claude Code project folder)
  --min DECISION        Show events from this decision up: warn (default), ask,
                        deny or block
  --json                One JSON document: {sessions: [...], summary}
  --pack PATH           Also load this rule pack
  -h, --help            Show this help
`,
  async run(args, io) {
    const { values, positionals } = parseFlags("scan", args, {
      "claude-project": { type: "string" },
      min: { type: "string" },
      json: { type: "boolean" },
      pack: { type: "string" },
    }, true);
    if (values.help) return await write(io.stdout, this.help), 0;
    const min = (values.min as string | undefined) ?? "warn";
    if (!isDecision(min) || min === "allow") {
      throw new TaskorchError(
        "CLI_USAGE",
        `taskorch scan: --min must be one of warn, ask, deny, block, got "${min}"`,
      );
    }
    const files = [...positionals];
    if (values["claude-project"] !== undefined) {
      files.push(...await transcriptsIn(values["claude-project"] as string));
    }
    if (files.length === 0) {
      throw new TaskorchError(
        "CLI_USAGE",
        "taskorch scan: name transcript files or --claude-project DIR (see --help)",
      );
    }
    const runtime = await createRuntime({ packs: values.pack ? [values.pack as string] : [] });
    for (const problem of runtime.problems) await write(io.stderr, `taskorch scan: ${problem}\n`);
    try {
      const reports: SessionReport[] = [];
      for (const file of files) reports.push(await scanTranscript(runtime.engine, file, min));
      await write(
        io.stdout,
        values.json
          ? JSON.stringify({ sessions: reports, summary: summarize(reports) }, null, 2) + "\n"
          : formatScan(reports),
      );
      return 0;
    } finally {
      await runtime.close();
    }
  },
};
