/**
 * `taskorch hook`: the Claude Code hook. Reads one payload on stdin, prints Claude
 * Code's hook output JSON and exits 0 (DESIGN.md, contract 5). A malformed payload gets
 * a precise message and a safe decision: fail open by default, so a broken payload
 * never wedges the agent; with `--fail-closed` (or `TASKORCH_FAIL_CLOSED=1`) a failure
 * to evaluate exits 2, which Claude Code treats as a block.
 *
 * @module
 */

import { errorMessage, TaskorchError } from "../errors.ts";
import { parseEvent } from "../event.ts";
import { answerHook, storePerUse } from "../hook_answer.ts";
import { journalRecorder } from "../memory/checks.ts";
import { createRuntime } from "../runtime.ts";
import { DEFAULT_STOP_BLOCK_LIMIT, parseStopBlockLimit } from "../stop_guard.ts";
import { type Command, parseFlags, readAll, write } from "./args.ts";

/** The `hook` command. */
export const hookCommand: Command = {
  name: "hook",
  help: `Usage: taskorch hook [--fail-closed] [--kv PATH] [--stop-block-limit N]

Reads one Claude Code hook payload (JSON) on stdin and prints Claude Code's hook
output: hookSpecificOutput.permissionDecision (ask or deny) before a tool runs,
decision "block" with a reason after a tool ran or at Stop, additionalContext for
warnings, and {} when there is nothing to say. PostToolUseFailure is recorded in
the store for the learned memory; SessionStart runs a self-test. Each judged
event is appended to the check journal beside the store for "taskorch memory
dashboard" (TASKORCH_RECORD_CHECKS=0 turns that off). A tool call judged "ask"
goes to the approval inbox as #ID: when the agent runs headless (claude -p, CI)
the call is denied with how to approve it ("taskorch inbox approve ID"), and the
retry of that exact call then passes once; interactively Claude Code asks as
usual (config inbox.mode, or TASKORCH_INBOX_MODE=auto|queue|ask). Always exits 0,
except:

Options:
  --fail-closed         If the payload is malformed or evaluation fails, print the
                        reason on stderr and exit 2 (Claude Code then blocks the
                        action). Also set by TASKORCH_FAIL_CLOSED=1. Default: fail
                        open, with the reason in systemMessage.
  --kv PATH             Store location (default $TASKORCH_KV or
                        ~/.taskorch/taskorch.kv)
  --stop-block-limit N  Consecutive Stop blocks per session before taskorch lets
                        the agent stop (default ${DEFAULT_STOP_BLOCK_LIMIT}; 0 never blocks at Stop).
                        Also TASKORCH_STOP_BLOCK_LIMIT.
  -h, --help            Show this help
`,
  async run(args, io) {
    const { values } = parseFlags("hook", args, {
      "fail-closed": { type: "boolean" },
      kv: { type: "string" },
      "stop-block-limit": { type: "string" },
    });
    if (values.help) return await write(io.stdout, this.help), 0;
    const limitText = (values["stop-block-limit"] as string | undefined) ??
      Deno.env.get("TASKORCH_STOP_BLOCK_LIMIT");
    const stopBlockLimit = parseStopBlockLimit(limitText);
    if (limitText !== undefined && stopBlockLimit === undefined) {
      throw new TaskorchError(
        "CLI_USAGE",
        `taskorch hook: --stop-block-limit (or TASKORCH_STOP_BLOCK_LIMIT) must be a whole number ≥ 0, got "${limitText}"`,
      );
    }
    const failClosed = Boolean(values["fail-closed"]) ||
      Deno.env.get("TASKORCH_FAIL_CLOSED") === "1";
    let stage = "read the payload";
    try {
      const text = await readAll(io.stdin);
      stage = "parse the payload";
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch (error) {
        throw new Error(
          text.trim() === "" ? "stdin was empty" : `it is not JSON: ${errorMessage(error)}`,
        );
      }
      const event = parseEvent(raw);
      stage = "evaluate the event";
      const kv = values.kv as string | undefined;
      const runtime = await createRuntime({
        kv,
        failClosed,
        cwd: event.cwd,
        // SessionStart's self-test judges tool calls, so it loads their rules.
        event: event.hook_event_name === "SessionStart" ? "PreToolUse" : event.hook_event_name,
      });
      try {
        const output = await answerHook(raw, {
          engine: runtime.engine,
          rules: runtime.packs.reduce((sum, pack) => sum + pack.rules.length, 0),
          problems: runtime.problems,
          withStore: storePerUse(async () => (await import("../store.ts")).openStore({ path: kv })),
          stopBlockLimit,
          // Check recording (issue 5); TASKORCH_RECORD_CHECKS=0 turns it off.
          recordCheck: Deno.env.get("TASKORCH_RECORD_CHECKS") === "0"
            ? undefined
            : journalRecorder(kv),
          // The approval inbox (issue 9): its settings are read only when a call is judged ask.
          inbox: {
            settings: async () =>
              (await import("../inbox/settings.ts")).inboxSettings(runtime.config),
          },
        });
        await write(io.stdout, JSON.stringify(output) + "\n");
      } finally {
        await runtime.close();
      }
      return 0;
    } catch (error) {
      const message = `taskorch hook could not ${stage}: ${errorMessage(error)}`;
      if (failClosed) {
        await write(io.stderr, `${message} (failing closed)\n`);
        return 2;
      }
      await write(
        io.stdout,
        JSON.stringify({ systemMessage: `${message}. The action was not checked.` }) + "\n",
      );
      return 0;
    }
  },
};
