/**
 * `taskorch learn`: records a failure in the learned memory from the command line.
 *
 * @module
 */

import { TaskorchError } from "../errors.ts";
import { learnFailure } from "../memory/learn.ts";
import { openStore } from "../store.ts";
import { CATEGORIES, isCategory } from "../verdict.ts";
import { type Command, parseFlags, write } from "./args.ts";

/** The `learn` command. */
export const learnCommand: Command = {
  name: "learn",
  help: `Usage: taskorch learn --category C --text T [--description D] [--suggestion S]
                      [--scope project|global] [--cwd DIR] [--evidence E] [--kv PATH] [--json]

Records a failure in taskorch's memory: later, a similar tool call or prompt gets a
warning (paths, numbers and quoted strings may differ); a highly similar failure
recorded twice or more asks a human. Recording the same failure again counts it.

Options:
  --category C     One of: ${CATEGORIES.join(", ")}
  --text T         The command, prompt or claim that failed, as it was
  --description D  What went wrong
  --suggestion S   What to do instead next time
  --scope S        project (this workspace only; the default) or global
  --cwd DIR        The workspace of a project pattern (default: the current folder)
  --evidence E     Where to see it: a transcript, a log, a URL
  --kv PATH        Store location (default $TASKORCH_KV or ~/.taskorch/taskorch.kv)
  --json           Print {"created", "pattern"} as JSON
  -h, --help       Show this help
`,
  async run(args, io) {
    const { values } = parseFlags("learn", args, {
      category: { type: "string" },
      text: { type: "string" },
      description: { type: "string" },
      suggestion: { type: "string" },
      scope: { type: "string" },
      cwd: { type: "string" },
      evidence: { type: "string" },
      kv: { type: "string" },
      json: { type: "boolean" },
    });
    if (values.help) return await write(io.stdout, this.help), 0;
    const category = values.category as string | undefined;
    const text = values.text as string | undefined;
    const scope = (values.scope as string | undefined) ?? "project";
    if (category === undefined || text === undefined) {
      throw new TaskorchError(
        "CLI_USAGE",
        `taskorch learn: --category and --text are required (got ${
          category === undefined ? "no --category" : `--category ${category}`
        } and ${text === undefined ? "no --text" : "a --text"}). Run "taskorch learn --help".`,
      );
    }
    if (!isCategory(category)) {
      throw new TaskorchError(
        "CLI_USAGE",
        `taskorch learn: --category must be one of ${CATEGORIES.join(", ")}; got "${category}"`,
      );
    }
    if (scope !== "project" && scope !== "global") {
      throw new TaskorchError(
        "CLI_USAGE",
        `taskorch learn: --scope must be project or global; got "${scope}"`,
      );
    }
    using store = await openStore({ path: values.kv as string | undefined });
    const { created, pattern } = await learnFailure(store, {
      category,
      text,
      description: values.description as string | undefined,
      suggestion: values.suggestion as string | undefined,
      scope,
      cwd: scope === "project" ? (values.cwd as string | undefined) ?? Deno.cwd() : undefined,
      evidence: values.evidence as string | undefined,
      source: "manual",
    });
    if (values.json) {
      await write(io.stdout, JSON.stringify({ created, pattern }) + "\n");
    } else {
      await write(
        io.stdout,
        `${created ? "learned a new" : "counted a recurring"} failure pattern ${pattern.id} ` +
          `[${pattern.category}, ${pattern.scope}${
            pattern.cwd ? ` ${pattern.cwd}` : ""
          }]: seen ${pattern.occurrences} time(s)\n`,
      );
    }
    return 0;
  },
};
