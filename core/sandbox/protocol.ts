/**
 * The wire between the host and a plugin's runner process: JSON lines. Frames from the
 * runner start with {@linkcode FRAME_PREFIX} (and a newline before it, so a plugin's
 * partial line on stdout cannot swallow a frame); any other stdout line is the plugin's
 * own output, reported and ignored.
 *
 * @module
 */

/** The start of every runner-to-host frame on stdout: an ASCII record separator and a tag. */
export const FRAME_PREFIX = "\u001etaskorch:";

/** Host to runner: the first line, with the operator's options for the plugin. */
export interface InitMessage {
  /** The message type. */
  t: "init";
  /** Options, validated by the plugin's own schema. */
  options: unknown;
}

/** Host to runner: call the plugin's behaviour function. */
export interface CallMessage {
  /** The message type. */
  t: "call";
  /** Unique per process; the answer carries it back. */
  id: number;
  /** The input (event, grader input or completion request). */
  input: unknown;
}

/** Host to runner: the host gave up on a call; abort its signal. */
export interface CancelMessage {
  /** The message type. */
  t: "cancel";
  /** The call's id. */
  id: number;
}

/** Any host-to-runner message. */
export type HostMessage = InitMessage | CallMessage | CancelMessage;

/** Runner to host: the plugin loaded; its meta, or why it cannot serve. */
export interface HelloMessage {
  /** The message type. */
  t: "hello";
  /** The plugin's meta as its module declares it (validated by the host). */
  meta?: unknown;
  /** Set when the module or its options are unusable. */
  error?: string;
}

/** Runner to host: a call's answer. */
export interface ResultMessage {
  /** The message type. */
  t: "result";
  /** The call's id. */
  id: number;
  /** What the behaviour function returned (validated by the host). */
  value: unknown;
}

/** Runner to host: a call threw. */
export interface ErrorMessage {
  /** The message type. */
  t: "error";
  /** The call's id. */
  id: number;
  /** What the plugin threw, as text. */
  message: string;
}

/** Any runner-to-host message. */
export type RunnerMessage = HelloMessage | ResultMessage | ErrorMessage;

/**
 * Encodes a runner frame.
 *
 * @example
 * ```ts
 * import { decodeFrame, encodeFrame } from "./protocol.ts";
 * const frame = encodeFrame({ t: "result", id: 1, value: 2 });
 * console.assert(decodeFrame(frame.trim())?.t === "result");
 * ```
 */
export function encodeFrame(message: RunnerMessage): string {
  return `\n${FRAME_PREFIX}${JSON.stringify(message)}\n`;
}

/**
 * Decodes one stdout line: the message when it is a well-formed frame, `undefined` when
 * it is not a frame at all (plugin output), and throws when a frame is malformed.
 */
export function decodeFrame(line: string): RunnerMessage | undefined {
  if (!line.startsWith(FRAME_PREFIX)) return undefined;
  const value = JSON.parse(line.slice(FRAME_PREFIX.length));
  if (typeof value !== "object" || value === null || typeof value.t !== "string") {
    throw new SyntaxError(`frame without a type: ${line.slice(0, 200)}`);
  }
  return value as RunnerMessage;
}
