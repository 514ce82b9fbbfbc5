/**
 * LLM-as-judge graders, host-side: sandboxed plugins cannot call the host, and a judge
 * needs a provider, so judges run in the host process and call a provider through a
 * {@linkcode Judge}: one `complete(request)` that, in production, goes through the
 * providers' call path (circuit breaker → budget and cost ledger → sandboxed provider
 * plugin). Four judges: `rubric` (the output against the task or a rubric), `faithfulness`
 * (the output decomposed into claims, each checked against the context), `hallucination`
 * (statements not supported by the given sources), `instructions` (every instruction of
 * the task followed).
 *
 * Each asks at temperature 0 for JSON, validated with zod; a malformed answer is asked
 * once more, then the judge fails to grade. Answers are cached in the store under
 * `["cache", "grades", sha256(judge, version, model, inputs)]` with a TTL. When the
 * provider's breaker is open (`BREAKER_OPEN`), the judge is skipped and the grade says
 * "reduced assurance": the deterministic graders decide alone.
 *
 * @module
 */

import { z } from "zod";
import { errorMessage, TaskorchError } from "../../errors.ts";
import type { CompletionRequest, CompletionResult } from "../../plugin/types.ts";
import type { Store } from "../../store.ts";
import { keys } from "../../store_schema.ts";
import type { Category } from "../../verdict.ts";
import type { HostGrader } from "../grade.ts";
import type { GraderInput } from "../input.ts";

/** What a judge calls: the providers' call path (breaker, budget, ledger, sandbox). */
export interface Judge {
  /** Completes one request; throws `BREAKER_OPEN` when the provider's breaker is open. */
  complete(request: CompletionRequest): Promise<CompletionResult & { cost?: number }>;
}

/** Options of {@linkcode createJudgeGraders}. */
export interface JudgeGraderOptions {
  /** The model to ask (default: the provider's). */
  model?: string;
  /** The store for the cache (absent: no cache). */
  store?: Store;
  /** How long an answer is cached, in ms (default 24 h; 0: no cache). */
  cacheTtlMs?: number;
}

const VERSION = "1";

const verdictSchema = z.object({
  score: z.number().min(0).max(1),
  pass: z.boolean(),
  reason: z.string().min(1),
  evidence: z.array(z.string()).default([]),
});
const claimsSchema = z.object({
  claims: z.array(z.object({
    claim: z.string(),
    supported: z.boolean(),
    quote: z.string().optional(),
  })),
  reason: z.string().default(""),
});

interface JudgeSpec {
  name: string;
  category: Category;
  needs: HostGrader["needs"];
  system: string;
  user(input: GraderInput, options: Record<string, unknown>): string;
  schema: z.ZodType;
  toResult(answer: unknown): { pass: boolean; score: number; reason: string; evidence: string[] };
}

const JSON_RULE = "Answer with one JSON object only, no prose around it.";

function fromVerdict(answer: unknown) {
  const v = answer as z.infer<typeof verdictSchema>;
  return { pass: v.pass, score: v.score, reason: v.reason, evidence: v.evidence };
}

function fromClaims(what: string) {
  return (answer: unknown) => {
    const a = answer as z.infer<typeof claimsSchema>;
    const unsupported = a.claims.filter((c) => !c.supported);
    const score = a.claims.length === 0
      ? 1
      : (a.claims.length - unsupported.length) / a.claims.length;
    return {
      pass: unsupported.length === 0,
      score,
      reason: unsupported.length === 0
        ? `All ${a.claims.length} claims are supported by the ${what}.`
        : `${unsupported.length} of ${a.claims.length} claims are not supported by the ${what}: ${
          unsupported[0].claim
        }`,
      evidence: unsupported.map((c) => `unsupported: ${c.claim}`),
    };
  };
}

const SPECS: JudgeSpec[] = [
  {
    name: "rubric",
    category: "other",
    needs: { task: true },
    system:
      `You grade an AI agent's output against its task and a rubric. Be strict and concrete. ${JSON_RULE} ` +
      `Shape: {"score": 0..1, "pass": boolean, "reason": "one or two sentences", "evidence": ["quotes"]}`,
    user: (input, options) =>
      `Task:\n${input.task}\n\nRubric:\n${
        typeof options.rubric === "string"
          ? options.rubric
          : "Correct, complete, and does what the task asks."
      }\n\n${
        input.expected ? `Expected answer:\n${input.expected}\n\n` : ""
      }Output:\n${input.output}`,
    schema: verdictSchema,
    toResult: fromVerdict,
  },
  {
    name: "faithfulness",
    category: "other",
    needs: { context: true },
    system:
      `Decompose the output into its factual claims and check each against the context only. ${JSON_RULE} ` +
      `Shape: {"claims": [{"claim": "...", "supported": boolean, "quote": "supporting text"}], "reason": "..."}`,
    user: (input) => `Context:\n${input.context}\n\nOutput:\n${input.output}`,
    schema: claimsSchema,
    toResult: fromClaims("context"),
  },
  {
    name: "hallucination",
    category: "fabricated_api",
    needs: { context: true },
    system:
      `List every statement in the output that names a fact, API, file, package or number, and say whether the sources support it. ${JSON_RULE} ` +
      `Shape: {"claims": [{"claim": "...", "supported": boolean, "quote": "source text"}], "reason": "..."}`,
    user: (input) => `Sources:\n${input.context}\n\nOutput:\n${input.output}`,
    schema: claimsSchema,
    toResult: fromClaims("sources"),
  },
  {
    name: "instructions",
    category: "scope_drift",
    needs: { task: true },
    system:
      `List each instruction in the task and judge whether the output follows it. score = share followed. ${JSON_RULE} ` +
      `Shape: {"score": 0..1, "pass": boolean, "reason": "...", "evidence": ["instruction not followed"]}`,
    user: (input) => `Task:\n${input.task}\n\nOutput:\n${input.output}`,
    schema: verdictSchema,
    toResult: fromVerdict,
  },
];

