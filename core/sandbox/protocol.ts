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
  /** Whether the host brokers a cache: the plugin's `ctx.cache` exists only then. */
  cache?: boolean;
}

/** Host to runner: call the plugin's behaviour function. */
export interface CallMessage {
  /** The message type. */
  t: "call";
  /** Unique per process; the answer carries it back. */
  id: number;
  /** The input (event, grader input or completion request). */
  input: unknown;
  /**
   * Options for this call only, laid over the operator's (a rule's `plugin:` matcher passes
   * its own); validated by the plugin's schema like the operator's.
   */
  options?: Record<string, unknown>;
}

/** Host to runner: the host gave up on a call; abort its signal. */
export interface CancelMessage {
  /** The message type. */
  t: "cancel";
  /** The call's id. */
  id: number;
}

/** Host to runner: the answer to a {@linkcode CacheMessage}. */
export interface CachedMessage {
  /** The message type. */
  t: "cached";
  /** The cache request's id. */
  id: number;
  /** The value read (`get`; absent when there is none). */
  value?: unknown;
  /** Why the request failed (reported by the host too). */
  error?: string;
}

/** Any host-to-runner message. */
export type HostMessage = InitMessage | CallMessage | CancelMessage | CachedMessage;

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

/**
 * Runner to host: the plugin's `ctx.cache` was used. The host serves it from its cache in the
 * plugin's own namespace and answers with a {@linkcode CachedMessage} carrying the same id.
 */
export interface CacheMessage {
  /** The message type. */
  t: "cache";
  /** Unique per process among cache requests (a space apart from call ids). */
  id: number;
  /** Read or write. */
  op: "get" | "set";
  /** The entry's key within the plugin's namespace. */
  key: string;
  /** The value to store (`set`). */
  value?: unknown;
  /** How long to keep it, in ms (`set`). */
  ttlMs?: number;
}

/** Any runner-to-host message. */
export type RunnerMessage = HelloMessage | ResultMessage | ErrorMessage | CacheMessage;

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
