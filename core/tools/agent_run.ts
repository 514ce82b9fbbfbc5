/**
 * `agent_run`: run a prompt (or several, or `n` samples) on a configured LLM provider with the
 * immune pre-check before, the circuit breaker in front, the cost recorded, and graders after.
 *
 * @module
 */

import { z } from "zod";
import { TaskorchError } from "../errors.ts";
import { defineTool } from "./tool.ts";

const usage = z.object({
  input: z.number(),
  output: z.number(),
  cache_read: z.number().optional(),
  cache_write: z.number().optional(),
  cache_write_1h: z.number().optional(),
  reasoning: z.number().optional(),
});

/** The `agent_run` tool. */
export const agentRun = defineTool({
  name: "agent_run",
  title: "Run a prompt on an LLM provider",
  description: [
    "Run a prompt on one of the operator's configured LLM providers (plugins of kind provider,",
    "e.g. openai, anthropic, gemini, a local Ollama) and get its answer, with what it cost.",
    "Each prompt is first checked like a user prompt (prompt injection, secrets...): a prompt",
    "the check denies or wants a human for is not run, and the result says why. The call goes",
    "through the provider's circuit breaker (BREAKER_OPEN: see healing_status, or pick another",
    "provider) and the cost budgets (BUDGET_EXCEEDED: see cost_summary). Give `prompts` or `n`",
    "to fan out in parallel (at most `concurrency` at once); `graders` grades each answer like",
    "grade_output.",
  ].join(" "),
  input: {
    provider: z.string().describe("The configured provider's name"),
    prompt: z.string().optional().describe("The prompt (or give prompts)"),
    prompts: z.array(z.string()).max(20).optional().describe("Several prompts, run in parallel"),
    n: z.number().int().min(1).max(20).optional().describe("Run `prompt` this many times"),
    model: z.string().optional().describe("The model (default: the provider's configured one)"),
    system: z.string().optional().describe("System instructions"),
    max_tokens: z.number().int().positive().optional(),
    temperature: z.number().min(0).max(2).optional(),
    response_format: z.enum(["text", "json"]).optional(),
    concurrency: z.number().int().min(1).max(8).optional().describe(
      "At most this many at once (default 2)",
    ),
    graders: z.array(z.string()).optional().describe("Grade each answer with these graders"),
    session_id: z.string().optional(),
  },
  output: {
    provider: z.string(),
    results: z.array(z.object({
      index: z.number().int(),
      status: z.enum(["ok", "blocked", "failed"]),
      decision: z.enum(["allow", "warn", "ask", "deny", "block"]),
      reasons: z.array(z.string()),
      text: z.string().optional(),
      model: z.string().optional(),
      usage: usage.optional(),
      costUsd: z.number().nullable().optional().describe("null: the model has no price"),
      latencyMs: z.number().optional(),
      attempts: z.number().int().optional(),
      error: z.object({ code: z.string(), message: z.string() }).optional(),
      grade: z.object({
        pass: z.boolean(),
        score: z.number(),
        reason: z.string(),
        cost: z.number().optional().describe("USD spent by LLM judges grading this answer"),
        reducedAssurance: z.string().optional(),
      }).optional(),
    })),
    totalCostUsd: z.number(),
    unpriced: z.number().int(),
  },
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  async run(args, { engine, withStore, providers }) {
    if (!withStore) {
      throw new TaskorchError("STORE_OPEN_FAILED", "agent_run: this server has no store");
    }
    const prompts = args.prompts ??
      (args.prompt !== undefined ? Array(args.n ?? 1).fill(args.prompt) : []);
    if (prompts.length === 0) {
      throw new TaskorchError(
        "INPUT_INVALID",
        "agent_run needs `prompt` (with optional `n`) or `prompts`.",
      );
    }
    const { withProviders } = await import("../providers/shared.ts");
    const { runAgent } = await import("../providers/agent_run.ts");
    const cwd = Deno.cwd();
    const session = args.session_id;
    const results = await withStore((store) =>
      withProviders(
        providers,
        // No shared providers (a bare handler): open them for this call, closed after it.
        async () => {
          const [{ loadConfig }, { openProviders }] = await Promise.all([
            import("../config.ts"),
            import("../providers/open.ts"),
          ]);
          return await openProviders(store, await loadConfig(cwd), { cwd });
        },
        async (open) => {
          // Graders after each answer; LLM judges among them call the same providers.
          const grade = args.graders === undefined
            ? undefined
            : async (output: string, task: string) => {
              const { runGrade } = await import("../grading/service.ts");
              const run = await runGrade({ output, task, graders: args.graders, cwd }, {
                withStore,
                providers: () => Promise.resolve(open),
                ...(session !== undefined ? { session } : {}),
              });
              return {
                pass: run.pass,
                score: run.score,
                reason: run.reason,
                cost: run.cost,
                ...(run.reducedAssurance ? { reducedAssurance: run.reducedAssurance } : {}),
              };
            };
          return await runAgent({
            provider: args.provider,
            prompts,
            cwd,
            ...Object.fromEntries(
              ([
                "model",
                "system",
                "max_tokens",
                "temperature",
                "response_format",
                "concurrency",
                "session_id",
              ] as const)
                .filter((k) => args[k] !== undefined).map((k) => [k, args[k]]),
            ),
          }, { engine, providers: open, ...(grade ? { grade } : {}) });
        },
      )
    );
    let total = 0;
    let unpriced = 0;
    for (const r of results) {
      if (r.completion?.costUsd === null) unpriced++;
      else total += r.completion?.costUsd ?? 0;
    }
    return {
      provider: args.provider,
      results: results.map((r) => ({
        index: r.index,
        status: r.status,
        decision: r.decision,
        reasons: r.reasons,
        ...(r.completion
          ? {
            text: r.completion.text,
            model: r.completion.model,
            usage: r.completion.usage,
            costUsd: r.completion.costUsd,
            latencyMs: r.completion.latency_ms,
            attempts: r.completion.attempts,
          }
          : {}),
        ...(r.error ? { error: r.error } : {}),
        ...(r.grade ? { grade: r.grade } : {}),
      })),
      totalCostUsd: total,
      unpriced,
    };
  },
  summarize(result) {
    const money = (n: number) => `$${n.toFixed(4)}`;
    return [
      `${result.results.length} run(s) on ${result.provider}: ${
        result.results.filter((r) => r.status === "ok").length
      } answered, cost ${money(result.totalCostUsd)}${
        result.unpriced ? ` (+${result.unpriced} unpriced)` : ""
      }`,
      ...result.results.map((r) =>
        r.status === "ok"
          ? `[${r.index}] ${r.text}${
            r.grade
              ? `\n    grade: ${r.grade.pass ? "pass" : "fail"} (${
                r.grade.score.toFixed(2)
              }) ${r.grade.reason}${r.grade.cost ? ` (judges: ${money(r.grade.cost)})` : ""}${
                r.grade.reducedAssurance ? `\n    ${r.grade.reducedAssurance}` : ""
              }`
              : ""
          }`
          : r.status === "blocked"
          ? `[${r.index}] not run: the pre-check says ${r.decision}: ${r.reasons.join("; ")}`
          : `[${r.index}] failed: ${r.error?.code}: ${r.error?.message}`
      ),
    ].join("\n");
  },
});
