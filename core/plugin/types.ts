/**
 * The plugin contract (DESIGN.md, Plugins): what a guard, grader or provider module
 * default-exports, and the plain data that goes in and out of it.
 *
 * Everything a plugin receives or returns is structured-clone-able JSON: a plugin runs
 * in its own Deno subprocess and talks to the host over JSON lines.
 *
 * @module
 */

import type { AgentEvent } from "../event.ts";
import type { Category, Decision, Severity } from "../verdict.ts";
import type { Usage } from "../cost/types.ts";

export type { Usage };

/** The three kinds of plugin. */
export type PluginKind = "guard" | "grader" | "provider";

/**
 * What a plugin asks to be allowed to do. Nothing is allowed by default.
 *
 * - `net`: hosts, optionally with a port (`api.openai.com`, `127.0.0.1:8080`);
 * - `env`: environment variable names (`OPENAI_API_KEY`);
 * - `read`, `write`: file system paths (a directory covers what is under it); relative
 *   paths are relative to the workspace the host runs in.
 */
export interface Permissions {
  /** Hosts the plugin may connect to. */
  net?: string[];
  /** Environment variables the plugin may read. */
  env?: string[];
  /** Paths the plugin may read. */
  read?: string[];
  /** Paths the plugin may write. */
  write?: string[];
}

/** A plugin's static description, read by the sandbox before any call. */
export interface PluginMeta {
  /** A unique name: lower case letters, digits, `-`, `_`, `.`, `/` and `@` (an npm-like name). */
  name: string;
  /** A semver version, e.g. `1.0.0`. */
  version: string;
  /** One sentence on what it does, for operators and `plugins list`. */
  description: string;
  /** Which kind it is; must match the `define*` helper used. */
  kind: PluginKind;
  /** What it asks to be allowed to do; the operator must grant at least this. */
  permissions: Permissions;
}

/**
 * A schema for a plugin's options: anything with zod's `safeParse` (a zod schema is the
 * intended one). Options are validated in the plugin's own process before the first call.
 */
export interface OptionsSchema<T = unknown> {
  /** Returns the parsed options or the issues. */
  safeParse(
    value: unknown,
  ): { success: true; data: T } | {
    success: false;
    error: { issues?: ReadonlyArray<{ path?: ReadonlyArray<PropertyKey>; message: string }> };
  };
}

/**
 * A plugin's cache, brokered by the host (plugins never touch KV): entries live in the
 * plugin's own namespace, expire after `ttlMs`, and hold JSON values of bounded size. A
 * failed request rejects (the host reports it); treat a cache as an optimisation only.
 */
export interface PluginCache {
  /** The value stored under `key`, or undefined when absent or expired. */
  get(key: string): Promise<unknown>;
  /** Stores `value` (JSON) under `key` for `ttlMs` milliseconds (at most 30 days). */
  set(key: string, value: unknown, ttlMs: number): Promise<void>;
}

/** What a behaviour function receives besides its input. */
export interface PluginContext<O = unknown> {
  /** The options the operator configured, parsed by the plugin's schema. */
  options: O;
  /** Aborted when the host gives up on the call. */
  signal: AbortSignal;
  /** The host's cache, when it brokers one (in the sandbox with a `cache`); else absent. */
  cache?: PluginCache;
}

/** One thing a guard noticed: the engine's finding without its `source`. */
export interface GuardFinding {
  /** The id of the check that fired, e.g. `packages.not-found`. */
  rule: string;
  /** The failure category. */
  category: Category;
  /** How bad it is if it is right. */
  severity: Severity;
  /** What was noticed, written for the agent. */
  message: string;
  /** How sure the guard is, from 0 to 1 (default 1). */
  confidence?: number;
  /** What the agent should do instead. */
  suggestion?: string;
  /** The decision this finding asks for. */
  action?: Decision;
}

/** A guard's answer for one event. */
export interface GuardResult {
  /** What it noticed; empty when nothing. */
  findings: GuardFinding[];
  /** `unknown` when the guard could not decide (offline, unreachable): never a false alarm. */
  verdict?: "unknown";
}

/** A grader's judgement of one output. */
export interface GradeResult {
  /** Whether the output passes. */
  pass: boolean;
  /** A score from 0 to 1. */
  score: number;
  /** Why, in one or two sentences. */
  reason: string;
  /** Quotes or facts the judgement rests on. */
  evidence?: string[];
  /** What grading cost, in US dollars. */
  cost?: number;
}

