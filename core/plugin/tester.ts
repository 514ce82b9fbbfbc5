/**
 * `PluginTester`, like ESLint's RuleTester: a plugin author tests a plugin with tables of
 * named cases. It checks the plugin's `meta` (name, semver version, description,
 * permissions shape), its options schema and every result's shape. It runs the plugin
 * in-process (it is the author's own code under test) or, with `sandbox: true`, through
 * the real sandbox, exactly as taskorch will run it.
 *
 * @module
 */

import { errorMessage, TaskorchError } from "../errors.ts";
import type { AgentEvent } from "../event.ts";
import { type SandboxedPlugin, startPlugin } from "../sandbox.ts";
import type { GradeResult, GuardFinding, GuardResult, Permissions, Plugin } from "./types.ts";
import { METHOD_OF } from "./types.ts";
import { validateMeta, validateResult } from "./validate.ts";

/** What an expected finding may pin down; a string `message` must be contained. */
export interface ExpectedFinding {
  /** The exact rule id. */
  rule?: string;
  /** The exact category. */
  category?: GuardFinding["category"];
  /** The exact severity. */
  severity?: GuardFinding["severity"];
  /** A part of the message, or a pattern it must match. */
  message?: string | RegExp;
  /** The exact action. */
  action?: GuardFinding["action"];
}

/** One case. A guard's input is `event`; a grader's or provider's is `input`. */
export interface PluginCase {
  /** The case's name, shown in the test report. */
  name: string;
  /** The event for a guard. */
  event?: AgentEvent;
  /** The input for a grader or provider. */
  input?: unknown;
  /** Options for this case (default: the tester's). */
  options?: unknown;
}

/** A case that must be invalid: a guard must find something, a grader must fail it. */
export interface InvalidCase extends PluginCase {
  /** A guard's expected findings, in order (or just how many); default: at least one. */
  findings?: ExpectedFinding[] | number;
}

/** Options the schema must reject. */
export interface InvalidOptionsCase {
  /** The case's name. */
  name: string;
  /** The options. */
  options: unknown;
  /** A part of the error, or a pattern it must match. */
  error?: string | RegExp;
}

/** The tables of {@linkcode PluginTester.run}. */
export interface PluginTests {
  /** Cases that must pass: a guard finds nothing, a grader passes, a provider answers. */
  valid?: PluginCase[];
  /** Cases that must not pass: a guard finds something, a grader fails. */
  invalid?: InvalidCase[];
  /** Options the plugin's schema must reject. */
  invalidOptions?: InvalidOptionsCase[];
}

/** Options of {@linkcode PluginTester}. */
export interface PluginTesterOptions {
  /** Default options for every case. */
  options?: unknown;
  /** Run through the real sandbox instead of in-process (needs `module`). */
  sandbox?: boolean;
  /** The plugin's module (path or URL), for `sandbox: true`. */
  module?: string | URL;
  /** The grant in the sandbox (default: exactly what the plugin's meta asks for). */
  grant?: Permissions;
  /** A deno.json for the plugin's imports in the sandbox. */
  config?: string;
  /** Per-call timeout in ms (default 5000). */
  timeoutMs?: number;
}

/** The outcome of one case. */
export interface CaseOutcome {
  /** The case's name, prefixed with its table. */
  name: string;
  /** Whether it passed. */
  ok: boolean;
  /** Why not. */
  error?: string;
}

function matches(text: string, expected: string | RegExp): boolean {
  return typeof expected === "string" ? text.includes(expected) : expected.test(text);
}

function describeOptionsIssues(result: ReturnType<NonNullable<Plugin["options"]>["safeParse"]>) {
  if (result.success) return "";
  return (result.error.issues ?? []).map((issue) =>
    `${(issue.path ?? []).map(String).join(".") || "(root)"}: ${issue.message}`
  ).join("; ");
}

/**
 * Tests a plugin with tables of named cases.
 *
 * @example
 * ```ts
 * import { defineGuard } from "./define.ts";
 * import { PluginTester } from "./tester.ts";
 * const guard = defineGuard({
 *   meta: { name: "no-sudo", version: "1.0.0", description: "Flags sudo." },
 *   check: (event) => ({
 *     findings: String(event.tool_input?.command ?? "").startsWith("sudo ")
 *       ? [{ rule: "no-sudo", category: "destructive_command", severity: "high", message: "sudo" }]
 *       : [],
 *   }),
 * });
 * const bash = (command: string) => ({
 *   hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command },
 * });
 * const outcomes = await new PluginTester(guard).runCases({
 *   valid: [{ name: "ls", event: bash("ls") }],
 *   invalid: [{ name: "sudo", event: bash("sudo rm x"), findings: [{ rule: "no-sudo" }] }],
 * });
 * console.assert(outcomes.every((o) => o.ok));
 * ```
 */
export class PluginTester {
  readonly #plugin: Plugin;
  readonly #options: PluginTesterOptions;

  /** Creates a tester for the plugin a module default-exports. */
  constructor(plugin: Plugin, options: PluginTesterOptions = {}) {
    this.#plugin = plugin;
    this.#options = options;
    if (options.sandbox && options.module === undefined) {
      throw new TaskorchError(
        "INPUT_INVALID",
        'PluginTester with sandbox: true needs `module`, the plugin\'s path or URL (e.g. new URL("./my_guard.ts", import.meta.url)).',
      );
    }
  }

  /** Registers one Deno test named `name`, with a step per check and per case. */
  run(name: string, tests: PluginTests): void {
    Deno.test(name, async (t) => {
      const outcomes = await this.runCases(tests, async (outcome, body) => {
        await t.step(outcome, body);
      });
      const failed = outcomes.filter((o) => !o.ok);
      if (failed.length > 0) {
        throw new Error(
          `${failed.length} of ${outcomes.length} checks failed:\n` +
            failed.map((o) => `- ${o.name}: ${o.error}`).join("\n"),
        );
      }
    });
  }

