/**
 * Loads each dashboard page's data through its module's API (the memory's dashboard and
 * queries, the inbox, the rules' test runner) and renders its content. No page reads
 * another module's KV keys itself, with one exception: a single learned pattern is read at
 * `keys.pattern(id)`, as `taskorch memory export` reads the patterns family.
 *
 * @module
 */

import { computeDashboard } from "../memory/dashboard.ts";
import { listPatterns, type PatternSort, summarizePattern } from "../memory/query.ts";
import type { ExportResult } from "../memory/export.ts";
import type { FailurePattern } from "../memory/types.ts";
import { createBreakers } from "../breakers/breakers.ts";
import { createInbox } from "../inbox/inbox.ts";
import { RISK_LEVELS, type RiskLevel } from "../inbox/types.ts";
import { type RuleTestResult, testRule } from "../rules/test_runner.ts";
import type { Pack } from "../rules/types.ts";
import type { Store } from "../store.ts";
import { keys } from "../store_schema.ts";
import { CATEGORIES, type Category } from "../verdict.ts";
import { type Html, html } from "./html.ts";
import type { PageKey } from "./layout.ts";
import { liveFigures } from "./live.ts";
import { inboxBody } from "./pages/inbox.ts";
import { memoryBody, patternBody } from "./pages/memory.ts";
import { overviewBody } from "./pages/overview.ts";
import { rulesBody } from "./pages/rules.ts";
import { costsBody, type CostsView } from "./pages/costs.ts";

/** A rendered page's content and what the shell needs. */
export interface PageData {
  active: PageKey;
  title: string;
  lede?: string;
  body: Html;
  /** The live stamp when loaded (core/web/live.ts). */
  stamp: string;
  /** Pending inbox items, for the badge. */
  pending?: number;
  /** HTTP status (default 200). */
  status?: number;
}

/** What every page load knows. */
export interface PageContext {
  packs: readonly Pack[];
  csrf: string;
  /** The workspace whose `.taskorch/config.yaml` sets budgets (default: the process's). */
  cwd?: string;
  now?: Date;
}

/** Days the overview covers. */
export const OVERVIEW_DAYS = 14;

/** Days the costs chart covers. */
export const COST_DAYS = 14;

/** Days the rules page counts hits over. */
export const RULE_HIT_DAYS = 30;

const testCache = new WeakMap<readonly Pack[], Promise<Map<string, RuleTestResult>>>();

/** Every rule's inline test result, computed once per set of packs. */
export function ruleTests(packs: readonly Pack[]): Promise<Map<string, RuleTestResult>> {
  let results = testCache.get(packs);
  if (!results) {
    results = Promise.all(
      packs.flatMap((p) => p.rules).map(async (r) => [r.id, await testRule(r)] as const),
    ).then((entries) => new Map(entries));
    testCache.set(packs, results);
  }
  return results;
}

/**
 * The costs page's figures from the cost module's summaries: per-day running totals for the
 * chart, this month's models, and the budgets (the config's and the stored ones).
 */
export async function costsView(
  store: Store,
  cwd: string | undefined,
  now: Date,
): Promise<CostsView> {
  const [{ periodSummary, summarizeCosts }, { bucketsOf }, { loadCostSettings }, { loadConfig }] =
    await Promise.all([
      import("../cost/summary.ts"),
      import("../cost/ledger.ts"),
      import("../cost/settings.ts"),
      import("../config.ts"),
    ]);
  const settings = await loadCostSettings(await loadConfig(cwd ?? Deno.cwd()));
  const summary = await summarizeCosts(store, {
    prices: settings.prices,
    budgets: settings.budgets,
    now,
  });
  const days = await Promise.all(
    Array.from({ length: COST_DAYS }, async (_, i) => {
      const at = new Date(now.getTime() - (COST_DAYS - 1 - i) * 86_400_000);
      const period = await periodSummary(store, bucketsOf(at).day);
      const byProvider: Record<string, number> = {};
      for (const m of period.models) {
        byProvider[m.provider] = (byProvider[m.provider] ?? 0) + m.costUsd;
      }
      return { day: at.toISOString().slice(0, 10), byProvider };
    }),
  );
  return {
    days,
    periods: {
      today: summary.today.total.costUsd,
      month: summary.month.total.costUsd,
      allTime: summary.allTime.total.costUsd,
    },
    totals: summary.month.models.map((m) => ({
      source: m.source,
      provider: m.provider,
      model: m.model,
      usd: m.costUsd,
      calls: m.calls,
      unpriced: m.unpricedCalls,
    })),
    budgets: summary.budgets.map((b) => ({
      scope: b.scope,
      period: b.period,
      limitUsd: b.limitUsd,
      spentUsd: b.spentUsd + b.reservedUsd,
      remainingUsd: b.remainingUsd,
      level: b.level,
    })),
  };
}

/** The rule pack `taskorch memory export` writes for one pattern; undefined when absent. */
export async function promotedRule(store: Store, id: string): Promise<ExportResult | undefined> {
  const pattern = (await store.get<FailurePattern>(keys.pattern(id))).value;
  if (!pattern) return undefined;
  const { exportPack } = await import("../memory/export.ts");
  return await exportPack([pattern]);
}

