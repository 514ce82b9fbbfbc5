/**
 * `cost_summary`: what LLM calls cost today, this month and all time — taskorch's own provider
 * calls beside the coding agent's (imported Claude Code transcripts) — by provider and model,
 * with unpriced calls and budgets.
 *
 * @module
 */

import { z } from "zod";
import { TaskorchError } from "../errors.ts";
import { defineTool, READ_ONLY } from "./tool.ts";

const totals = {
  costUsd: z.number().describe("Cost of the priced calls, USD"),
  calls: z.number().int(),
  unpricedCalls: z.number().int().describe("Calls of models without a price (not in costUsd)"),
  errors: z.number().int(),
  tokens: z.object({
    input: z.number(),
    output: z.number(),
    cache_read: z.number(),
    cache_write: z.number(),
    cache_write_1h: z.number(),
    reasoning: z.number(),
  }),
};
const totalsSchema = z.object(totals);
const periodSchema = z.object({
  period: z.string().describe("all, the UTC day or the UTC month"),
  total: totalsSchema,
  taskorch: totalsSchema.describe("taskorch's own provider calls (graders, agent_run)"),
  agent: totalsSchema.describe("the coding agent's own calls (imported transcripts)"),
  models: z.array(z.object({
    source: z.string(),
    provider: z.string(),
    model: z.string(),
    ...totals,
  })),
});

/** The `cost_summary` tool. */
export const costSummary = defineTool({
  name: "cost_summary",
  title: "Summarize LLM costs and budgets",
  description: [
    "Show what LLM calls cost: today, this month (UTC) and all time, split into taskorch's own",
    "provider calls (graders, agent_run) and the coding agent's own spend (Claude Code",
    "transcripts imported with `taskorch cost import-claude`), by provider and model, with tokens",
    "by type (input, output, cache reads/writes, reasoning). Models without a known price are",
    "listed under `unpriced` and never counted as $0. `budgets` lists each budget with spent,",
    "reserved by calls in flight, remaining and its level (ok, warn, throttle = slow down, block =",
    "used up). Call it before expensive work or fan-out, or when asked what the session costs.",
  ].join(" "),
  input: {},
  output: {
    today: periodSchema,
    month: periodSchema,
    allTime: periodSchema,
    budgets: z.array(z.object({
      id: z.string(),
      scope: z.string(),
      period: z.string(),
      limitUsd: z.number(),
      spentUsd: z.number(),
      reservedUsd: z.number(),
      remainingUsd: z.number(),
      level: z.enum(["ok", "warn", "throttle", "block"]),
      warnAt: z.number(),
      throttleAt: z.number(),
      source: z.enum(["config", "store"]),
    })),
    unpriced: z.array(z.object({
      source: z.string(),
      provider: z.string(),
      model: z.string(),
      calls: z.number().int(),
    })),
    prices: z.object({ version: z.string(), updated: z.string() }),
  },
  annotations: READ_ONLY,
  async run(_args, { withStore }) {
    if (!withStore) {
      throw new TaskorchError("STORE_OPEN_FAILED", "cost_summary: this server has no store");
    }
    const { loadConfig } = await import("../config.ts");
    const { loadCostSettings } = await import("../cost/settings.ts");
    const { summarizeCosts } = await import("../cost/summary.ts");
    const settings = await loadCostSettings(await loadConfig(Deno.cwd()));
    return await withStore((store) =>
      summarizeCosts(store, { prices: settings.prices, budgets: settings.budgets })
    );
  },
  summarize(result) {
    const money = (n: number) => `$${n.toFixed(n < 1 ? 4 : 2)}`;
    const line = (name: string, p: typeof result.today) =>
      `${name}: ${money(p.total.costUsd)} (${p.total.calls} calls; taskorch ${
        money(p.taskorch.costUsd)
      }, agent ${money(p.agent.costUsd)}${
        p.total.unpricedCalls ? `; ${p.total.unpricedCalls} unpriced` : ""
      })`;
    const lines = [
      line(`Today ${result.today.period}`, result.today),
      line(`Month ${result.month.period}`, result.month),
      line("All time", result.allTime),
    ];
    for (const m of result.month.models.slice(0, 10)) {
      lines.push(
        `- ${m.source} ${m.provider}/${m.model}: ${
          m.unpricedCalls === m.calls ? "unpriced" : money(m.costUsd)
        }, ${m.calls} calls`,
      );
    }
    for (const b of result.budgets) {
      lines.push(
        `budget ${b.id}: ${money(b.spentUsd)} spent + ${money(b.reservedUsd)} reserved of ${
          money(b.limitUsd)
        }, ${money(b.remainingUsd)} left [${b.level}]`,
      );
    }
    if (result.unpriced.length) {
      lines.push(
        `unpriced models: ${
          result.unpriced.map((u) => `${u.provider}/${u.model} ×${u.calls}`).join(", ")
        }`,
      );
    }
    return lines.join("\n");
  },
});
