/**
 * Assembles what the doors share: the configuration, the rule packs and the engine.
 * Every CLI command and transport builds its runtime here, so they all judge events the
 * same way.
 *
 * @module
 */

import { type Config, loadConfig } from "./config.ts";
import { type Checker, createEngine, type Engine } from "./engine.ts";
import { errorMessage } from "./errors.ts";
import { createMemoryChecker, MEMORY_EVENTS } from "./memory/checker.ts";
import { createRulesChecker } from "./rules/checker.ts";
import { BUILTIN_PACKS, builtinPackUrl, loadPack } from "./rules/load.ts";
import type { GuardChecker } from "./plugin/guard_checker.ts";
import type { Providers } from "./providers/providers.ts";
import type { SharedProviders } from "./providers/shared.ts";
import type { Pack } from "./rules/types.ts";
import type { Store } from "./store.ts";

/** The events the claim-vs-evidence checker judges (see `core/claims/checker.ts`). */
const CLAIM_EVENTS: readonly string[] = ["Stop", "SubagentStop"];

/**
 * The claim-vs-evidence checker, imported on the first Stop or SubagentStop event only:
 * a PreToolUse hook process never loads the transcript and claims code.
 */
function lazyClaimsChecker(): Checker {
  let loaded: Promise<Checker> | undefined;
  return {
    name: "claims",
    async check(event) {
      if (!CLAIM_EVENTS.includes(event.hook_event_name)) return [];
      loaded ??= import("./claims/checker.ts").then((m) => m.createClaimsChecker());
      return (await loaded).check(event);
    },
  };
}

/** Options of {@linkcode createRuntime}. */
export interface RuntimeOptions {
  /** The store location (`--kv`); see `core/store.ts` for the default. */
  kv?: string;
  /** Fail closed: a checker that throws fails the evaluation instead of warning. */
  failClosed?: boolean;
  /** The workspace whose `.taskorch/config.yaml` applies (default: none). */
  cwd?: string;
  /** Extra packs to load, by path or URL (`--pack`). */
  packs?: string[];
  /** Skip the built-in packs. */
  noBuiltins?: boolean;
  /** Use a given config instead of reading the files. */
  config?: Config;
  /**
   * Load only the rules of this hook event, without inline tests (`taskorch hook`: one
   * process per event pays only for its own rules).
   */
  event?: string;
}

/** The assembled runtime. */
export interface Runtime {
  /** The engine every door calls. */
  engine: Engine;
  /** The loaded packs. */
  packs: Pack[];
  /** The configuration in force. */
  config: Config;
  /** Packs or config that failed to load; the rest still runs. Report them loudly. */
  problems: string[];
  /** The store location asked for, if any. */
  kv?: string;
  /**
   * The guard plugins' checker, when plugins are configured (its module and processes load
   * only then; processes start on the first event). In a hook process (`event` given) only
   * plugins marked `hook: true` run.
   */
  guards?: GuardChecker;
  /**
   * Runs `use` with the runtime's store (opened on first use, closed by `close`): the one the
   * memory checker reads, for the doors that write (the MCP tools).
   */
  withStore<T>(use: (store: Store) => Promise<T>): Promise<T>;
  /**
   * The configured LLM providers over the runtime's store, opened on first use and kept (with
   * the provider plugin processes they start) until `close`: `serve` shares them between
   * `agent_run` and the LLM judges (core/providers/shared.ts).
   */
  providers(): Promise<Providers>;
  /** Releases what the runtime holds. */
  close(): Promise<void>;
}