  /**
   * Runs the checks and cases and returns their outcomes (`run` without `Deno.test`).
   * `step`, when given, wraps each (as `t.step` does).
   */
  async runCases(
    tests: PluginTests,
    step?: (name: string, body: () => Promise<void>) => Promise<void>,
  ): Promise<CaseOutcome[]> {
    const outcomes: CaseOutcome[] = [];
    const record = async (name: string, body: () => void | Promise<void>): Promise<void> => {
      const outcome: CaseOutcome = { name, ok: true };
      outcomes.push(outcome);
      const guarded = async () => {
        try {
          await body();
        } catch (error) {
          outcome.ok = false;
          outcome.error = errorMessage(error);
          throw error;
        }
      };
      if (step) await step(name, guarded).catch(() => {});
      else await guarded().catch(() => {});
    };

    const plugin = this.#plugin;
    let kind = plugin.meta?.kind;
    await record("meta", () => {
      const meta = validateMeta(plugin.meta);
      kind = meta.kind;
      const method = METHOD_OF[meta.kind];
      if (typeof (plugin as unknown as Record<string, unknown>)[method] !== "function") {
        throw new Error(`a ${meta.kind} needs a ${method} function`);
      }
    });
    if (outcomes[0].ok === false) return outcomes;

    for (const item of tests.invalidOptions ?? []) {
      await record(`invalid options: ${item.name}`, () => {
        if (plugin.options === undefined) throw new Error("the plugin has no options schema");
        const result = plugin.options.safeParse(item.options);
        if (result.success) throw new Error(`the schema accepted ${JSON.stringify(item.options)}`);
        const issues = describeOptionsIssues(result);
        if (item.error !== undefined && !matches(issues, item.error)) {
          throw new Error(`the schema's error "${issues}" does not match ${item.error}`);
        }
      });
    }

    const sandboxes = new Map<string, Promise<SandboxedPlugin>>();
    const call = async (item: PluginCase): Promise<unknown> => {
      const options = item.options ?? this.#options.options ?? {};
      const input = kind === "guard" ? item.event : item.input;
      if (input === undefined) {
        throw new Error(`the case has no ${kind === "guard" ? "event" : "input"}`);
      }
      if (this.#options.sandbox) {
        const key = JSON.stringify(options);
        if (!sandboxes.has(key)) {
          sandboxes.set(
            key,
            startPlugin(String(this.#options.module), {
              kind,
              options,
              grant: this.#options.grant ?? plugin.meta.permissions,
              config: this.#options.config,
              timeoutMs: this.#options.timeoutMs,
            }),
          );
        }
        const sandboxed = await sandboxes.get(key)!;
        return await sandboxed.call(input, { timeoutMs: this.#options.timeoutMs });
      }
      let parsed: unknown = options;
      if (plugin.options !== undefined) {
        const result = plugin.options.safeParse(options);
        if (!result.success) throw new Error(`invalid options: ${describeOptionsIssues(result)}`);
        parsed = result.data;
      }
      const method = METHOD_OF[kind!];
      const fn = (plugin as unknown as Record<string, unknown>)[method] as (
        input: unknown,
        ctx: { options: unknown; signal: AbortSignal },
      ) => unknown;
      const raw = await fn.call(plugin, input, {
        options: parsed,
        signal: new AbortController().signal,
      });
      const cloned = structuredClone(raw);
      return validateResult(
        kind!,
        JSON.parse(JSON.stringify(cloned)),
        `plugin "${plugin.meta.name}"`,
      );
    };

    try {
      for (const item of tests.valid ?? []) {
        await record(`valid: ${item.name}`, async () => {
          const result = await call(item);
          if (kind === "guard" && (result as GuardResult).findings.length > 0) {
            throw new Error(
              `expected no findings, got ${JSON.stringify((result as GuardResult).findings)}`,
            );
          }
          if (kind === "grader" && !(result as GradeResult).pass) {
            throw new Error(`expected a pass, got ${JSON.stringify(result)}`);
          }
        });
      }
      for (const item of tests.invalid ?? []) {
        await record(`invalid: ${item.name}`, async () => {
          const result = await call(item);
          if (kind === "grader") {
            if ((result as GradeResult).pass) throw new Error(`expected a fail, got a pass`);
            return;
          }
          if (kind !== "guard") throw new Error("a provider has no invalid cases");
          const findings = (result as GuardResult).findings;
          const expected = item.findings;
          if (expected === undefined) {
            if (findings.length === 0) throw new Error("expected findings, got none");
            return;
          }
          const count = typeof expected === "number" ? expected : expected.length;
          if (findings.length !== count) {
            throw new Error(
              `expected ${count} finding(s), got ${findings.length}: ${JSON.stringify(findings)}`,
            );
          }
          if (typeof expected === "number") return;
          expected.forEach((want, i) => {
            const got = findings[i];
            for (const key of ["rule", "category", "severity", "action"] as const) {
              if (want[key] !== undefined && got[key] !== want[key]) {
                throw new Error(`finding ${i}: expected ${key} ${want[key]}, got ${got[key]}`);
              }
            }
            if (want.message !== undefined && !matches(got.message, want.message)) {
              throw new Error(
                `finding ${i}: message "${got.message}" does not match ${want.message}`,
              );
            }
          });
        });
      }
    } finally {
      for (const started of sandboxes.values()) {
        await started.then((s) => s.close(), () => {});
      }
    }
    return outcomes;
  }
}
