/**
 * Where taskorch keeps its files: `TASKORCH_HOME`, or `~/.taskorch`.
 *
 * @module
 */

import { join } from "node:path";
import { TaskorchError } from "./errors.ts";

/** Returns taskorch's home folder (not created here). */
export function taskorchHome(): string {
  const explicit = Deno.env.get("TASKORCH_HOME");
  if (explicit) return explicit;
  const home = Deno.env.get("HOME") ?? Deno.env.get("USERPROFILE");
  if (!home) {
    throw new TaskorchError(
      "STORE_OPEN_FAILED",
      "Cannot find taskorch's home folder: neither TASKORCH_HOME nor HOME is set",
    );
  }
  return join(home, ".taskorch");
}
