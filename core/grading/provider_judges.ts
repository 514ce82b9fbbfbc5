/**
 * The LLM judges (core/grading/judges/) switched on: host graders whose {@linkcode Judge}
 * is the providers' call path, so every judge call passes the provider's circuit breaker, the
 * cost budgets and the cost ledger (caller `grader:<name>`, the agent session when known), and
 * a grade's `cost` is what the ledger recorded. An open breaker surfaces as `BREAKER_OPEN`,
 * which grading turns into a skipped judge with "reduced assurance" while the deterministic
 * graders decide.
 *
 * Nothing is opened until a judge actually grades: naming no judge costs no store, no
 * provider and no plugin process.
 *
 * @module
 */

import type { ProviderCompletion } from "../providers/providers.ts";
import type { ProvidersSource } from "../providers/shared.ts";
import type { WithStore } from "../shared_store.ts";
import type { JudgeConfig } from "./config.ts";
import type { HostGrader } from "./grade.ts";
import { createJudgeGraders, type Judge, JUDGE_NAMES } from "./judges/judges.ts";

/** What {@linkcode createProviderJudges} needs. */
export interface ProviderJudgesOptions {
  /** The `graders.judge` settings; `provider` must be set. */
  judge: JudgeConfig & { provider: string };
  /** The providers (the server's shared ones, or ones opened for this grade). */
  providers: ProvidersSource;
  /** The store for the judges' answer cache (absent: no cache). */
  withStore?: WithStore;
  /** The agent session, for the ledger. */
  session?: string;
}

// The judges' names, categories and needs: static, so any Judge reads them.
const META = createJudgeGraders({ complete: () => Promise.reject(new Error("unused")) });

/** The model a judge asks: `graders.judge.model`, else the provider's configured one. */
function judgeModel(
  providers: Awaited<ReturnType<ProvidersSource>>,
  judge: ProviderJudgesOptions["judge"],
): string | undefined {
  if (judge.model !== undefined) return judge.model;
  const configured = providers.modelOf(judge.provider);
  // modelOf answers "default" when the plugin names no model: then the plugin picks.
  return configured === "default" ? undefined : configured;
}

/**
 * The four LLM judges (`rubric`, `faithfulness`, `hallucination`, `instructions`) as host
 * graders calling `judge.provider` through the providers' call path.
 *
 * @example
 * ```ts
 * import { defaultConfig } from "../config.ts";
 * import { openProviders } from "../providers/open.ts";
 * import { openStore } from "../store.ts";
 * import { createProviderJudges } from "./provider_judges.ts";
 * using store = await openStore({ path: ":memory:" });
 * const providers = await openProviders(store, defaultConfig());
 * const judges = createProviderJudges({
 *   judge: { provider: "openai", model: "gpt-5-mini", cacheTtlHours: 24 },
 *   providers: () => Promise.resolve(providers),
 * });
 * console.assert(judges.rubric.needs.task === true);
 * // No provider "openai" is configured here: the judge fails to grade, saying so.
 * const failed = await judges.rubric.grade({ output: "4", task: "2+2?" }, {}).catch((e) => e);
 * console.assert(/No provider named "openai"/.test(failed.message));
 * await providers.close();
 * ```
 */
export function createProviderJudges(
  options: ProviderJudgesOptions,
): Record<string, HostGrader> {
  const out: Record<string, HostGrader> = {};
  for (const name of JUDGE_NAMES) {
    const meta = META[name];
    out[name] = {
      name,
      category: meta.category,
      needs: meta.needs,
      async grade(input, graderOptions) {
        const providers = await options.providers();
        const model = judgeModel(providers, options.judge);
        const unpriced = new Set<string>();
        const judge: Judge = {
          async complete(request) {
            const answer: ProviderCompletion = await providers.complete(
              options.judge.provider,
              request,
              {
                caller: `grader:${name}`,
                ...(options.session !== undefined ? { session: options.session } : {}),
              },
            );
            if (answer.costUsd === null) unpriced.add(answer.model);
            return { ...answer, cost: answer.costUsd ?? 0 };
          },
        };
        const grade = async (store?: Parameters<Parameters<WithStore>[0]>[0]) => {
          const graders = createJudgeGraders(judge, {
            ...(model !== undefined ? { model } : {}),
            ...(store !== undefined ? { store } : {}),
            cacheTtlMs: options.judge.cacheTtlHours * 3_600_000,
          });
          return await graders[name].grade(input, graderOptions);
        };
        const result = options.withStore ? await options.withStore(grade) : await grade();
        if (unpriced.size === 0) return result;
        return {
          ...result,
          evidence: [
            ...(result.evidence ?? []),
            `unpriced: ${options.judge.provider}/${
              [...unpriced].join(", ")
            } has no price; cost counts priced calls only`,
          ],
        };
      },
    };
  }
  return out;
}
