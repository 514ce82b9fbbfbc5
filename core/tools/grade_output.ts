/**
 * `grade_output`: grades an agent's output with taskorch's graders and learns from a failure.
 *
 * @module
 */

import { z } from "zod";
import { runGrade } from "../grading/service.ts";
import { CATEGORIES } from "../verdict.ts";
import { defineTool } from "./tool.ts";

const outcomeSchema = z.object({
  grader: z.string(),
  status: z.enum(["graded", "error", "skipped"]).describe(
    "error: the grader failed to grade (crash, timeout); skipped: its inputs were absent",
  ),
  pass: z.boolean(),
  score: z.number().describe("0 to 1"),
  reason: z.string(),
  evidence: z.array(z.string()),
  cost: z.number().describe("US dollars"),
  category: z.enum(CATEGORIES).describe("What a failure of this grader is learned as"),
  threshold: z.number().optional().describe("The configured score threshold that decided pass"),
  reducedAssurance: z.string().optional(),
  ms: z.number(),
});

/** The `grade_output` tool. */
export const gradeOutputTool = defineTool({
  name: "grade_output",
  title: "Grade an agent's output",
  description: [
    "Grade an output (an answer, a final message, a diff, generated code or JSON) before you",
    "rely on it or report it as done. Deterministic graders: non-empty, length, json (with",
    "options.schema), regex, contains (the expected answer), syntax (TS/JS/JSON/YAML, fenced",
    "blocks), paths-exist (referenced files exist in `cwd`), claims and tests-ran (success",
    "claims and test runs checked against the Claude Code `transcript_path`), diff-sanity (no",
    "deleted tests, skip/only or weakened assertions); plus configured grader plugins and, when",
    "the operator configured graders.judge, LLM judges: rubric (the output against `task`),",
    "instructions (each instruction of `task` followed), faithfulness and hallucination (the",
    "output's claims against `context`); their provider calls are costed (`cost`) and, when the",
    "provider's breaker is open, skipped with `reducedAssurance` while the deterministic graders",
    "decide. Name graders in `graders`, or let the inputs choose. Returns `pass` under the",
    "configured policy, `score`, and each grader's pass, score, reason and evidence. A failed",
    "grade with a `task` is learned, so a similar task is warned next time. On pass false, fix what the",
    "reasons say before claiming success.",
  ].join(" "),
  input: {
    output: z.string().describe("The output to grade"),
    task: z.string().optional().describe("What the agent was asked to do"),
    expected: z.string().optional().describe("The expected answer, if known"),
    context: z.string().optional().describe("Sources the output must be faithful to"),
    transcript_path: z.string().optional().describe(
      "A Claude Code transcript (JSONL): evidence for claims and tests-ran",
    ),
    cwd: z.string().optional().describe("The workspace the output refers to (default: server's)"),
    graders: z.array(z.string()).optional().describe("Graders by name (default: by the inputs)"),
    learn: z.boolean().optional().describe("Learn a failed grade in the memory (default true)"),
    session_id: z.string().optional().describe("The agent session, for the LLM judges' costs"),
  },
  output: {
    pass: z.boolean(),
    score: z.number(),
    policy: z.enum(["all", "any", "weighted", "required"]),
    reason: z.string(),
    graders: z.array(outcomeSchema),
    cost: z.number().describe("US dollars spent by LLM judges (the cost ledger's figure)"),
    reducedAssurance: z.string().optional().describe(
      "Present when a grader could not grade or an LLM judge was skipped (breaker open)",
    ),
    learned: z.array(z.object({
      grader: z.string(),
      pattern: z.string().optional(),
      created: z.boolean().optional(),
      error: z.string().optional(),
    })),
  },
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  async run(args, { withStore, providers }) {
    const { learn, session_id, ...request } = args;
    return await runGrade(request, {
      withStore,
      learn,
      ...(providers !== undefined ? { providers } : {}),
      ...(session_id !== undefined ? { session: session_id } : {}),
    });
  },
  summarize(run) {
    const head = `${run.pass ? "PASS" : "FAIL"} (score ${
      run.score.toFixed(2)
    }, policy ${run.policy}${run.cost > 0 ? `, cost $${run.cost.toFixed(4)}` : ""}): ${run.reason}`;
    const lines = run.graders.map((g) =>
      `- ${g.grader}: ${g.status === "graded" ? (g.pass ? "pass" : "fail") : g.status} ` +
      `(${g.score.toFixed(2)}) ${g.reason}` +
      g.evidence.slice(0, 3).map((e) => `\n    ${e}`).join("")
    );
    const tail = [
      ...(run.reducedAssurance ? [run.reducedAssurance] : []),
      ...(run.learned.length > 0
        ? [`learned: ${run.learned.map((l) => l.pattern ?? `(${l.error})`).join(", ")}`]
        : []),
    ];
    return [head, ...lines, ...tail].join("\n");
  },
});
