/**
 * `taskorch check`: judges events from the command line. `--jsonl` reads one hook
 * payload per line and writes one result line per input line, in order (DESIGN.md,
 * contract 4); otherwise it judges one payload, or one `--prompt`, and prints the
 * whole verdict.
 *
 * @module
 */

import { errorMessage, TaskorchError } from "../errors.ts";
import { type AgentEvent, parseEvent, promptEvent } from "../event.ts";
import { lines } from "../lines.ts";
import { createRuntime } from "../runtime.ts";
import type { Engine } from "../engine.ts";
import { stricter } from "../risk.ts";
import { type Decision, DECISIONS, isDecision, type Verdict } from "../verdict.ts";

/** Formats a verdict for a person at a terminal. */
export function formatVerdict(verdict: Verdict): string {
  const lines = [`${verdict.decision.toUpperCase()}  risk ${verdict.risk}`];
  for (const f of verdict.findings) {
    lines.push(`  [${f.severity}] ${f.rule} (${f.category}${f.action ? `, ${f.action}` : ""})`);
    lines.push(`      ${f.message}`);
    if (f.suggestion) lines.push(`      suggestion: ${f.suggestion}`);
  }
  if (verdict.findings.length === 0) lines.push("  no findings");
  return lines.join("\n") + "\n";
}

function failed(decision: Decision, threshold: string): boolean {
  return DECISIONS.indexOf(decision) >= DECISIONS.indexOf(threshold as Decision);
}
import { type CliIO, type Command, parseFlags, readAll, write } from "./args.ts";

async function open(path: string, io: CliIO): Promise<ReadableStream<Uint8Array>> {
  if (path === "-") return io.stdin;
  try {
    return (await Deno.open(path, { read: true })).readable;
  } catch (error) {
    throw new TaskorchError("INPUT_INVALID", `Cannot read "${path}": ${errorMessage(error)}`);
  }
}

/** What a JSONL run saw. */
export interface JsonlSummary {
  /** Lines judged. */
  checked: number;
  /** Malformed lines. */
  errors: number;
  /** The strictest decision seen. */
  strictest: Decision;
}

/** Judges a JSONL stream, writing one result line per input line. */
export async function checkJsonl(
  engine: Engine,
  input: ReadableStream<Uint8Array>,
  output: WritableStream<Uint8Array>,
): Promise<JsonlSummary> {
  const writer = output.getWriter();
  const encoder = new TextEncoder();
  let buffer = "";
  let number = 0;
  let errors = 0;
  let checked = 0;
  let strictest: Decision = "allow";
  try {
    for await (const line of lines(input)) {
      number++;
      let result: unknown;
      try {
        if (line.trim() === "") throw new TaskorchError("INPUT_INVALID", "empty line");
        let raw: unknown;
        try {
          raw = JSON.parse(line);
        } catch (error) {
          throw new TaskorchError("INPUT_INVALID", `not JSON: ${errorMessage(error)}`);
        }
        const event = parseEvent(raw);
        const verdict = await engine.evaluate(event);
        checked++;
        strictest = stricter(strictest, verdict.decision);
        result = {
          id: (raw as Record<string, unknown>).id ?? null,
          decision: verdict.decision,
          risk: verdict.risk,
          findings: verdict.findings.map((f) => ({
            rule: f.rule,
            category: f.category,
            severity: f.severity,
            message: f.message,
          })),
        };
      } catch (error) {
        errors++;
        result = { line: number, error: errorMessage(error) };
      }
      buffer += JSON.stringify(result) + "\n";
      if (buffer.length > 64 * 1024) {
        await writer.write(encoder.encode(buffer));
        buffer = "";
      }
    }
    if (buffer) await writer.write(encoder.encode(buffer));
  } finally {
    writer.releaseLock();
  }
  return { checked, errors, strictest };
}

