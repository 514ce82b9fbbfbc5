/**
 * Small helpers shared by the CLI commands: argument parsing with clear usage errors,
 * and the shape every command has.
 *
 * @module
 */

import { TaskorchError } from "../errors.ts";

/** Where a command writes: injectable so tests can capture output. */
export interface CliIO {
  /** Standard output (results). */
  stdout: WritableStream<Uint8Array>;
  /** Standard error (diagnostics). */
  stderr: WritableStream<Uint8Array>;
  /** Standard input. */
  stdin: ReadableStream<Uint8Array>;
  /** Whether stdin is a terminal (a person, not a client). */
  stdinIsTerminal: boolean;
}

/** One subcommand. */
export interface Command {
  /** Its name, e.g. `serve`. */
  name: string;
  /** The full `--help` text. */
  help: string;
  /** Runs it and returns the exit code. */
  run(args: string[], io: CliIO): Promise<number>;
}

/** A flag a command accepts. */
export interface FlagSpec {
  /** `string` takes a value (`--port 80`, `--port=80`); `boolean` does not. */
  type: "string" | "boolean";
  /** A one-letter alias, e.g. `h`. */
  short?: string;
}

/**
 * Parses flags (`--name value`, `--name=value`, `-x`, `--` ends flags). `-h`/`--help` is
 * always accepted. Unknown flags, missing values and unexpected positionals are a
 * `CLI_USAGE` error naming the command. (A small parser of our own: `node:util` would
 * add milliseconds to every hook process.)
 *
 * @example
 * ```ts
 * import { parseFlags } from "./args.ts";
 * const { values, positionals } = parseFlags("check", ["--json", "--cwd=/r", "x"], {
 *   json: { type: "boolean" },
 *   cwd: { type: "string" },
 * }, true);
 * console.assert(values.json === true && values.cwd === "/r" && positionals[0] === "x");
 * ```
 */
export function parseFlags(
  command: string,
  args: string[],
  options: Record<string, FlagSpec>,
  allowPositionals = false,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  const specs: Record<string, FlagSpec> = { ...options, help: { type: "boolean", short: "h" } };
  const shorts = new Map(
    Object.entries(specs).flatMap(([name, spec]) => (spec.short ? [[spec.short, name]] : [])),
  );
  const usage = (message: string): never => {
    throw new TaskorchError(
      "CLI_USAGE",
      `taskorch ${command}: ${message}. Run "taskorch ${command} --help".`,
    );
  };
  const values: Record<string, string | boolean | undefined> = {};
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--") {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith("-") && arg !== "-") {
      const long = arg.startsWith("--");
      const eq = arg.indexOf("=");
      const raw = long ? arg.slice(2, eq === -1 ? undefined : eq) : arg.slice(1);
      const name = long ? raw : shorts.get(raw);
      const spec = name === undefined ? undefined : specs[name];
      if (name === undefined || !spec) usage(`unknown option "${arg}"`);
      if (spec!.type === "boolean") {
        if (long && eq !== -1) usage(`option "--${name}" does not take a value`);
        values[name!] = true;
      } else if (long && eq !== -1) values[name!] = arg.slice(eq + 1);
      else if (i + 1 < args.length) values[name!] = args[++i];
      else usage(`option "${arg}" needs a value`);
      continue;
    }
    if (!allowPositionals) usage(`unexpected argument "${arg}"`);
    positionals.push(arg);
  }
  return { values, positionals };
}

/** Writes text to a stream without closing it. */
export async function write(stream: WritableStream<Uint8Array>, text: string): Promise<void> {
  const writer = stream.getWriter();
  try {
    await writer.write(new TextEncoder().encode(text));
  } finally {
    writer.releaseLock();
  }
}

/** Reads a whole stream as text. */
export async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return await new Response(stream).text();
}

/** Parses a port number flag. */
export function parsePort(
  command: string,
  value: string | boolean | undefined,
): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (typeof value !== "string" || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new TaskorchError(
      "CLI_USAGE",
      `taskorch ${command}: --port must be a whole number from 0 to 65535, got "${value}"`,
    );
  }
  return port;
}
