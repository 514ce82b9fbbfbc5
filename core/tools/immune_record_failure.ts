/**
 * `immune_record_failure`: records a failure in the learned memory, so a similar action or
 * prompt is flagged next time (core/memory/learn.ts).
 *
 * @module
 */

import { z } from "zod";
import { TaskorchError } from "../errors.ts";
import { learnFailure } from "../memory/learn.ts";
import { CATEGORIES } from "../verdict.ts";
import { patternSummarySchema } from "./memory_schemas.ts";
import { defineTool } from "./tool.ts";

/** The `immune_record_failure` tool. */
export const immuneRecordFailure = defineTool({
  name: "immune_record_failure",
  title: "Record a failure so it is not repeated",
  description: [
    "Record a mistake in taskorch's memory of agent failures, right after you or the user notice",
    "it: a command that broke something, a package or path that did not exist, an API you made up,",
    "a success you claimed without evidence. Pass `text`: the action or prompt that failed, as it",
    "was (the command, the import, the claim); `category`; `description`: what went wrong;",
    "`suggestion`: what to do instead next time. Later, immune_check and the hooks warn when a",
    "similar action or prompt comes up (paths, numbers and quoted strings may differ). Recording",
    "the same failure again counts it (`occurrences`) instead of adding a duplicate; a recurring,",
    "highly similar failure then needs a human's approval. `scope`: project (default when `cwd` is",
    "given: this workspace only) or global (every project).",
  ].join(" "),
  input: {
    category: z.enum(CATEGORIES).describe("What kind of failure"),
    text: z.string().min(1).max(8192).describe(
      "The action or prompt that failed, as it was: a command, code, a prompt, a claim",
    ),
    description: z.string().max(2000).optional().describe("What went wrong, in a sentence"),
    suggestion: z.string().max(2000).optional().describe("What to do instead next time"),
    scope: z.enum(["project", "global"]).optional().describe(
      "project: only in `cwd`; global: everywhere. Default: project when cwd is given",
    ),
    cwd: z.string().optional().describe("The workspace the failure happened in"),
    evidence: z.string().max(2000).optional().describe(
      "Where to see it: a transcript path and tool_use_id, a log, a URL",
    ),
    tool: z.string().optional().describe("The tool that failed, e.g. Bash"),
  },
  output: {
    created: z.boolean().describe("True for a new pattern; false when it recurred"),
    pattern: patternSummarySchema,
  },
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: false,
  },
  async run(args, { withStore }) {
    if (!withStore) {
      throw new TaskorchError(
        "STORE_OPEN_FAILED",
        "immune_record_failure: this server has no store, so nothing was recorded",
      );
    }
    const { created, pattern } = await withStore((store) =>
      learnFailure(store, {
        category: args.category,
        text: args.text,
        description: args.description,
        suggestion: args.suggestion,
        scope: args.scope,
        cwd: args.cwd,
        evidence: args.evidence,
        tool: args.tool,
        source: "manual",
      })
    );
    const { features: _features, ...summary } = pattern;
    return { created, pattern: summary };
  },
  summarize(result) {
    const p = result.pattern;
    return `${result.created ? "Recorded a new" : "Counted a recurring"} failure pattern ${p.id} ` +
      `[${p.category}, ${p.scope}], seen ${p.occurrences} time(s): ${p.text.slice(0, 160)}`;
  },
});
