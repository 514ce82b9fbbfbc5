/**
 * `agent_run`'s behaviour: run prompts on a provider with the immune pre-check before each
 * (a UserPromptSubmit event through `engine.evaluate`: `deny`, `ask` or `block` → not run, with
 * the reasons), the provider call path (breaker, budget, sandbox, ledger) and optional grading
 * after; several prompts (or `n` samples of one) run in parallel up to a concurrency limit.
 *
 * @module
 */

import type { Engine } from "../engine.ts";
import { errorMessage, TaskorchError } from "../errors.ts";
import type { CompletionRequest } from "../plugin/types.ts";
import type { Verdict } from "../verdict.ts";
import type { ProviderCompletion, Providers } from "./providers.ts";

/** What a grader said about one output (the seam `agent_run` grades through). */
export interface RunGrade {
  /** Whether the output passed. */
  pass: boolean;
  /** From 0 to 1. */
  score: number;
  /** Why. */
  reason: string;
  /** What the graders' own provider calls cost (LLM judges), in USD. */
  cost?: number;
  /** Set when a grader could not grade or an LLM judge fell back (its breaker was open). */
  reducedAssurance?: string;
}

/** What to run. */
export interface AgentRunInput {
  /** The provider's configured name. */
  provider: string;
  /** The prompts, each run once. */
  prompts: string[];
  /** The model (default: the provider's configured one). */
  model?: string;
  /** System instructions for every prompt. */
  system?: string;
  /** Most tokens to generate per run. */
  max_tokens?: number;
  /** Sampling temperature. */
  temperature?: number;
  /** `json` asks for a JSON object. */
  response_format?: "json" | "text";
  /** How many run at once (default 2). */
  concurrency?: number;
  /** The agent session, for the pre-check and the ledger. */
  session_id?: string;
  /** The workspace, for the pre-check. */
  cwd?: string;
}

/** One prompt's outcome. */
export interface AgentRunResult {
  /** Its index in the prompts. */
  index: number;
  /** `ok`: answered; `blocked`: the pre-check refused it; `failed`: the call failed. */
  status: "ok" | "blocked" | "failed";
  /** The pre-check's decision. */
  decision: Verdict["decision"];
  /** The pre-check's reasons (findings' messages), when it found something. */
  reasons: string[];
  /** The answer. */
  completion?: ProviderCompletion;
  /** Why the call failed (code and message). */
  error?: { code: string; message: string };
  /** The grade, when grading ran. */
  grade?: RunGrade;
}

/** What {@linkcode runAgent} needs besides its input. */
export interface AgentRunDeps {
  /** The engine for the pre-check. */
  engine: Engine;
  /** The providers. */
  providers: Providers;
  /** Grades an output (absent: no grading). Its failure is reported, never fatal. */
  grade?: (output: string, prompt: string) => Promise<RunGrade>;
}

const REFUSED = new Set(["deny", "ask", "block"]);

/** Runs `items` through `work` with at most `limit` at once, results in order. */
async function pool<T, R>(items: T[], limit: number, work: (item: T, i: number) => Promise<R>) {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i], i);
    }
  });
  await Promise.all(lanes);
  return results;
}

/**
 * Runs the prompts; one result per prompt, in order. Never throws for one prompt's failure.
 *
 * @example
 * ```ts ignore
 * const results = await runAgent({ provider: "openai", prompts: ["Say hi"] }, { engine, providers });
 * console.log(results[0].completion?.text);
 * ```
 */
export async function runAgent(
  input: AgentRunInput,
  deps: AgentRunDeps,
): Promise<AgentRunResult[]> {
  if (input.prompts.length === 0) {
    throw new TaskorchError("INPUT_INVALID", "agent_run needs a prompt or prompts");
  }
  const concurrency = Math.max(1, Math.min(input.concurrency ?? 2, 8));
  return await pool(input.prompts, concurrency, async (prompt, index) => {
    const verdict = await deps.engine.evaluate({
      hook_event_name: "UserPromptSubmit",
      prompt,
      ...(input.session_id !== undefined ? { session_id: input.session_id } : {}),
      ...(input.cwd !== undefined ? { cwd: input.cwd } : {}),
    });
    const reasons = verdict.findings.map((f) => `${f.rule}: ${f.message}`);
    if (REFUSED.has(verdict.decision)) {
      return { index, status: "blocked", decision: verdict.decision, reasons };
    }
    const request: CompletionRequest = {
      messages: [{ role: "user", content: prompt }],
      ...(input.model !== undefined ? { model: input.model } : {}),
      ...(input.system !== undefined ? { system: input.system } : {}),
      ...(input.max_tokens !== undefined ? { max_tokens: input.max_tokens } : {}),
      ...(input.temperature !== undefined ? { temperature: input.temperature } : {}),
      ...(input.response_format !== undefined ? { response_format: input.response_format } : {}),
    };
    let completion: ProviderCompletion;
    try {
      completion = await deps.providers.complete(input.provider, request, {
        caller: "agent_run",
        ...(input.session_id !== undefined ? { session: input.session_id } : {}),
      });
    } catch (error) {
      return {
        index,
        status: "failed",
        decision: verdict.decision,
        reasons,
        error: {
          code: error instanceof TaskorchError ? error.code : "PROVIDER_FAILED",
          message: errorMessage(error),
        },
      };
    }
    const result: AgentRunResult = {
      index,
      status: "ok",
      decision: verdict.decision,
      reasons,
      completion,
    };
    if (deps.grade) {
      try {
        result.grade = await deps.grade(completion.text, prompt);
      } catch (error) {
        result.grade = { pass: false, score: 0, reason: `grading failed: ${errorMessage(error)}` };
      }
    }
    return result;
  });
}
