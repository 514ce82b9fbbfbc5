/**
 * The evidence ledger: what a Claude Code session actually did, read from its transcript.
 * Which commands ran and how they ended, which files were written, edited or deleted and
 * when, which tests, builds, lints and type checks ran, over what, and with what result.
 * Built in one streaming pass: memory grows with the number of tool calls (each kept
 * with a bounded output tail), never with the transcript's size.
 *
 * @module
 */

import { normalize } from "../posix_path.ts";
import { parseShell } from "../shell/parse.ts";
import { type CheckKind, classifySimple, type CommandCheck } from "./command_kind.ts";
import { parseTestCounts } from "./test_output.ts";
import {
  blocksOf,
  emptyStats,
  readTranscript,
  resultText,
  type TranscriptEntry,
  type TranscriptStats,
} from "./transcript.ts";

/** How a command ended. `unknown`: no result in the transcript (still running, or cut). */
export type CommandStatus = "ok" | "failed" | "interrupted" | "unknown";

/** One Bash command the agent ran. */
export interface LedgerCommand {
  /** Order in the transcript (the tool call's position); later calls have larger numbers. */
  seq: number;
  /** When the call was made (ISO 8601), if the transcript says. */
  timestamp?: string;
  /** The tool call's id. */
  toolUseId: string;
  /** The command line (the first 4,000 characters). */
  command: string;
  /** The folder it ran in. */
  cwd?: string;
  /** How it ended. */
  status: CommandStatus;
  /** The exit code, when known. */
  exitCode?: number;
  /** The last 2,000 characters of its standard output (or the whole result text). */
  stdoutTail: string;
  /** The last 2,000 characters of its standard error. */
  stderrTail: string;
  /** What it checks (tests, build, lint, type check); empty for other commands. */
  checks: CommandCheck[];
  /** True when the agent ran it as a subagent (Task tool). */
  sidechain?: boolean;
}

/** What happened to a file. `write`: written, not known whether it existed before. */
export type FileAction = "create" | "edit" | "write" | "delete";

/** One change to a file. */
export interface FileChange {
  /** Order in the transcript. */
  seq: number;
  /** When (ISO 8601), if known. */
  timestamp?: string;
  /** The path, absolute when the transcript gives a folder to resolve it against. */
  path: string;
  /** What happened. */
  action: FileAction;
  /** The tool that did it: `Write`, `Edit`, `MultiEdit`, `NotebookEdit`, or `Bash`. */
  tool: string;
  /** False when the tool reported an error (the change did not happen). */
  ok: boolean;
}

/** One run of a checking command: a test run, build, lint or type check. */
export interface CheckRun extends CommandCheck {
  /** Order in the transcript. */
  seq: number;
  /** When (ISO 8601), if known. */
  timestamp?: string;
  /** The whole command line. */
  command: string;
  /** `passed`, `failed` (non-zero exit or failing tests), `interrupted`, or `unknown`. */
  result: "passed" | "failed" | "interrupted" | "unknown";
  /** Tests passed, from the output (test runs). */
  passed?: number;
  /** Tests failed, from the output (test runs). */
  failed?: number;
  /** The runner's summary line, when found. */
  summary?: string;
}

/** Everything the transcript shows the session did. */
export interface Ledger {
  /** Bash commands, in order. */
  commands: LedgerCommand[];
  /** File changes, in order. */
  files: FileChange[];
  /** Test runs, builds, lints and type checks, in order. */
  checks: CheckRun[];
  /** The text of the last assistant message of the main agent. */
  lastAssistantText?: string;
  /** The session's working folder (the last one the transcript names). */
  cwd?: string;
  /** Tokens used, summed over distinct assistant messages. */
  usage: { inputTokens: number; outputTokens: number };
  /** What reading skipped. */
  stats: TranscriptStats;
}

const TAIL = 2000;
const FILE_TOOLS: Record<string, string> = {
  Write: "file_path",
  Edit: "file_path",
  MultiEdit: "file_path",
  NotebookEdit: "notebook_path",
};

/**
 * A fresh copy of a piece of a string. V8 keeps a slice pointing into its parent, so a
 * 2 KB tail of a 5 MB output would otherwise hold all 5 MB for as long as the ledger.
 */
function detached(piece: string): string {
  return JSON.parse(JSON.stringify(piece));
}

function tail(text: string): string {
  return text.length > TAIL ? detached(text.slice(-TAIL)) : text;
}

function resolveIn(path: string, ...folders: (string | undefined)[]): string {
  if (path.startsWith("/")) return normalize(path);
  if (path.startsWith("~")) return path;
  let base = "";
  for (let i = folders.length - 1; i >= 0; i--) {
    const folder = folders[i];
    if (!folder) continue;
    base = base ? `${folder}/${base}` : folder;
    if (folder.startsWith("/")) break;
  }
  return normalize(base ? `${base}/${path}` : path);
}

interface Pending {
  seq: number;
  timestamp?: string;
  name: string;
  input: Record<string, unknown>;
  cwd?: string;
  sidechain?: boolean;
}

