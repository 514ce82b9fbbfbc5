/**
 * The host's provider call path, used by `agent_run` and by graders that call an LLM:
 *
 * ```
 * complete(provider, request, { caller, session })
 *   └─ retry (transient failures: 429, 5xx, timeouts; honours retry-after)
 *        └─ breaker gate (BREAKER_OPEN: says when it half-opens)
 *             └─ budget reserve (BUDGET_EXCEEDED)
 *                  └─ the provider plugin, in its sandbox (started on first use)
 *             ├─ settle the reservation (ledger entry with cost) or release it
 *             └─ record the outcome on the breaker
 * ```
 *
 * Providers are the configured `plugins:` entries of `kind: provider`, by name. A caller that
 * can do without the LLM (a grader's deterministic tier) checks `available()` first or catches
 * `BREAKER_OPEN` and falls back.
 *
 * @module
 */

import type { PluginConfig } from "../config.ts";
import { DEFAULT_PLUGIN_TIMEOUT_MS } from "../config.ts";
import type { BudgetLevel, CostGate } from "../cost/types.ts";
import { errorMessage, TaskorchError } from "../errors.ts";
import type { CompletionRequest, CompletionResult } from "../plugin/types.ts";
import { trackPlugin } from "../plugin/live_plugins.ts";
import { type SandboxedPlugin, startPlugin } from "../sandbox.ts";
import type { BreakerRecord, Breakers } from "../breakers/breakers.ts";
import { classifyFailure, type Failure, withRetry } from "../breakers/retry.ts";
import { BUILTIN_PROVIDER_CONFIG, isBuiltinProvider } from "./builtin.ts";

/** Who is calling, for the ledger. */
export interface CallContext {
  /** What makes the call, e.g. `agent_run`, `grader:rubric`. */
  caller: string;
  /** The agent session, when known. */
  session?: string;
  /** Cancels the call and its retries. */
  signal?: AbortSignal;
}

/** A provider's answer, with what it cost. */
export interface ProviderCompletion extends CompletionResult {
  /** The provider's configured name. */
  provider: string;
  /** Cost in USD, or null when the model has no price (never a made-up 0). */
  costUsd: number | null;
  /** The ledger entry's id. */
  ledgerId: string;
  /** Attempts made (1 without retries). */
  attempts: number;
  /** Budget levels reached (warn, throttle). */
  budgetLevels: BudgetLevel[];
}

/** What {@linkcode createProviders} needs. */
export interface ProvidersOptions {
  /** The configured plugins (only `kind: provider` entries are used). */
  plugins: readonly PluginConfig[];
  /** The cost gate (the ledger). */
  gate: CostGate;
  /** The breakers. */
  breakers: Breakers;
  /** The workspace (plugin paths and grants resolve against it; default cwd). */
  cwd?: string;
  /** `max_tokens` when a request gives none (default 1024): the reservation's output bound. */
  defaultMaxTokens?: number;
  /** Starts a plugin (default: the sandbox's `startPlugin`; tests may count starts). */
  start?: typeof startPlugin;
}

/** The configured providers. */
export interface Providers {
  /** The configured provider names. */
  names(): string[];
  /** The model a request to `provider` uses: the request's, else the plugin's `options.model`. */
  modelOf(provider: string, request?: Pick<CompletionRequest, "model">): string;
  /**
   * Whether a call to `provider` (and model) would pass its breaker now; with the breaker's
   * record when it would not. Graders use it to fall back before calling.
   */
  available(
    provider: string,
    model?: string,
  ): Promise<{ ok: boolean; breaker?: BreakerRecord }>;
  /** Calls a provider through breaker, budget and sandbox; see the module doc. */
  complete(
    provider: string,
    request: CompletionRequest,
    context: CallContext,
  ): Promise<ProviderCompletion>;
  /** Stops the provider processes started. */
  close(): Promise<void>;
}

/** A rough token count for the reservation: 4 characters a token, plus a little per message. */
export function estimateInputTokens(request: CompletionRequest): number {
  let chars = request.system?.length ?? 0;
  for (const message of request.messages) chars += message.content.length + 16;
  return Math.ceil(chars / 4) + 8;
}

/** Failures that mean the provider was never reached: the reservation is released. */
const NEVER_REACHED = new Set(["config", "plugin", "breaker_open"]);

/**
 * The configured providers over a cost gate and breakers.
 *
 * @example
 * ```ts ignore
 * const providers = createProviders({ plugins: config.plugins, gate: ledger, breakers });
 * const answer = await providers.complete("openai", {
 *   messages: [{ role: "user", content: "Summarize: ..." }],
 * }, { caller: "grader:rubric" });
 * console.log(answer.text, answer.costUsd);
 * ```
 */