/** The judges' names. */
export const JUDGE_NAMES: readonly string[] = SPECS.map((s) => s.name);

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The JSON object in a model's text (the whole text, or the first `{...}` span).
 *
 * @example
 * ```ts
 * import { parseJudgeJson } from "./judges.ts";
 * console.assert((parseJudgeJson('Sure: {"a": 1}') as { a: number }).a === 1);
 * console.assert(parseJudgeJson("no json") === undefined);
 * ```
 */
export function parseJudgeJson(text: string): unknown {
  for (const candidate of [text.trim(), text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1)]) {
    try {
      return JSON.parse(candidate);
    } catch {
      // try the next
    }
  }
  return undefined;
}

/**
 * The four LLM judges as host graders calling `judge`.
 *
 * @example
 * ```ts
 * import { createJudgeGraders } from "./judges.ts";
 * const judges = createJudgeGraders({
 *   complete: () => Promise.resolve({
 *     text: '{"score": 0.9, "pass": true, "reason": "Does the task."}',
 *     model: "m", usage: { input: 10, output: 5 },
 *   }),
 * });
 * const result = await judges.rubric.grade({ output: "4", task: "2+2?" }, {});
 * console.assert(result.pass && result.score === 0.9);
 * ```
 */
export function createJudgeGraders(
  judge: Judge,
  options: JudgeGraderOptions = {},
): Record<string, HostGrader> {
  const ttl = options.cacheTtlMs ?? 24 * 3_600_000;
  const graders: Record<string, HostGrader> = {};
  for (const spec of SPECS) {
    graders[spec.name] = {
      name: spec.name,
      category: spec.category,
      needs: spec.needs,
      async grade(input, graderOptions) {
        const user = spec.user(input, graderOptions);
        const key = keys.cache(
          "grades",
          await sha256(
            JSON.stringify([spec.name, VERSION, options.model ?? "", spec.system, user]),
          ),
        );
        if (options.store && ttl > 0) {
          const cached = await options.store.get<
            { pass: boolean; score: number; reason: string; evidence: string[] }
          >(key);
          if (cached.value) {
            return { ...cached.value, cost: 0, evidence: [...cached.value.evidence, "(cached)"] };
          }
        }
        const request: CompletionRequest = {
          ...(options.model ? { model: options.model } : {}),
          system: spec.system,
          messages: [{ role: "user", content: user }],
          temperature: 0,
          response_format: "json",
          max_tokens: 1024,
        };
        let cost = 0;
        let problem = "";
        for (let attempt = 1; attempt <= 2; attempt++) {
          let answer: CompletionResult & { cost?: number };
          try {
            answer = await judge.complete(
              attempt === 1 ? request : {
                ...request,
                messages: [
                  ...request.messages,
                  { role: "assistant", content: problem.slice(0, 2000) },
                  {
                    role: "user",
                    content: `That was not valid: ${problem.slice(0, 300)}. ${JSON_RULE}`,
                  },
                ],
              },
            );
          } catch (error) {
            if (error instanceof TaskorchError && error.code === "BREAKER_OPEN") throw error;
            throw new TaskorchError(
              "GRADER_FAILED",
              `the judge "${spec.name}" could not call its provider: ${errorMessage(error)}`,
              { cause: error },
            );
          }
          cost += answer.cost ?? 0;
          const parsed = spec.schema.safeParse(parseJudgeJson(answer.text));
          if (parsed.success) {
            const result = spec.toResult(parsed.data);
            if (options.store && ttl > 0) await options.store.set(key, result, { expireIn: ttl });
            return { ...result, cost };
          }
          problem = `${answer.text.slice(0, 200)} (${
            parsed.error.issues[0]?.message ?? "not JSON"
          })`;
        }
        throw new TaskorchError(
          "GRADER_FAILED",
          `the judge "${spec.name}" answered malformed JSON twice: ${problem}`,
        );
      },
    };
  }
  return graders;
}
