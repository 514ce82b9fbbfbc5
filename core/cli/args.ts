/**
 * Small helpers shared by the CLI commands: argument parsing with clear usage errors,
 * and the shape every command has.
 *
 * @module
 */

import { parseArgs, type ParseArgsConfig } from "node:util";
import { errorMessage, TaskorchError } from "../errors.ts";

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
  /** One line for the command list. */
  summary: string;
  /** The full `--help` text. */
  help: string;
  /** Runs it and returns the exit code. */
  run(args: string[], io: CliIO): Promise<number>;
}

/** Parses flags, turning node's parse errors into a `CLI_USAGE` error that names the command. */
export function parseFlags<T extends NonNullable<ParseArgsConfig["options"]>>(
  command: string,
  args: string[],
  options: T,
  allowPositionals = false,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { ...options, help: { type: "boolean", short: "h" } },
      allowPositionals,
      strict: true,
    });
    return { values: values as Record<string, string | boolean | undefined>, positionals };
  } catch (error) {
    throw new TaskorchError(
      "CLI_USAGE",
      `taskorch ${command}: ${errorMessage(error)}. Run "taskorch ${command} --help".`,
    );
  }
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