export function createProviders(options: ProvidersOptions): Providers {
  const configs = new Map<string, PluginConfig>();
  for (const plugin of options.plugins) {
    if (plugin.kind === "provider" && plugin.enabled) configs.set(plugin.name, plugin);
  }
  const started = new Map<string, Promise<SandboxedPlugin>>();
  // What plugins_list shows of each started provider (core/plugin/live_plugins.ts).
  const tracked = new Map<string, ReturnType<typeof trackPlugin>>();
  const start = options.start ?? startPlugin;
  const maxTokens = options.defaultMaxTokens ?? 1024;
  let closed = false;

  function configOf(provider: string): PluginConfig {
    const config = configs.get(provider);
    if (config === undefined) {
      const known = [...configs.keys()];
      throw new TaskorchError(
        "PROVIDER_FAILED",
        `No provider named "${provider}" is configured (${
          known.length ? `configured: ${known.join(", ")}` : "none is configured"
        }); add a plugins: entry with kind: provider and name: ${provider}.`,
      );
    }
    return config;
  }

  function timeoutOf(config: PluginConfig, request: CompletionRequest): number {
    if (request.timeout_ms !== undefined) return request.timeout_ms;
    // A guard's default budget (2 s) is far too short for a model: use 60 s unless set.
    return config.timeoutMs === DEFAULT_PLUGIN_TIMEOUT_MS ? 60_000 : config.timeoutMs;
  }

  function pluginOf(provider: string, config: PluginConfig): Promise<SandboxedPlugin> {
    if (closed) {
      return Promise.reject(new TaskorchError("PLUGIN_CLOSED", "The providers are closed."));
    }
    let handle = started.get(provider);
    if (handle === undefined) {
      handle = start(config.from, {
        kind: "provider",
        grant: config.grant,
        options: config.options,
        ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
        ...(isBuiltinProvider(config.from) ? { config: BUILTIN_PROVIDER_CONFIG } : {}),
        timeoutMs: 60_000,
        startTimeoutMs: 30_000,
      });
      started.set(provider, handle);
      tracked.get(provider)?.remove();
      tracked.set(provider, trackPlugin("provider", provider, config.from, handle));
      // A plugin that cannot start is tried again on the next call, not cached as failed.
      handle.catch(() => started.delete(provider));
    }
    return handle;
  }

  function modelOf(provider: string, request?: Pick<CompletionRequest, "model">): string {
    if (request?.model) return request.model;
    const configured = configOf(provider).options.model;
    return typeof configured === "string" && configured !== "" ? configured : "default";
  }

  async function attempt(
    provider: string,
    config: PluginConfig,
    request: CompletionRequest,
    context: CallContext,
    model: string,
  ): Promise<Omit<ProviderCompletion, "attempts">> {
    await options.breakers.gate(provider, model);
    const outgoing: CompletionRequest = {
      ...request,
      max_tokens: request.max_tokens ?? maxTokens,
      timeout_ms: timeoutOf(config, request),
      ...(request.model !== undefined ? { model: request.model } : {}),
    };
    const { reservation, levels } = await options.gate.reserve({
      provider,
      model,
      caller: context.caller,
      ...(context.session !== undefined ? { session: context.session } : {}),
      estimate: { input: estimateInputTokens(outgoing), output: outgoing.max_tokens! },
    });
    const began = performance.now();
    let result: CompletionResult;
    try {
      const plugin = await pluginOf(provider, config);
      result = await plugin.complete(outgoing, {
        timeoutMs: outgoing.timeout_ms! + 2000,
        ...(context.signal !== undefined ? { signal: context.signal } : {}),
      });
      tracked.get(provider)?.ok();
    } catch (error) {
      if (started.has(provider)) tracked.get(provider)?.failed(error);
      const failure = classifyFailure(error);
      const latencyMs = Math.round(performance.now() - began);
      if (NEVER_REACHED.has(failure.kind)) await options.gate.release(reservation);
      else {
        await options.gate.settle(reservation, {
          usage: { input: 0, output: 0 },
          latencyMs,
          ok: false,
          error: failure.message.slice(0, 500),
        });
      }
      await recordFailure(provider, model, failure);
      throw error;
    }
    const latencyMs = Math.round(performance.now() - began);
    const entry = await options.gate.settle(reservation, {
      usage: result.usage,
      model: result.model,
      latencyMs,
      ok: true,
    });
    await options.breakers.record(provider, model, { ok: true });
    return {
      ...result,
      provider,
      costUsd: entry.costUsd,
      ledgerId: entry.id,
      budgetLevels: levels,
    };
  }

  async function recordFailure(provider: string, model: string, failure: Failure): Promise<void> {
    if (failure.transient) {
      await options.breakers.record(provider, model, {
        ok: false,
        error: `${failure.kind}${failure.status ? ` ${failure.status}` : ""}: ${failure.message}`,
      });
    } else if (failure.kind === "bad_request" || failure.kind === "auth") {
      // The provider answered: it is up, whatever was wrong with this request.
      await options.breakers.record(provider, model, { ok: true });
    }
  }

  return {
    names: () => [...configs.keys()],
    modelOf,
    async available(provider, model) {
      const record = await options.breakers.get(provider, model ?? modelOf(provider));
      if (record === undefined || record.state === "closed") return { ok: true };
      if (record.state === "half_open" && (record.probeUntil ?? 0) < Date.now()) {
        return { ok: true, breaker: record };
      }
      return { ok: false, breaker: record };
    },
    async complete(provider, request, context) {
      const config = configOf(provider);
      const model = modelOf(provider, request);
      let attempts = 0;
      try {
        const result = await withRetry(
          () => {
            attempts++;
            return attempt(provider, config, request, context, model);
          },
          options.breakers.settings,
          context.signal !== undefined ? { signal: context.signal } : {},
        );
        return { ...result, attempts };
      } catch (error) {
        if (
          error instanceof TaskorchError &&
          ["BREAKER_OPEN", "BUDGET_EXCEEDED", "PLUGIN_PERMISSION_DENIED", "PLUGIN_INVALID"]
            .includes(error.code)
        ) throw error;
        const failure = classifyFailure(error);
        throw new TaskorchError(
          "PROVIDER_FAILED",
          `Provider "${provider}" (${model}) failed after ${attempts} attempt${
            attempts === 1 ? "" : "s"
          }: ${failure.kind}${failure.status ? ` ${failure.status}` : ""}: ${
            failure.message || errorMessage(error)
          }`,
          { cause: error },
        );
      }
    },
    async close() {
      closed = true;
      const handles = [...started.values()];
      started.clear();
      for (const entry of tracked.values()) entry.remove();
      tracked.clear();
      await Promise.allSettled(handles.map(async (h) => (await h).close()));
    },
  };
}
