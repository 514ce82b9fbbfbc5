/**
 * Whether the agent runs headless, with nobody at its prompt to answer an `ask`.
 *
 * Claude Code sets `CLAUDE_CODE_ENTRYPOINT` in its hooks' environment; checked with Claude
 * Code 2.1.197 by dumping a command hook's environment: `claude -p` gives `sdk-cli`, the
 * interactive terminal `cli`; the Agent SDKs use `sdk-ts` / `sdk-py`. The hook payload itself
 * is the same in both modes. So:
 *
 * 1. `TASKORCH_INBOX_MODE=queue|ask|auto` overrides the config's `inbox.mode` (set it in CI);
 * 2. in `auto`: `CLAUDE_CODE_ENTRYPOINT` starting with `sdk` → headless; any other value
 *    (`cli`, an IDE) → interactive; unset (another agent, or an HTTP hook, whose server does not
 *    see the agent's environment) → headless only when `CI` is set to a true value.
 *
 * @module
 */

import { TaskorchError } from "../errors.ts";
import type { InboxMode } from "./settings.ts";

/** Reads an environment variable (injectable for tests). */
export type EnvReader = (name: string) => string | undefined;

/** The process's environment, or nothing when env access is not granted. */
export const processEnv: EnvReader = (name) => {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
};

/**
 * The environment a long-lived server judges by (`POST /hook`): its own, without
 * `CLAUDE_CODE_ENTRYPOINT`, which belongs to whatever started the server, not to the agent
 * whose hook it answers. So over HTTP `auto` queues only with `CI` or `TASKORCH_INBOX_MODE`.
 */
export const serverEnv: EnvReader = (name) =>
  name === "CLAUDE_CODE_ENTRYPOINT" ? undefined : processEnv(name);

/**
 * Whether the agent whose hook this is runs headless (see the module doc).
 *
 * @example
 * ```ts
 * import { isHeadless } from "./headless.ts";
 * console.assert(isHeadless((n) => ({ CLAUDE_CODE_ENTRYPOINT: "sdk-cli" })[n]));
 * console.assert(!isHeadless((n) => ({ CLAUDE_CODE_ENTRYPOINT: "cli", CI: "true" })[n]));
 * console.assert(isHeadless((n) => ({ CI: "1" })[n]));
 * ```
 */
export function isHeadless(env: EnvReader = processEnv): boolean {
  const entry = env("CLAUDE_CODE_ENTRYPOINT");
  if (entry) return entry.startsWith("sdk");
  const ci = (env("CI") ?? "").toLowerCase();
  return ci !== "" && ci !== "0" && ci !== "false";
}

/**
 * The mode in force: `TASKORCH_INBOX_MODE` if set, else the configured one.
 *
 * @throws {TaskorchError} `CONFIG_INVALID` when `TASKORCH_INBOX_MODE` is not a mode.
 */
export function modeOverride(env: EnvReader = processEnv): InboxMode | undefined {
  const value = env("TASKORCH_INBOX_MODE");
  if (value === undefined || value === "") return undefined;
  if (value !== "auto" && value !== "queue" && value !== "ask") {
    throw new TaskorchError(
      "CONFIG_INVALID",
      `TASKORCH_INBOX_MODE must be auto, queue or ask, got "${value}"`,
    );
  }
  return value;
}

/**
 * Whether an ask is queued (the hook denies with the item's id) rather than asked in the
 * agent's prompt.
 *
 * @example
 * ```ts
 * import { queues } from "./headless.ts";
 * console.assert(queues("queue", false) && !queues("ask", true) && queues("auto", true));
 * ```
 */
export function queues(mode: InboxMode, headless: boolean): boolean {
  return mode === "queue" || (mode === "auto" && headless);
}
