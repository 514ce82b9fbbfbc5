/**
 * The grader pool: sandboxed grader processes started on first use and kept alive, so a
 * long-lived process (the MCP server, `taskorch grade` over many outputs) pays each cold
 * start once. A process is keyed by grader, options and (for graders that read the
 * workspace) the workspace its read grant covers. A start that fails is forgotten, so the
 * next grade tries again.
 *
 * @module
 */

import type { Permissions } from "../plugin/types.ts";
import { type SandboxedPlugin, type SandboxReport, startPlugin } from "../sandbox.ts";
import { type LivePlugin, trackPlugin } from "../plugin/live_plugins.ts";

/** How to start one grader process. */
export interface GraderLaunch {
  /** The grader's name (for the key and messages). */
  name: string;
  /** Its module specifier. */
  from: string;
  /** What it is granted. */
  grant: Permissions;
  /** Its options. */
  options: Record<string, unknown>;
  /** The folder it runs in (relative grants resolve against it). */
  cwd: string;
  /** A deno.json for its imports (built-ins), else none. */
  config?: string;
  /** Per-call timeout, in ms. */
  timeoutMs: number;
}

/** Sandboxed graders kept alive between grades. */
export interface GraderPool {
  /** The running (or starting) grader for a launch; starts it on first use. */
  get(launch: GraderLaunch): Promise<SandboxedPlugin>;
  /** How many processes are running or starting. */
  readonly size: number;
  /** Stops every process. */
  close(): Promise<void>;
}

/** Options of {@linkcode createGraderPool}. */
export interface GraderPoolOptions {
  /** Sandbox reports (crashes, timeouts, stderr), for operators. */
  onReport?: (report: SandboxReport) => void;
}

/**
 * Creates an empty pool.
 *
 * @example
 * ```ts
 * import { createGraderPool } from "./pool.ts";
 * const pool = createGraderPool();
 * console.assert(pool.size === 0);
 * await pool.close();
 * ```
 */
export function createGraderPool(options: GraderPoolOptions = {}): GraderPool {
  const running = new Map<string, Promise<SandboxedPlugin>>();
  const removals = new Map<string, () => void>();
  let closed = false;
  return {
    get(launch) {
      const key = JSON.stringify([launch.from, launch.options, launch.grant, launch.cwd]);
      let plugin = running.get(key);
      if (plugin === undefined) {
        plugin = startPlugin(launch.from, {
          kind: "grader",
          grant: launch.grant,
          options: launch.options,
          cwd: launch.cwd,
          config: launch.config,
          timeoutMs: launch.timeoutMs,
          startTimeoutMs: Math.max(15_000, launch.timeoutMs),
          onReport: options.onReport,
        });
        removals.get(key)?.(); // a failed start before this one
        const tracked = trackPlugin("grader", launch.name, launch.from, plugin);
        removals.set(key, tracked.remove);
        // Calls are counted for plugins_list: the pool hands out a counting wrapper.
        plugin = plugin.then((p) => counting(p, tracked));
        running.set(key, plugin);
        plugin.then(
          (p) => {
            if (closed) void p.close();
          },
          () => {
            if (running.get(key) === plugin) running.delete(key);
          },
        );
      }
      return plugin;
    },
    get size() {
      return running.size;
    },
    async close() {
      closed = true;
      const all = [...running.values()];
      running.clear();
      for (const remove of removals.values()) remove();
      removals.clear();
      await Promise.allSettled(all.map(async (p) => await (await p).close()));
    },
  };
}

/** The plugin, with its grades counted as answered or failed for `plugins_list`. */
function counting(plugin: SandboxedPlugin, tracked: LivePlugin): SandboxedPlugin {
  return {
    get meta() {
      return plugin.meta;
    },
    get specifier() {
      return plugin.specifier;
    },
    call: (input, options) => plugin.call(input, options),
    check: (event, options) => plugin.check(event, options),
    complete: (request, options) => plugin.complete(request, options),
    async grade(input, options) {
      try {
        const result = await plugin.grade(input, options);
        tracked.ok();
        return result;
      } catch (error) {
        tracked.failed(error);
        throw error;
      }
    },
    status: () => plugin.status(),
    reports: () => plugin.reports(),
    close: () => plugin.close(),
  };
}

let shared: GraderPool | undefined;

/** The process's own pool (the MCP server's): created on first use, never closed by callers. */
export function sharedGraderPool(): GraderPool {
  shared ??= createGraderPool();
  return shared;
}
