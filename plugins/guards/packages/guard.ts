/**
 * The hallucinated-package guard's logic: before a Bash install command runs, each package it
 * names is looked up on its registry (through a cache) and judged by its signals. A registry that
 * cannot be reached makes the verdict `unknown`, never a finding.
 *
 * @module
 */

import type { AgentEvent } from "../../../core/event.ts";
import { asLookup, cacheKey, type CacheTtls, DEFAULT_TTLS, type TtlCache, ttlOf } from "./cache.ts";
import { installedPackages, type PackageRef } from "./install_commands.ts";
import type { PopularLists } from "./popular.ts";
import type { Lookup, Registries } from "./registries.ts";
import { type GuardFinding, isPopular, packageSignals } from "./signals.ts";

/** What a guard returns: its findings, and `unknown` when it could not judge everything. */
export interface GuardResult {
  /** Signals about the packages, in command order. */
  findings: GuardFinding[];
  /** `unknown` when at least one registry could not answer. */
  verdict?: "unknown";
}

/** What {@linkcode checkPackages} works with. */
export interface CheckPackagesOptions {
  /** The registries by ecosystem; a package of an ecosystem without one is not checked. */
  registries: Registries;
  /** Where answers are cached (none: every call asks the registries). */
  cache?: TtlCache;
  /** How long answers are cached. */
  ttls?: CacheTtls;
  /** The clock (default `Date.now`). */
  now?: () => number;
  /** A package first published fewer than this many days ago is new (default 30). */
  minAgeDays?: number;
  /** Popular names by ecosystem (default: the shipped lists). */
  popular?: PopularLists;
  /** At most this many packages are looked up per command (default 20); the rest are skipped. */
  maxPackages?: number;
  /** Cancels the lookups (the host's time budget). */
  signal?: AbortSignal;
}

/** The tools whose `command` input is a shell command line. */
const SHELL_TOOLS = new Set(["Bash"]);

/** The events at which an install has not run yet. */
const BEFORE_EVENTS = new Set(["PreToolUse", "PermissionRequest"]);

/** The shell command an event is about to run, if any. */
export function commandOf(event: AgentEvent): string | undefined {
  if (!BEFORE_EVENTS.has(event.hook_event_name)) return undefined;
  if (event.tool_name === undefined || !SHELL_TOOLS.has(event.tool_name)) return undefined;
  const command = event.tool_input?.command;
  return typeof command === "string" ? command : undefined;
}

async function lookupCached(
  ref: PackageRef,
  options: CheckPackagesOptions,
): Promise<{ lookup: Lookup; host: string } | undefined> {
  const registry = options.registries[ref.ecosystem];
  if (registry === undefined) return undefined;
  const key = cacheKey(ref.ecosystem, ref.name);
  if (options.cache !== undefined) {
    // A cache that fails is only a slower guard.
    const cached = asLookup(await options.cache.get(key).catch(() => undefined));
    if (cached !== undefined) return { lookup: cached, host: registry.host };
  }
  const lookup = await registry.lookup(ref.name, options.signal);
  const ttl = ttlOf(lookup, options.ttls ?? DEFAULT_TTLS);
  if (options.cache !== undefined && ttl !== undefined) {
    await options.cache.set(key, lookup, ttl).catch(() => undefined);
  }
  return { lookup, host: registry.host };
}

/**
 * Checks the packages a Bash install command names.
 *
 * Popular packages are not looked up (they exist and are old); packages installed from another
 * registry or index named on the command line are not checked (the public registry's answer says
 * nothing about them); lookups run concurrently.
 *
 * @example
 * ```ts
 * import { checkPackages } from "./guard.ts";
 * import { MemoryCache } from "./cache.ts";
 * import { npmRegistry } from "./registries.ts";
 * const result = await checkPackages(
 *   { hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command: "npm i lodash" } },
 *   { registries: { npm: npmRegistry({ baseUrl: "http://127.0.0.1:9" }) }, cache: new MemoryCache() },
 * );
 * console.assert(result.findings.length === 0); // lodash is popular: not even looked up
 * ```
 */
export async function checkPackages(
  event: AgentEvent,
  options: CheckPackagesOptions,
): Promise<GuardResult> {
  const command = commandOf(event);
  if (command === undefined) return { findings: [] };
  const refs = installedPackages(command)
    .filter((ref) => ref.customRegistry !== true && !isPopular(ref, options.popular))
    .slice(0, options.maxPackages ?? 20);
  if (refs.length === 0) return { findings: [] };

  const answers = await Promise.all(refs.map((ref) => lookupCached(ref, options)));
  const now = (options.now ?? Date.now)();
  const findings: GuardFinding[] = [];
  let unknown = false;
  refs.forEach((ref, i) => {
    const answer = answers[i];
    if (answer === undefined) return;
    if (answer.lookup.status === "unknown") unknown = true;
    findings.push(...packageSignals(ref, answer.lookup, {
      host: answer.host,
      now,
      minAgeDays: options.minAgeDays,
      popular: options.popular,
    }));
  });
  return unknown ? { findings, verdict: "unknown" } : { findings };
}