/** The `check` command. */
export const checkCommand: Command = {
  name: "check",
  help: `Usage: taskorch check --jsonl FILE|-      one payload per line, one result per line
       taskorch check [FILE|-]              one payload (a Claude Code hook JSON)
       taskorch check --command CMD         a Bash command, as PreToolUse
       taskorch check --prompt TEXT         a prompt, as UserPromptSubmit

Judges events with the same engine as the MCP tools and hooks, and prints the
verdict readably (--json for the whole verdict as JSON).

--jsonl output, one line per input line, in order:
  {"id", "decision", "risk", "findings": [{"rule", "category", "severity", "message"}]}
A malformed line gives {"line": N, "error": "..."} and processing goes on.

Options:
  --jsonl FILE|-   Read JSONL from FILE, or stdin with -
  --command CMD    Check a shell command (PreToolUse, tool Bash)
  --prompt TEXT    Check a prompt
  --cwd DIR        The workspace for --command/--prompt (default: here)
  --json           Print the verdict as JSON
  --pack PATH      Also load this rule pack (repeatable via config instead)
  --no-builtins    Do not load the built-in packs
  --kv PATH        Store location (default $TASKORCH_KV or ~/.taskorch/taskorch.kv)
  --fail-on D      Exit 1 when any decision is D or stricter (warn, ask, deny, block)
  -h, --help       Show this help

Exit status: 0, or 1 with --fail-on, or 2 for a usage error or unreadable input.
`,
  async run(args, io) {
    const { values, positionals } = parseFlags("check", args, {
      jsonl: { type: "string" },
      prompt: { type: "string" },
      command: { type: "string" },
      cwd: { type: "string" },
      json: { type: "boolean" },
      pack: { type: "string" },
      "no-builtins": { type: "boolean" },
      kv: { type: "string" },
      "fail-on": { type: "string" },
    }, true);
    if (values.help) return await write(io.stdout, this.help), 0;
    const failOn = values["fail-on"] as string | undefined;
    if (failOn !== undefined && (!isDecision(failOn) || failOn === "allow")) {
      throw new TaskorchError(
        "CLI_USAGE",
        `taskorch check: --fail-on must be one of warn, ask, deny, block, got "${failOn}"`,
      );
    }
    const given = [values.jsonl, values.prompt, values.command, positionals[0]]
      .filter((v) => v !== undefined);
    if (given.length > 1 || positionals.length > 1) {
      throw new TaskorchError(
        "CLI_USAGE",
        "taskorch check: give one input: --jsonl FILE|-, --command CMD, --prompt TEXT, or one FILE|-",
      );
    }
    const cwd = (values.cwd as string | undefined) ?? Deno.cwd();
    const runtime = await createRuntime({
      kv: values.kv as string | undefined,
      cwd,
      packs: values.pack ? [values.pack as string] : [],
      noBuiltins: Boolean(values["no-builtins"]),
    });
    for (const problem of runtime.problems) await write(io.stderr, `taskorch check: ${problem}\n`);
    try {
      if (values.jsonl !== undefined) {
        const summary = await checkJsonl(
          runtime.engine,
          await open(values.jsonl as string, io),
          io.stdout,
        );
        if (summary.errors > 0) {
          await write(io.stderr, `taskorch check: ${summary.errors} malformed line(s)\n`);
        }
        return failOn && failed(summary.strictest, failOn) ? 1 : 0;
      }
      let event: AgentEvent;
      if (values.prompt !== undefined) event = promptEvent(values.prompt as string, { cwd });
      else if (values.command !== undefined) {
        event = {
          hook_event_name: "PreToolUse",
          tool_name: "Bash",
          tool_input: { command: values.command as string },
          cwd,
        };
      } else {
        const text = await readAll(await open(positionals[0] ?? "-", io));
        try {
          event = parseEvent(JSON.parse(text));
        } catch (error) {
          if (error instanceof TaskorchError) throw error;
          throw new TaskorchError(
            "INPUT_INVALID",
            `The payload is not JSON: ${errorMessage(error)}`,
          );
        }
      }
      const verdict = await runtime.engine.evaluate(event);
      await write(
        io.stdout,
        values.json ? JSON.stringify(verdict, null, 2) + "\n" : formatVerdict(verdict),
      );
      return failOn && failed(verdict.decision, failOn) ? 1 : 0;
    } finally {
      await runtime.close();
    }
  },
};