const pick = <T extends string>(value: string | null, allowed: readonly T[]): T | undefined =>
  allowed.includes(value as T) ? value as T : undefined;

/**
 * Loads and renders the page at `path`; undefined when there is none.
 *
 * @example
 * ```ts
 * import { openStore } from "../store.ts";
 * import { loadPage } from "./page_data.ts";
 * using store = await openStore({ path: ":memory:" });
 * const page = await loadPage(store, "/ui/rules", new URLSearchParams(), { packs: [], csrf: "c" });
 * console.assert(page?.active === "rules" && page.pending === 0);
 * ```
 */
export async function loadPage(
  store: Store,
  path: string,
  params: URLSearchParams,
  context: PageContext,
): Promise<PageData | undefined> {
  const now = context.now ?? new Date();
  const live = await liveFigures(store, now);
  const shell = { stamp: live.stamp, pending: live.pending };
  if (path === "/ui") {
    const dashboard = await computeDashboard(store, { days: OVERVIEW_DAYS, top: 8, now });
    return {
      ...shell,
      active: "overview",
      title: "Overview",
      lede:
        `The last ${OVERVIEW_DAYS} days (UTC), ${dashboard.window.from} to ${dashboard.window.to}.`,
      body: overviewBody({
        dashboard,
        pending: live.pending,
        breakers: (await createBreakers(store).list()).map((b) => ({
          provider: b.provider,
          model: b.model,
          state: b.state,
          failures: b.consecutiveFailures,
          retryAt: b.state === "open" && b.halfOpenAt
            ? new Date(b.halfOpenAt).toISOString()
            : undefined,
          lastError: b.state === "closed" ? undefined : b.lastError,
        })),
      }),
    };
  }
  if (path === "/ui/inbox") {
    const minRisk = pick<RiskLevel>(params.get("risk"), RISK_LEVELS);
    const inbox = createInbox(store, { now: () => now });
    const items = await inbox.list({ history: true, minRisk, limit: 200 });
    return {
      ...shell,
      active: "inbox",
      title: "Inbox",
      lede:
        "Actions agents are waiting on. An approval lets the agent's retry of that exact action pass once; a rejection denies it with your reason.",
      body: inboxBody({
        pending: items.filter((i) => i.status === "PENDING").reverse(),
        history: items.filter((i) => i.status !== "PENDING").slice(0, 50),
        csrf: context.csrf,
        minRisk,
        now,
      }),
    };
  }
  if (path === "/ui/costs") {
    return {
      ...shell,
      active: "costs",
      title: "Costs",
      lede:
        "What LLM provider calls cost: taskorch's own (graders, agent_run) and the coding agent's imported transcripts, with the budgets in force.",
      body: costsBody(await costsView(store, context.cwd, now)),
    };
  }
  if (path === "/ui/rules") {
    const dashboard = await computeDashboard(store, {
      days: RULE_HIT_DAYS,
      top: Number.MAX_SAFE_INTEGER,
      now,
    });
    return {
      ...shell,
      active: "rules",
      title: "Rules",
      lede:
        "The rule packs in force, how often each rule fired, and whether its inline tests pass.",
      body: rulesBody({
        packs: context.packs,
        hits: new Map(dashboard.checks.topRules.map((r) => [r.rule, r.count])),
        days: RULE_HIT_DAYS,
        tests: await ruleTests(context.packs),
        filter: {
          pack: params.get("pack") || undefined,
          category: pick<Category>(params.get("category"), CATEGORIES),
          q: params.get("q") || undefined,
        },
      }),
    };
  }
  if (path === "/ui/memory") {
    const category = pick<Category>(params.get("category"), CATEGORIES);
    const sort = pick<PatternSort>(params.get("sort"), ["occurrences", "last_seen", "first_seen"]);
    const q = params.get("q")?.trim() || undefined;
    const list = await listPatterns(store, { category, query: q, sort, limit: 100 }, now);
    return {
      ...shell,
      active: "memory",
      title: "Memory",
      lede:
        "Failure patterns taskorch learned. Promote one to a reviewed rule with the YAML it exports.",
      body: memoryBody(list, { category, q, sort }),
    };
  }
  const one = /^\/ui\/memory\/([\w-]{1,128})$/.exec(path);
  if (one) {
    const pattern = (await store.get<FailurePattern>(keys.pattern(one[1]))).value;
    if (!pattern) {
      return {
        ...shell,
        status: 404,
        active: "memory",
        title: "Pattern not found",
        body: html`<p>No learned pattern has the id <code>${
          one[1]
        }</code>. <a href="/ui/memory">All patterns</a>.</p>`,
      };
    }
    const { exportPack } = await import("../memory/export.ts");
    return {
      ...shell,
      active: "memory",
      title: "Learned pattern",
      body: patternBody(summarizePattern(pattern), await exportPack([pattern], { now })),
    };
  }
  return undefined;
}