/** Builds a ledger incrementally, one transcript entry at a time. */
export class LedgerBuilder {
  /** The ledger so far. */
  readonly ledger: Ledger;
  #pending = new Map<string, Pending>();
  #seq = 0;
  #messageId?: string;
  #texts: string[] = [];
  #toolResultSinceText = false;
  #usageSeen = new Set<string>();

  /** Starts an empty ledger; `stats` is filled by the reader. */
  constructor(stats: TranscriptStats = emptyStats()) {
    this.ledger = {
      commands: [],
      files: [],
      checks: [],
      usage: { inputTokens: 0, outputTokens: 0 },
      stats,
    };
  }

  /** Adds one transcript entry. */
  add(entry: TranscriptEntry): void {
    if (typeof entry.cwd === "string" && !entry.isSidechain) this.ledger.cwd = entry.cwd;
    if (entry.type === "assistant") this.#assistant(entry);
    else if (entry.type === "user") this.#user(entry);
  }

  /** Finishes: calls with no result become `unknown` commands. Returns the ledger. */
  finish(): Ledger {
    for (const [id, call] of this.#pending) this.#settle(id, call, undefined, undefined);
    this.#pending.clear();
    if (this.#texts.length > 0) this.ledger.lastAssistantText = this.#texts.join("\n\n");
    return this.ledger;
  }

  #assistant(entry: TranscriptEntry): void {
    const message = entry.message;
    const id = message?.id;
    if (id && message?.usage && !this.#usageSeen.has(id)) {
      this.#usageSeen.add(id);
      const u = message.usage;
      this.ledger.usage.inputTokens += typeof u.input_tokens === "number" ? u.input_tokens : 0;
      this.ledger.usage.outputTokens += typeof u.output_tokens === "number" ? u.output_tokens : 0;
    }
    for (const block of blocksOf(entry)) {
      const seq = ++this.#seq;
      if (block.type === "text" && typeof block.text === "string" && !entry.isSidechain) {
        if (this.#toolResultSinceText || (id !== undefined && id !== this.#messageId)) {
          this.#texts = [];
          this.#toolResultSinceText = false;
        }
        this.#messageId = id;
        if (block.text.trim() !== "") this.#texts.push(block.text);
      } else if (block.type === "tool_use" && typeof block.id === "string") {
        this.#pending.set(block.id, {
          seq,
          timestamp: entry.timestamp,
          name: block.name ?? "",
          input: block.input && typeof block.input === "object" ? block.input : {},
          cwd: typeof entry.cwd === "string" ? entry.cwd : this.ledger.cwd,
          sidechain: entry.isSidechain === true || undefined,
        });
      }
    }
  }

  #user(entry: TranscriptEntry): void {
    const results = blocksOf(entry).filter((b) => b.type === "tool_result");
    for (const block of results) {
      const id = block.tool_use_id;
      if (typeof id !== "string") continue;
      const call = this.#pending.get(id);
      if (!call) continue;
      this.#pending.delete(id);
      if (!call.sidechain) this.#toolResultSinceText = true;
      this.#settle(id, call, block, results.length === 1 ? entry.toolUseResult : undefined);
    }
  }

  #settle(
    id: string,
    call: Pending,
    block: { is_error?: boolean; content?: unknown } | undefined,
    structured: unknown,
  ): void {
    const isError = block?.is_error === true;
    const path = FILE_TOOLS[call.name];
    if (path !== undefined) {
      const target = call.input[path];
      if (typeof target !== "string" || target === "") return;
      let action: FileAction = call.name === "Write" ? "write" : "edit";
      const kind = (structured as { type?: unknown } | undefined)?.type;
      if (call.name === "Write" && kind === "create") action = "create";
      if (call.name === "Write" && kind === "update") action = "edit";
      this.ledger.files.push({
        seq: call.seq,
        timestamp: call.timestamp,
        path: resolveIn(target, call.cwd),
        action,
        tool: call.name,
        ok: block !== undefined && !isError,
      });
      return;
    }
    if (call.name !== "Bash" || typeof call.input.command !== "string") return;
    this.#bash(id, call, call.input.command, block, structured, isError);
  }

  #bash(
    id: string,
    call: Pending,
    command: string,
    block: { is_error?: boolean; content?: unknown } | undefined,
    structured: unknown,
    isError: boolean,
  ): void {
    const text = block ? resultText(block.content) : "";
    const result = structured && typeof structured === "object"
      ? structured as { stdout?: unknown; stderr?: unknown; interrupted?: unknown }
      : {};
    const stdout = typeof result.stdout === "string" ? result.stdout : text;
    const stderr = typeof result.stderr === "string" ? result.stderr : "";
    const exit = text.match(/(?:^|\n)(?:Error: )?Exit code (\d+)/);
    let status: CommandStatus = block === undefined ? "unknown" : isError ? "failed" : "ok";
    if (
      result.interrupted === true || /\[Request interrupted by user/.test(text) ||
      (isError && /doesn't want to proceed|was rejected/.test(text))
    ) status = "interrupted";
    const parsed = parseShell(command).commands;
    const checks = parsed.flatMap(classifySimple);
    const entry: LedgerCommand = {
      seq: call.seq,
      timestamp: call.timestamp,
      toolUseId: id,
      command: command.length > 4000 ? detached(command.slice(0, 4000)) : command,
      cwd: call.cwd,
      status,
      exitCode: exit ? Number(exit[1]) : status === "ok" ? 0 : undefined,
      stdoutTail: tail(stdout),
      stderrTail: tail(stderr),
      checks,
      sidechain: call.sidechain,
    };
    this.ledger.commands.push(entry);
    const output = `${stdout}\n${stderr}`;
    for (const check of checks) this.ledger.checks.push(checkRun(entry, check, output));
    if (status === "ok") this.#shellFiles(entry, parsed);
  }

  /** Files a successful shell command created, changed or removed. */
  #shellFiles(entry: LedgerCommand, parsed: ReturnType<typeof parseShell>["commands"]): void {
    const add = (path: string, action: FileAction, folder?: string): void => {
      if (path === "" || path.startsWith("-") || path.startsWith("/dev/")) return;
      this.ledger.files.push({
        seq: entry.seq,
        timestamp: entry.timestamp,
        path: resolveIn(path, entry.cwd, folder),
        action,
        tool: "Bash",
        ok: true,
      });
    };
    for (const c of parsed) {
      const operands = c.args.filter((a) => !a.startsWith("-"));
      if (c.program === "rm" || c.program === "unlink" || c.program === "rimraf") {
        for (const p of operands) add(p, "delete", c.cwd);
      } else if (c.program === "git" && c.args[0] === "rm") {
        for (const p of operands.slice(1)) add(p, "delete", c.cwd);
      } else if (c.program === "mv" && operands.length >= 2) {
        for (const p of operands.slice(0, -1)) add(p, "delete", c.cwd);
        add(operands[operands.length - 1], "write", c.cwd);
      } else if ((c.program === "cp" || c.program === "touch") && operands.length > 0) {
        const targets = c.program === "cp" ? operands.slice(-1) : operands;
        for (const p of targets) add(p, c.program === "touch" ? "create" : "write", c.cwd);
      } else if (c.program === "sed" && c.args.some((a) => /^-[a-zA-Z]*i/.test(a))) {
        for (const p of operands.slice(1)) add(p, "edit", c.cwd);
      }
      for (const r of c.redirects) {
        if ((r.op === ">" || r.op === ">>" || r.op === ">|" || r.op === "&>") && r.fd !== 2) {
          if (!/^\d$/.test(r.target)) add(r.target, "write", c.cwd);
        }
      }
    }
  }
}

