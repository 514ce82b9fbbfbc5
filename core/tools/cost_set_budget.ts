/**
 * `cost_set_budget`: sets (or removes) a persisted cost budget.
 *
 * @module
 */

import { z } from "zod";
import { TaskorchError } from "../errors.ts";
import { defineTool } from "./tool.ts";

/** The `cost_set_budget` tool. */
export const costSetBudget = defineTool({
  name: "cost_set_budget",
  title: "Set a cost budget",
  description: [
    "Set the budget for taskorch's own LLM provider calls (graders, agent_run) in a scope —",
    "`overall` or `provider:NAME` (e.g. provider:openai) — per UTC `day` or `month`: `limit_usd`,",
    "with `warn_at` (default 0.8) and `throttle_at` (default 0.9) as fractions of the limit. A",
    "call that would go past the limit is refused (BUDGET_EXCEEDED); past throttle_at callers",
    "should slow down. The budget is stored and replaces the config's for the same scope and",
    "period; setting the same values again changes nothing. `remove: true` deletes the stored",
    "budget (the config's, if any, applies again). The coding agent's own spend is never capped.",
  ].join(" "),
  input: {
    scope: z.string().describe('"overall" or "provider:NAME"'),
    period: z.enum(["day", "month"]).describe("UTC day or UTC month"),
    limit_usd: z.number().min(0).optional().describe("The limit in USD (required unless remove)"),
    warn_at: z.number().gt(0).max(1).optional().describe("Warn from this fraction (default 0.8)"),
    throttle_at: z.number().gt(0).max(1).optional().describe(
      "Throttle from this fraction (default 0.9)",
    ),
    remove: z.boolean().optional().describe("Delete the stored budget instead"),
  },
  output: {
    action: z.enum(["set", "removed", "absent"]),
    budget: z.object({
      id: z.string(),
      scope: z.string(),
      period: z.enum(["day", "month"]),
      limit_usd: z.number(),
      warn_at: z.number(),
      throttle_at: z.number(),
    }).nullable(),
  },
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: false,
  },
  async run(args, { withStore }) {
    if (!withStore) {
      throw new TaskorchError("STORE_OPEN_FAILED", "cost_set_budget: this server has no store");
    }
    const { budgetFromInput, budgetId, removeBudget, saveBudget } = await import(
      "../cost/budgets.ts"
    );
    if (args.remove) {
      budgetFromInput({ scope: args.scope, period: args.period, limit_usd: 0 });
      const removed = await withStore((store) => removeBudget(store, args.scope, args.period));
      return { action: removed ? "removed" as const : "absent" as const, budget: null };
    }
    if (args.limit_usd === undefined) {
      throw new TaskorchError("INPUT_INVALID", "cost_set_budget: limit_usd is required");
    }
    const budget = budgetFromInput({
      scope: args.scope,
      period: args.period,
      limit_usd: args.limit_usd,
      ...(args.warn_at === undefined ? {} : { warn_at: args.warn_at }),
      ...(args.throttle_at === undefined ? {} : { throttle_at: args.throttle_at }),
    });
    await withStore((store) => saveBudget(store, budget));
    return { action: "set" as const, budget: { id: budgetId(budget), ...budget } };
  },
  summarize(result) {
    if (result.action === "removed") return "Removed the stored budget.";
    if (result.action === "absent") return "There was no stored budget for that scope and period.";
    const b = result.budget!;
    return `Budget ${b.id} set: $${b.limit_usd}, warn at ${b.warn_at * 100}%, throttle at ${
      b.throttle_at * 100
    }%.`;
  },
});
