/**
 * An example guard: asks before a Bash command runs anything with `sudo` (or `doas`). The
 * smallest useful guard, written with the public SDK exactly as a third party would; the
 * "Write your first guard in five minutes" section of the README walks through it.
 *
 * @module
 */

import { defineGuard, type GuardFinding } from "@taskorch/mcp/plugin";
import { z } from "zod";

const options = z.object({
  /** Programs that escalate privileges (default `sudo` and `doas`). */
  programs: z.array(z.string().min(1)).min(1).default(["sudo", "doas"]),
}).strict();

/** The guard's options, parsed. */
export type NoSudoOptions = z.infer<typeof options>;

/**
 * The programs each simple command of `command` starts with: the first word after
 * separators (`;`, `&&`, `||`, `|`, `&`, newlines, `(`), skipping `VAR=value` assignments.
 * Deliberately simple: an example, not a shell parser.
 *
 * @example
 * ```ts
 * import { programsOf } from "./no_sudo.ts";
 * console.assert(programsOf("cd x && FOO=1 sudo make install").join() === "cd,sudo");
 * ```
 */
export function programsOf(command: string): string[] {
  return command.split(/&&|\|\||[;|&\n()]/).map((part) =>
    part.trim().split(/\s+/).find((word) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) ?? ""
  ).filter((word) => word !== "");
}

export default defineGuard<NoSudoOptions>({
  meta: {
    name: "no-sudo",
    version: "1.0.0",
    description: "Asks before a Bash command runs something as root with sudo or doas.",
    permissions: {},
  },
  options,
  check(event, ctx) {
    if (event.tool_name !== "Bash") return { findings: [] };
    const command = String(event.tool_input?.command ?? "");
    const findings: GuardFinding[] = programsOf(command)
      .filter((program) => ctx.options.programs.includes(program.replace(/^.*\//, "")))
      .slice(0, 1)
      .map((program) => ({
        rule: "no-sudo.escalation",
        category: "destructive_command",
        severity: "high",
        action: "ask",
        message: `The command runs ${program}: it would act as root on this machine.`,
        suggestion: "Run it without root, or ask the user to run it themselves.",
      }));
    return { findings };
  },
});
