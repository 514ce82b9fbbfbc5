/**
 * Typed errors. Every error taskorch raises on purpose is a {@linkcode TaskorchError}
 * with a stable `code`, so callers (the CLI, the MCP server, hooks) can react to the
 * kind of failure without parsing messages.
 *
 * @module
 */

/** Stable error codes. Extend deliberately: users and tests match on them. */
export type ErrorCode =
  | "EVENT_INVALID"
  | "STORE_OPEN_FAILED"
  | "STORE_LOCKED"
  | "STORE_CONFLICT"
  | "STORE_WRITE_FAILED"
  | "STORE_READ_FAILED"
  | "HOME_UNSET"
  | "TOKEN_FAILED"
  | "CLI_USAGE"
  | "RULE_PACK_INVALID"
  | "CONFIG_INVALID"
  | "INPUT_INVALID"
  | "PLUGIN_INVALID"
  | "PLUGIN_PERMISSION_DENIED"
  | "PLUGIN_START_FAILED"
  | "PLUGIN_TIMEOUT"
  | "PLUGIN_CRASHED"
  | "PLUGIN_BROKEN"
  | "PLUGIN_CALL_FAILED"
  | "PLUGIN_CLOSED"
  | "PLUGIN_CACHE_FAILED"
  | "PRICE_TABLE_INVALID"
  | "BUDGET_EXCEEDED"
  | "PROVIDER_FAILED"
  | "BREAKER_OPEN"
  | "GRADER_FAILED"
  | "INBOX_NOT_FOUND"
  | "INBOX_ALREADY_DECIDED"
  | "INBOX_FORBIDDEN";

/**
 * The base error: a code plus a message that says what failed and the state.
 *
 * @example
 * ```ts
 * import { TaskorchError } from "./errors.ts";
 * const error = new TaskorchError("CLI_USAGE", 'Unknown command "sevre"; did you mean "serve"?');
 * console.assert(error.code === "CLI_USAGE");
 * ```
 */
export class TaskorchError extends Error {
  /** The stable code of this kind of failure. */
  readonly code: ErrorCode;

  /** Creates an error with a code, a message and an optional cause. */
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "TaskorchError";
    this.code = code;
  }
}

/** Returns the message of any thrown value. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
