/**
 * `healing_status`: the circuit breakers of the LLM providers (one per provider and model), as
 * every process sees them in the shared store: closed, open (until when, after what error) or
 * half-open, with failure counts and the settings in force.
 *
 * @module
 */

import { z } from "zod";
import { TaskorchError } from "../errors.ts";
import { defineTool, READ_ONLY } from "./tool.ts";

const iso = (ms: number | undefined): string | null =>
  ms === undefined ? null : new Date(ms).toISOString();

/** The `healing_status` tool. */
export const healingStatus = defineTool({
  name: "healing_status",
  title: "Provider circuit breakers",
  description: [
    "Show the circuit breakers that keep failing LLM providers from taking the agent down: one per",
    "provider and model, each closed (calls pass), open (calls are refused until halfOpenAt, after",
    "failureThreshold transient failures in a row: 429, 5xx, timeouts) or half_open (one trial call",
    "decides). Use it when a provider call or agent_run failed with BREAKER_OPEN, to see when it",
    "will be tried again and why it opened, or to choose another provider meanwhile.",
  ].join(" "),
  input: {
    provider: z.string().optional().describe("Only this provider's breakers."),
  },
  output: {
    breakers: z.array(z.object({
      provider: z.string(),
      model: z.string(),
      state: z.enum(["closed", "open", "half_open"]),
      consecutiveFailures: z.number().int(),
      opens: z.number().int(),
      openedAt: z.string().nullable(),
      halfOpenAt: z.string().nullable(),
      lastError: z.string().nullable(),
      lastFailureAt: z.string().nullable(),
      lastSuccessAt: z.string().nullable(),
    })),
    open: z.number().int().describe("How many breakers are open or half-open."),
    settings: z.object({
      failureThreshold: z.number().int(),
      halfOpenAfterMs: z.number().int(),
      retries: z.number().int(),
      initialDelayMs: z.number().int(),
      maxDelayMs: z.number().int(),
    }),
  },
  annotations: READ_ONLY,
  async run(args, { withStore }) {
    if (!withStore) {
      throw new TaskorchError("STORE_OPEN_FAILED", "healing_status: this server has no store");
    }
    const { loadConfig } = await import("../config.ts");
    const { breakerSettings } = await import("../breakers/settings.ts");
    const { createBreakers } = await import("../breakers/breakers.ts");
    const settings = await breakerSettings(await loadConfig(Deno.cwd()));
    const records = await withStore((store) => createBreakers(store, { settings }).list());
    const breakers = records
      .filter((r) => args.provider === undefined || r.provider === args.provider)
      .map((r) => ({
        provider: r.provider,
        model: r.model,
        state: r.state,
        consecutiveFailures: r.consecutiveFailures,
        opens: r.opens,
        openedAt: iso(r.openedAt),
        halfOpenAt: iso(r.halfOpenAt),
        lastError: r.lastError ?? null,
        lastFailureAt: iso(r.lastFailureAt),
        lastSuccessAt: iso(r.lastSuccessAt),
      }));
    return {
      breakers,
      open: breakers.filter((b) => b.state !== "closed").length,
      settings: {
        failureThreshold: settings.failureThreshold,
        halfOpenAfterMs: settings.halfOpenAfterMs,
        retries: settings.retries,
        initialDelayMs: settings.initialDelayMs,
        maxDelayMs: settings.maxDelayMs,
      },
    };
  },
  summarize(result) {
    if (result.breakers.length === 0) {
      return "No provider has been called yet: no breakers.";
    }
    return [
      `${result.breakers.length} breakers, ${result.open} open or half-open`,
      ...result.breakers.map((b) =>
        `- ${b.provider}/${b.model}: ${b.state}${
          b.state === "open" ? ` until ${b.halfOpenAt}` : ""
        }${b.consecutiveFailures ? `, ${b.consecutiveFailures} failures in a row` : ""}${
          b.lastError && b.state !== "closed" ? `; last error: ${b.lastError}` : ""
        }`
      ),
    ].join("\n");
  },
});