/** Builds the runtime. A user pack that fails to load is reported, never fatal. */
export async function createRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const problems: string[] = [];
  let config: Config;
  if (options.config) config = options.config;
  else {
    try {
      config = await loadConfig(options.cwd);
    } catch (error) {
      problems.push(errorMessage(error));
      config = (await import("./config.ts")).defaultConfig();
    }
  }
  const packs: Pack[] = [];
  if (!options.noBuiltins) {
    // Built-in packs are part of taskorch: if one fails, taskorch itself is broken.
    const builtins = await Promise.all(
      BUILTIN_PACKS.map((name) => loadPack(builtinPackUrl(name), { event: options.event })),
    );
    packs.push(...builtins.filter((p) => !config.disabledPacks.includes(p.id)));
  }
  for (const location of [...config.addedPacks, ...(options.packs ?? [])]) {
    try {
      packs.push(await loadPack(location, { event: options.event }));
    } catch (error) {
      problems.push(errorMessage(error));
    }
  }
  const seen = new Map<string, string>();
  const unique: Pack[] = [];
  for (const pack of packs) {
    const clash = pack.rules.find((r) => seen.has(r.id));
    if (clash) {
      problems.push(
        `Cannot load rule pack "${pack.source}": rule "${clash.id}" is already defined in "${
          seen.get(clash.id)
        }"`,
      );
      continue;
    }
    for (const rule of pack.rules) seen.set(rule.id, pack.source);
    unique.push(pack);
  }
  const checker = createRulesChecker(unique, { overrides: config.rules });
  const checkers: Checker[] = [checker];
  if (options.event === undefined || CLAIM_EVENTS.includes(options.event)) {
    checkers.push(lazyClaimsChecker());
  }
  // Learned memory: opens the store only for its events, and only once a pattern exists. A
  // hook process (one event) also learns from PostToolUse successes that memory matched.
  const learnFromSuccess = options.event === "PostToolUse";
  // A one-event process asks the presence filter before it opens the store for the memory.
  const memory = createMemoryChecker({
    kv: options.kv,
    learnFromSuccess,
    presence: options.event !== undefined,
  });
  if (options.event === undefined || learnFromSuccess || MEMORY_EVENTS.includes(options.event)) {
    checkers.push(memory);
  }
  // Guard plugins: the sandbox module loads only when plugins are configured.
  let guards: GuardChecker | undefined;
  // In the one-event hook process only guards marked `hook: true` run: with none, nothing of the
  // plugin host is even imported.
  const hookProcess = options.event !== undefined;
  // Plugins that rules use through `plugin:` leaves answer those rules only.
  const ruleOnly = [...new Set(checker.pluginRules.flatMap((r) => r.plugins))];
  const runsHere = (p: Config["plugins"][number]) =>
    p.kind === "guard" && p.enabled && (!hookProcess || p.hook);
  if (config.plugins.some(runsHere)) {
    const [{ createGuardChecker }, { KvPluginCache }] = await Promise.all([
      import("./plugin/guard_checker.ts"),
      import("./plugin/kv_cache.ts"),
    ]);
    guards = createGuardChecker({
      plugins: config.plugins,
      cwd: options.cwd,
      hookOnly: options.event !== undefined,
      problems,
      ruleOnly,
      // The guards' ctx.cache lives in the runtime's store, opened when first used.
      cache: {
        get: (namespace, key) =>
          memory.withStore((store) => new KvPluginCache(store).get(namespace, key)),
        set: (namespace, key, value, ttlMs) =>
          memory.withStore((store) => new KvPluginCache(store).set(namespace, key, value, ttlMs)),
      },
    });
    if (guards.active) checkers.push(guards);
  }
  if (checker.pluginRules.length > 0) {
    const { createPluginRulesChecker } = await import("./rules/plugin_rules.ts");
    const pluginRules = createPluginRulesChecker(
      checker.pluginRules,
      guards ?? {
        // No guard runs here: configured ones are skipped (hook process), others missing.
        presence: (name) =>
          config.plugins.some((p) => p.name === name && p.kind === "guard") ? "skipped" : "missing",
        ask: () => Promise.resolve({ error: "is not running in this process" }),
      },
      { overrides: config.rules, problems },
    );
    // Right after the rules, so findings keep the order of their sources.
    if (pluginRules.rules.length > 0) checkers.splice(1, 0, pluginRules);
  }
  const engine = createEngine({
    checkers,
    onCheckerError: options.failClosed || config.failClosed ? "throw" : "warn",
    minConfidence: config.minConfidence,
  });
  // Imported on first use only: a hook process never loads the providers.
  let shared: Promise<SharedProviders> | undefined;
  const sharedProviders = () =>
    shared ??= import("./providers/shared.ts").then(({ shareProviders }) =>
      shareProviders(async () => {
        const { openProviders } = await import("./providers/open.ts");
        return await memory.withStore((store) =>
          openProviders(store, config, options.cwd !== undefined ? { cwd: options.cwd } : {})
        );
      })
    );
  return {
    engine,
    packs: unique,
    config,
    problems,
    kv: options.kv,
    guards,
    withStore: memory.withStore,
    providers: async () => await (await sharedProviders()).get(),
    close: async () => {
      await guards?.close();
      await (await shared)?.close();
      await memory.close();
    },
  };
}