function checkRun(command: LedgerCommand, check: CommandCheck, output: string): CheckRun {
  const run: CheckRun = {
    ...check,
    seq: command.seq,
    timestamp: command.timestamp,
    command: command.command,
    result: command.status === "ok"
      ? "passed"
      : command.status === "failed"
      ? "failed"
      : command.status,
  };
  if (check.kind !== "test") return run;
  const counts = parseTestCounts(output);
  if (counts.passed !== undefined) run.passed = counts.passed;
  if (counts.failed !== undefined) run.failed = counts.failed;
  if (counts.summary !== undefined) run.summary = counts.summary;
  if (run.result === "interrupted" || run.result === "unknown") return run;
  // Counts outrank the exit status: `deno test | tail` exits 0 whatever the tests did,
  // and in `deno test && deno lint` a lint failure is not a test failure.
  if ((counts.failed ?? 0) > 0) run.result = "failed";
  else if (counts.failed === 0 && (counts.passed ?? 1) > 0) run.result = "passed";
  return run;
}

/** The checks of a kind, in order. */
export function checksOf(ledger: Ledger, kind: CheckKind): CheckRun[] {
  return ledger.checks.filter((c) => c.kind === kind);
}

/**
 * Reads a transcript file into a ledger, streaming it.
 *
 * @example
 * ```ts ignore
 * import { readLedger } from "./ledger.ts";
 * const ledger = await readLedger("/home/me/.claude/projects/p/session.jsonl");
 * console.log(ledger.checks.filter((c) => c.kind === "test"));
 * ```
 */
export async function readLedger(path: string): Promise<Ledger> {
  const stats = emptyStats();
  const builder = new LedgerBuilder(stats);
  for await (const entry of readTranscript(path, stats)) builder.add(entry);
  return builder.finish();
}

/**
 * Builds a ledger from entries already in memory (tests, small transcripts).
 *
 * @example
 * ```ts
 * import { ledgerOf } from "./ledger.ts";
 * const ledger = ledgerOf([
 *   { type: "assistant", message: { content: [{ type: "tool_use", id: "t1", name: "Bash", input: { command: "deno test" } }] } },
 *   { type: "user", message: { content: [{ type: "tool_result", tool_use_id: "t1", content: "ok | 3 passed | 0 failed" }] } },
 * ]);
 * console.assert(ledger.checks[0].result === "passed" && ledger.checks[0].passed === 3);
 * ```
 */
export function ledgerOf(entries: Iterable<TranscriptEntry>): Ledger {
  const builder = new LedgerBuilder();
  for (const entry of entries) builder.add(entry);
  return builder.finish();
}