/**
 * What a provider's `complete` takes: one contract for every provider (OpenAI, Anthropic,
 * Gemini, any OpenAI-compatible endpoint), mapped by each plugin to its own API.
 *
 * @example
 * ```ts
 * import type { CompletionRequest } from "./types.ts";
 * const request: CompletionRequest = {
 *   messages: [{ role: "user", content: "Say hi." }],
 *   system: "Be brief.",
 *   max_tokens: 50,
 *   response_format: "text",
 * };
 * console.assert(request.messages.length === 1);
 * ```
 */
export interface CompletionRequest {
  /** The model; default: the plugin's configured default model. */
  model?: string;
  /** The conversation, oldest first; the last one is usually the user's. */
  messages: Array<{ role: "user" | "assistant"; content: string }>;
  /** System instructions, sent the way the provider expects them. */
  system?: string;
  /** The most tokens to generate (default: the plugin's, e.g. 1024). */
  max_tokens?: number;
  /** Sampling temperature (default: the provider's). */
  temperature?: number;
  /** `json` asks the provider for a JSON object (where it supports that); default `text`. */
  response_format?: "json" | "text";
  /** How long the plugin waits for the provider, in ms (the host's call timeout still applies). */
  timeout_ms?: number;
}

/**
 * A provider's answer. `usage` follows the cost ledger's convention (`core/cost/types.ts`):
 * `input` EXCLUDES cache reads and writes, `output` EXCLUDES reasoning tokens.
 */
export interface CompletionResult {
  /** The model's text. */
  text: string;
  /** The model that answered, as the provider reports it. */
  model: string;
  /** Token usage by type. */
  usage: Usage;
  /** Why generation stopped, as the provider says it (`stop`, `length`, `end_turn`...). */
  finish_reason?: string;
  /** How long the provider took, in ms, measured by the plugin. */
  latency_ms?: number;
}

/** The `meta` a spec declares: the kind is implied by the `define*` helper. */
export type SpecMeta<K extends PluginKind> = Omit<PluginMeta, "kind" | "permissions"> & {
  /** The kind; filled in by the helper, and must match it when given. */
  kind?: K;
  /** What it asks to be allowed to do (default: nothing). */
  permissions?: Permissions;
};

/** What {@linkcode defineGuard} takes. */
export interface GuardSpec<O = undefined> {
  /** Its static description. */
  meta: SpecMeta<"guard">;
  /** The options schema (a zod schema). */
  options?: OptionsSchema<O>;
  /** Judges one event. */
  check(event: AgentEvent, ctx: PluginContext<O>): GuardResult | Promise<GuardResult>;
}

/** What {@linkcode defineGrader} takes. */
export interface GraderSpec<I = unknown, O = undefined> {
  /** Its static description. */
  meta: SpecMeta<"grader">;
  /** The options schema (a zod schema). */
  options?: OptionsSchema<O>;
  /** Judges one output. */
  grade(input: I, ctx: PluginContext<O>): GradeResult | Promise<GradeResult>;
}

/** What {@linkcode defineProvider} takes. */
export interface ProviderSpec<R = CompletionRequest, O = undefined> {
  /** Its static description. */
  meta: SpecMeta<"provider">;
  /** The options schema (a zod schema). */
  options?: OptionsSchema<O>;
  /** Calls the model. */
  complete(request: R, ctx: PluginContext<O>): CompletionResult | Promise<CompletionResult>;
}

/** A guard plugin: what a guard module default-exports. */
export interface GuardPlugin<O = unknown> extends GuardSpec<O> {
  /** Its static description, with its kind. */
  meta: PluginMeta & { kind: "guard" };
}

/** A grader plugin: what a grader module default-exports. */
export interface GraderPlugin<I = unknown, O = unknown> extends GraderSpec<I, O> {
  /** Its static description, with its kind. */
  meta: PluginMeta & { kind: "grader" };
}

/** A provider plugin: what a provider module default-exports. */
export interface ProviderPlugin<R = CompletionRequest, O = unknown> extends ProviderSpec<R, O> {
  /** Its static description, with its kind. */
  meta: PluginMeta & { kind: "provider" };
}

/** Any plugin, whatever its input and options types: what the tester and the host accept. */
export type Plugin =
  & { meta: PluginMeta; options?: OptionsSchema<unknown> }
  & (
    | { check(event: never, ctx: never): unknown }
    | { grade(input: never, ctx: never): unknown }
    | { complete(request: never, ctx: never): unknown }
  );

/** The behaviour function each kind exposes, by name. */
export const METHOD_OF: Readonly<Record<PluginKind, "check" | "grade" | "complete">> = {
  guard: "check",
  grader: "grade",
  provider: "complete",
};
