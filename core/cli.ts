/**
 * The command line: `taskorch <command> [options]`. Each command lives in
 * `core/cli/`; this file only dispatches and turns errors into exit codes.
 *
 * @module
 */

import { errorMessage, TaskorchError } from "./errors.ts";
import { type CliIO, type Command, write } from "./cli/args.ts";
import { NAME, VERSION } from "./version.ts";

/** A command in the list: loaded only when it runs, so each pays only for what it uses. */
export interface CommandEntry {
  /** Its name, e.g. `serve`. */
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Loads the command. */
  load(): Promise<Command>;
}

/** Every command, in help order. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: "serve",
    summary: "Serve the MCP tools over stdio (default) or Streamable HTTP",
    load: async () => (await import("./cli/serve.ts")).serveCommand,
  },
  {
    name: "check",
    summary: "Judge events: a command, a prompt, one hook payload, or a JSONL stream",
    load: async () => (await import("./cli/check.ts")).checkCommand,
  },
  {
    name: "hook",
    summary: "Claude Code hook: payload on stdin, hook output JSON on stdout",
    load: async () => (await import("./cli/hook.ts")).hookCommand,
  },
  {
    name: "init",
    summary: "Install taskorch's hooks and MCP server in Claude Code (init claude)",
    load: async () => (await import("./cli/init.ts")).initCommand,
  },
  {
    name: "scan",
    summary: "Replay recorded Claude Code sessions and show what would have been flagged",
    load: async () => (await import("./cli/scan.ts")).scanCommand,
  },
  {
    name: "rules",
    summary: "List rules, run packs' inline tests, or lint packs",
    load: async () => (await import("./cli/rules.ts")).rulesCommand,
  },
  {
    name: "plugins",
    summary: "List configured plugins, run one in its sandbox, or add one with its grant",
    load: async () => (await import("./cli/plugins.ts")).pluginsCommand,
  },
  {
    name: "learn",
    summary: "Record a failure in the learned memory, so a similar action is flagged next time",
    load: async () => (await import("./cli/learn.ts")).learnCommand,
  },
  {
    name: "grade",
    summary: "Grade an output with the graders (learns from a failure), or --calibrate thresholds",
    load: async () => (await import("./cli/grade.ts")).gradeCommand,
  },
  {
    name: "memory",
    summary: "See and share the learned memory: list, dashboard, export as a rule pack, import",
    load: async () => (await import("./cli/memory.ts")).memoryCommand,
  },
  {
    name: "inbox",
    summary: "The approval inbox: list, show, approve or reject actions waiting for a human",
    load: async () => (await import("./cli/inbox.ts")).inboxCommand,
  },
  {
    name: "cost",
    summary: "What LLM calls cost (taskorch's and the agent's), budgets, import Claude Code usage",
    load: async () => (await import("./cli/cost.ts")).costCommand,
  },
  {
    name: "version",
    summary: "Print taskorch's version",
    load: async () => (await import("./cli/version.ts")).versionCommand,
  },
];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const list = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join("\n");
  return `taskorch ${VERSION} (${NAME}): an immune system for coding agents

Usage: taskorch <command> [options]

Commands:
${list}

With no command, taskorch runs "serve". "taskorch <command> --help" tells more.
`;
}

function closest(name: string): string | undefined {
  const distance = (a: string, b: string): number => {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
      let previous = row[0];
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const next = Math.min(
          row[j] + 1,
          row[j - 1] + 1,
          previous + (a[i - 1] === b[j - 1] ? 0 : 1),
        );
        previous = row[j];
        row[j] = next;
      }
    }
    return row[b.length];
  };
  const best = COMMANDS.map((c) => ({ name: c.name, d: distance(name, c.name) }))
    .sort((x, y) => x.d - y.d)[0];
  return best && best.d <= 2 ? best.name : undefined;
}

/** The process's own streams. */
export function processIO(): CliIO {
  return {
    stdout: Deno.stdout.writable,
    stderr: Deno.stderr.writable,
    stdin: Deno.stdin.readable,
    stdinIsTerminal: Deno.stdin.isTerminal(),
  };
}

/**
 * Runs the CLI and returns the exit code: 0 on success, 2 on a usage error, 1 on any
 * other failure (each with a message on stderr).
 */
export async function main(args: string[], io: CliIO = processIO()): Promise<number> {
  const [first, ...rest] = args;
  if (first === "--help" || first === "-h" || first === "help") {
    await write(io.stdout, usage());
    return 0;
  }
  if (first === "--version" || first === "-V") {
    return await (await COMMANDS.find((c) => c.name === "version")!.load()).run([], io);
  }
  const entry = first === undefined || first.startsWith("-")
    ? COMMANDS[0]
    : COMMANDS.find((c) => c.name === first);
  const commandArgs = first === undefined || first.startsWith("-") ? args : rest;
  if (!entry) {
    const hint = closest(first!);
    await write(
      io.stderr,
      `taskorch: unknown command "${first}"${
        hint ? `; did you mean "${hint}"?` : ""
      }\n\n${usage()}`,
    );
    return 2;
  }
  try {
    const command = await entry.load();
    return await command.run(commandArgs, io);
  } catch (error) {
    const code = error instanceof TaskorchError ? error.code : "INTERNAL";
    await write(io.stderr, `taskorch ${entry.name}: ${errorMessage(error)} [${code}]\n`);
    return code === "CLI_USAGE" || code === "INPUT_INVALID" ? 2 : 1;
  }
}
