/**
 * The plugin sandbox: one Deno subprocess per plugin, started with exactly the permissions
 * the operator grants (nothing by default), a V8 heap cap, and a per-call timeout enforced
 * with SIGKILL. The host never imports plugin code: the process runs
 * `core/sandbox/runner.ts`, which loads the plugin and serves calls over JSON lines.
 * A crashed or killed process restarts on the next call after an exponential backoff;
 * after `maxCrashes` failures in a row the plugin is reported broken. Concurrent calls
 * are multiplexed by id. A plugin whose `meta.permissions` asks for more than the grant is
 * refused with `PLUGIN_PERMISSION_DENIED`, naming the permission.
 *
 * @module
 */

import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { errorMessage, TaskorchError } from "./errors.ts";
import type { AgentEvent } from "./event.ts";
import { type PluginCacheStore, pluginNamespace } from "./plugin/kv_cache.ts";
import { assertGranted, permissionFlags } from "./plugin/permissions.ts";
import type {
  CompletionResult,
  GradeResult,
  GuardResult,
  Permissions,
  PluginKind,
  PluginMeta,
} from "./plugin/types.ts";
import { validateMeta, validateResult } from "./plugin/validate.ts";
import { boundedLines } from "./sandbox/bounded_lines.ts";
import {
  type CacheMessage,
  decodeFrame,
  type HostMessage,
  type RunnerMessage,
} from "./sandbox/protocol.ts";

/** Where the runner script lives (a file or, from JSR, an https URL). */
export const RUNNER_URL: string = new URL("./sandbox/runner.ts", import.meta.url).href;

/** Deno's own variables a plugin process needs to find its cache; the plugin cannot read them. */
const RUNTIME_ENV = [
  "DENO_DIR",
  "HOME",
  "XDG_CACHE_HOME",
  "DENO_CERT",
  "DENO_TLS_CA_STORE",
  "NPM_CONFIG_REGISTRY",
  "JSR_URL",
  "HTTP_PROXY",
  "HTTPS_PROXY",
  "NO_PROXY",
];

const MAX_LINE = 8 * 1024 * 1024;
const MAX_REPORTS = 200;
const STDERR_TAIL = 30;
const MAX_CACHE_KEY = 512;
const MAX_CACHE_TTL_MS = 30 * 24 * 3_600_000;

/** What happened to a plugin, for operators: each is also passed to `onReport`. */
export interface SandboxReport {
  /** The plugin's name (its specifier until its hello arrived). */
  plugin: string;
  /**
   * `stdout`: a line that is not a frame; `stderr`: a line on stderr; `protocol`: a bad
   * frame; `crash`: the process died; `timeout`: a call overran and the process was
   * killed; `restart`: a new process is starting; `broken`: too many failures in a row;
   * `cache`: a `ctx.cache` request failed (the plugin got the error; the process goes on).
   */
  kind: "stdout" | "stderr" | "protocol" | "crash" | "timeout" | "restart" | "broken" | "cache";
  /** What happened, for a human. */
  message: string;
  /** When, in epoch milliseconds. */
  at: number;
}

/** The state of a sandboxed plugin. */
export interface PluginStatus {
  /** `ready`: a process serves calls; `down`: none runs, the next call restarts one. */
  state: "ready" | "down" | "broken" | "closed";
  /** Failures (crash, timeout, failed start) since the last successful call. */
  crashesInARow: number;
  /** Processes started after the first. */
  restarts: number;
  /** The process id of the running process. */
  pid?: number;
}

/** Options of {@linkcode startPlugin}. */
export interface SandboxOptions {
  /** What the operator grants: the process gets exactly this (default: nothing). */
  grant?: Permissions;
  /** The plugin's options (default `{}`), validated by its own schema in its process. */
  options?: unknown;
  /** The kind the host expects; a plugin of another kind is refused. */
  kind?: PluginKind;
  /** The workspace: relative paths (plugin, grants) resolve against it (default: cwd). */
  cwd?: string;
  /** V8 old-space cap in MB (default 128). */
  heapMb?: number;
  /** Per-call timeout in ms (default 5000). */
  timeoutMs?: number;
  /** How long a process may take to say hello, in ms (default 15000). */
  startTimeoutMs?: number;
  /** Failures in a row after which the plugin is broken (default 3). */
  maxCrashes?: number;
  /** First restart delay in ms, doubled per failure in a row (default 100). */
  backoffMs?: number;
  /** Longest restart delay in ms (default 5000). */
  maxBackoffMs?: number;
  /** How long `close` waits for the process after closing its stdin, in ms (default 1000). */
  graceMs?: number;
  /** A deno.json for the plugin's imports (default: none, `--no-config`). */
  config?: string;
  /** Extra environment for the process; only granted names are readable by the plugin. */
  env?: Record<string, string>;
  /** Called with every report. */
  onReport?: (report: SandboxReport) => void;
  /**
   * The cache the host brokers: the plugin's `ctx.cache` exists only when this is given, and
   * reads and writes only the namespace `plugin:<name>` (e.g. a `KvPluginCache`).
   */
  cache?: PluginCacheStore;
  /** The largest value a plugin may cache, in bytes of JSON (default 32768). */
  cacheMaxValueBytes?: number;
}

/** Options of one call. */
export interface CallOptions {
  /** This call's timeout in ms (default: the plugin's). */
  timeoutMs?: number;
  /** Cancels the call (the plugin's `ctx.signal` aborts). */
  signal?: AbortSignal;
  /**
   * Options for this call only, laid over the operator's (shallow) and validated by the
   * plugin's schema; invalid ones fail the call with PLUGIN_CALL_FAILED.
   */
  pluginOptions?: Record<string, unknown>;
}

/** A plugin running in its sandbox. */
export interface SandboxedPlugin {
  /** The plugin's validated meta, from its hello. */
  readonly meta: PluginMeta;
  /** The specifier it was loaded from. */
  readonly specifier: string;
  /** Calls its behaviour function (`check`, `grade` or `complete`); the result is validated. */
  call(input: unknown, options?: CallOptions): Promise<unknown>;
  /** Calls a guard. */
  check(event: AgentEvent, options?: CallOptions): Promise<GuardResult>;
  /** Calls a grader. */
  grade(input: unknown, options?: CallOptions): Promise<GradeResult>;
  /** Calls a provider. */
  complete(request: unknown, options?: CallOptions): Promise<CompletionResult>;
  /** Its current state. */
  status(): PluginStatus;
  /** The most recent reports (at most 200), oldest first. */
  reports(): SandboxReport[];
  /** Closes stdin, waits `graceMs`, then kills; pending calls fail with `PLUGIN_CLOSED`. */
  close(): Promise<void>;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer?: ReturnType<typeof setTimeout>;
}

interface Child {
  process: Deno.ChildProcess;
  writer: WritableStreamDefaultWriter<Uint8Array>;
  pending: Map<number, Pending>;
  stderrTail: string[];
  hello: Promise<RunnerMessage & { t: "hello" }>;
  /** Resolves when the process exited and its output is drained. */
  done: Promise<Deno.CommandStatus>;
  /** Why the host killed it, when it did. */
  killedFor?: string;
  /** Set when the host closes it on purpose. */
  closing: boolean;
}

/** Resolves a plugin specifier: paths become file URLs; `npm:`, `jsr:`, URLs stay. */
export function pluginUrl(specifier: string, cwd: string): string {
  if (/^(npm|jsr|https?|file|data):/.test(specifier)) return specifier;
  const path = isAbsolute(specifier) ? specifier : resolve(cwd, specifier);
  return pathToFileURL(path).href;
}

/**
 * Where a remote plugin's code comes from: Deno loads a module from a host only when
 * allowed to import from it, so a plugin given by URL (or `jsr:`) may import from its own
 * registry or host and nowhere else. Local and `npm:` plugins need none.
 */
export function importHosts(url: string, jsrUrl = Deno.env.get("JSR_URL")): string[] {
  const remote = /^https?:/.test(url)
    ? url
    : url.startsWith("jsr:")
    ? jsrUrl ?? "https://jsr.io"
    : "";
  if (remote === "") return [];
  try {
    return [new URL(remote).host];
  } catch {
    return [];
  }
}

function childEnv(grant: Permissions, extra: Record<string, string>): Record<string, string> {
  const host = Deno.env.toObject();
  const env: Record<string, string> = { NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" };
  for (const name of RUNTIME_ENV) if (host[name] !== undefined) env[name] = host[name];
  for (const entry of grant.env ?? []) {
    if (entry.endsWith("*")) {
      const prefix = entry.slice(0, -1);
      for (const [name, value] of Object.entries(host)) {
        if (name.startsWith(prefix)) env[name] = value;
      }
    } else if (host[entry] !== undefined) env[entry] = host[entry];
  }
  return { ...env, ...extra };
}

function exitText(status: Deno.CommandStatus): string {
  return status.signal !== null ? `signal ${status.signal}` : `exit code ${status.code}`;
}

/**
 * Starts a plugin in its own sandboxed Deno process and waits for its hello. Throws
 * `PLUGIN_PERMISSION_DENIED` when its meta asks for more than `grant`, `PLUGIN_INVALID`
 * when its meta, kind or options are not valid, and `PLUGIN_START_FAILED` when it crashes
 * at import or does not say hello in time.
 *
 * @example
 * ```ts ignore
 * import { startPlugin } from "./sandbox.ts";
 * const guard = await startPlugin("./plugins/guards/example.ts", { kind: "guard" });
 * const result = await guard.check({ hook_event_name: "UserPromptSubmit", prompt: "hi" });
 * console.log(result.findings);
 * await guard.close();
 * ```
 */
export async function startPlugin(
  specifier: string,
  options: SandboxOptions = {},
): Promise<SandboxedPlugin> {
  const cwd = options.cwd ?? Deno.cwd();
  const grant = options.grant ?? {};
  const url = pluginUrl(specifier, cwd);
  const heapMb = options.heapMb ?? 128;
  const timeoutMs = options.timeoutMs ?? 5000;
  const startTimeoutMs = options.startTimeoutMs ?? 15000;
  const maxCrashes = options.maxCrashes ?? 3;
  const backoffMs = options.backoffMs ?? 100;
  const maxBackoffMs = options.maxBackoffMs ?? 5000;
  const graceMs = options.graceMs ?? 1000;
  const encoder = new TextEncoder();
  const reports: SandboxReport[] = [];

  let name = specifier;
  let meta: PluginMeta | undefined;
  let child: Child | undefined;
  let starting: Promise<Child> | undefined;
  let state: PluginStatus["state"] = "down";
  let crashesInARow = 0;
  let restarts = 0;
  let restartAt = 0;
  let nextId = 1;

  function report(kind: SandboxReport["kind"], message: string): void {
    const entry = { plugin: name, kind, message, at: Date.now() };
    reports.push(entry);
    if (reports.length > MAX_REPORTS) reports.shift();
    try {
      options.onReport?.(entry);
    } catch {
      // A failing report listener must not break the sandbox.
    }
  }

  const args = [
    "run",
    "--quiet",
    "--no-prompt",
    ...(options.config !== undefined ? ["--config", options.config] : ["--no-config"]),
    `--v8-flags=--max-old-space-size=${heapMb}`,
    ...permissionFlags(grant, cwd),
    ...importHosts(url, options.env?.JSR_URL ?? Deno.env.get("JSR_URL")).map((host) =>
      `--allow-import=${host}`
    ),
    `--preload=${url}`,
    RUNNER_URL,
    url,
  ];

  function spawn(): Child {
    const process = new Deno.Command(Deno.execPath(), {
      args,
      cwd,
      clearEnv: true,
      env: childEnv(grant, options.env ?? {}),
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const pending = new Map<number, Pending>();
    const stderrTail: string[] = [];
    let helloResolve!: (message: RunnerMessage & { t: "hello" }) => void;
    const hello = new Promise<RunnerMessage & { t: "hello" }>((r) => helloResolve = r);
    const writer = process.stdin.getWriter();

    const readStdout = (async () => {
      for await (
        const line of boundedLines(
          process.stdout,
          MAX_LINE,
          (head) =>
            report(
              "stdout",
              `a line longer than ${MAX_LINE} characters was dropped: ${head.slice(0, 200)}`,
            ),
        )
      ) {
        if (line === "") continue;
        let message: RunnerMessage | undefined;
        try {
          message = decodeFrame(line);
        } catch (error) {
          report("protocol", `a malformed frame was ignored: ${errorMessage(error)}`);
          continue;
        }
        if (message === undefined) {
          report("stdout", `the plugin printed on stdout: ${line.slice(0, 500)}`);
          continue;
        }
        if (message.t === "hello") {
          helloResolve(message);
          continue;
        }
        if (message.t === "cache") {
          serveCache({ writer }, message);
          continue;
        }
        const call = pending.get(message.id);
        if (call === undefined) {
          report("protocol", `an answer to unknown call ${message.id} was ignored`);
          continue;
        }
        pending.delete(message.id);
        clearTimeout(call.timer);
        if (message.t === "result") call.resolve(message.value);
        else {
          call.reject(
            new TaskorchError(
              "PLUGIN_CALL_FAILED",
              `Plugin "${name}" threw in its ${methodName()}: ${message.message}`,
            ),
          );
        }
      }
    })();
    const readStderr = (async () => {
      for await (
        const line of boundedLines(process.stderr, 64 * 1024, (head) => {
          stderrTail.push(head.slice(0, 2000));
        })
      ) {
        stderrTail.push(line);
        if (stderrTail.length > STDERR_TAIL) stderrTail.shift();
        report("stderr", line.slice(0, 2000));
      }
    })();
    const done = (async () => {
      const status = await process.status;
      await Promise.allSettled([readStdout, readStderr]);
      return status;
    })();
    const spawned: Child = {
      process,
      writer,
      pending,
      stderrTail,
      hello,
      done,
      closing: false,
    };
    done.then((status) => onExit(spawned, status));
    return spawned;
  }

  async function cacheOp(message: CacheMessage): Promise<unknown> {
    const fail = (why: string): never => {
      throw new TaskorchError("PLUGIN_CACHE_FAILED", why);
    };
    if (options.cache === undefined) fail("the host brokers no cache to this plugin");
    if (meta === undefined) fail("the plugin has not said hello");
    const { op, key } = message;
    if (typeof key !== "string" || key.length === 0 || key.length > MAX_CACHE_KEY) {
      fail(`a key must be a string of 1 to ${MAX_CACHE_KEY} characters`);
    }
    const namespace = pluginNamespace(meta!.name);
    if (op === "get") return await options.cache!.get(namespace, key);
    if (op !== "set") fail(`unknown operation ${JSON.stringify(op)}`);
    const { ttlMs } = message;
    if (
      typeof ttlMs !== "number" || !Number.isInteger(ttlMs) || ttlMs < 1 ||
      ttlMs > MAX_CACHE_TTL_MS
    ) {
      fail(`ttlMs must be an integer from 1 to ${MAX_CACHE_TTL_MS} (30 days), not ${ttlMs}`);
    }
    if (message.value === undefined) fail("the value is undefined (nothing to cache)");
    const bytes = encoder.encode(JSON.stringify(message.value)).length;
    const cap = options.cacheMaxValueBytes ?? 32 * 1024;
    if (bytes > cap) fail(`the value is ${bytes} bytes of JSON; at most ${cap} may be cached`);
    await options.cache!.set(namespace, key, message.value, ttlMs!);
    return undefined;
  }

  function serveCache(c: Pick<Child, "writer">, message: CacheMessage): void {
    cacheOp(message).then(
      (value) =>
        write(c, { t: "cached", id: message.id, ...(value !== undefined ? { value } : {}) }),
      (error) => {
        const why = `ctx.cache.${String(message.op)}(${
          JSON.stringify(message.key)?.slice(0, 100)
        }) failed: ${errorMessage(error)}`;
        report("cache", why);
        write(c, { t: "cached", id: message.id, error: why });
      },
    );
  }

  function methodName(): string {
    return meta?.kind === "grader" ? "grade" : meta?.kind === "provider" ? "complete" : "check";
  }

  function stderrSummary(c: Child): string {
    const text = c.stderrTail.join("\n").trim();
    if (/out of memory/i.test(text)) {
      return `it ran out of memory (heap cap ${heapMb} MB)`;
    }
    return text === "" ? "nothing on stderr" : `stderr: ${text.slice(-1500)}`;
  }

  function write(c: Pick<Child, "writer">, message: HostMessage): void {
    c.writer.write(encoder.encode(JSON.stringify(message) + "\n")).catch(() => {
      // The process is gone; its exit handler fails the pending calls.
    });
  }

  function kill(c: Child, why: string): void {
    c.killedFor ??= why;
    if (child === c) child = undefined;
    try {
      c.process.kill("SIGKILL");
    } catch {
      // Already exited.
    }
  }

  function onExit(c: Child, status: Deno.CommandStatus): void {
    if (child === c) child = undefined;
    c.writer.close().catch(() => {});
    if (c.closing) {
      for (const call of c.pending.values()) {
        clearTimeout(call.timer);
        call.reject(
          new TaskorchError("PLUGIN_CLOSED", `Plugin "${name}" was closed during the call.`),
        );
      }
      c.pending.clear();
      return;
    }
    const why = c.killedFor ?? `its process died (${exitText(status)}); ${stderrSummary(c)}`;
    for (const call of c.pending.values()) {
      clearTimeout(call.timer);
      call.reject(
        new TaskorchError(
          "PLUGIN_CRASHED",
          `Plugin "${name}" could not answer: ${why}. It restarts on the next call.`,
        ),
      );
    }
    c.pending.clear();
    if (state === "closed" || c.killedFor !== undefined) return;
    failed(`crashed: ${why}`, "crash");
  }

  function failed(message: string, kind: "crash" | "timeout"): void {
    crashesInARow += 1;
    if (kind === "crash") report("crash", message);
    if (crashesInARow >= maxCrashes) {
      state = "broken";
      report("broken", `${crashesInARow} failures in a row; the plugin is broken: ${message}`);
      return;
    }
    state = "down";
    restartAt = Date.now() + Math.min(backoffMs * 2 ** (crashesInARow - 1), maxBackoffMs);
  }

  async function launch(): Promise<Child> {
    const c = spawn();
    write(c, { t: "init", options: options.options ?? {}, cache: options.cache !== undefined });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const outcome = await Promise.race([
      c.hello.then((hello) => ({ hello })),
      c.done.then((status) => ({ status })),
      new Promise<{ timeout: true }>((r) =>
        timer = setTimeout(() => r({ timeout: true }), startTimeoutMs)
      ),
    ]);
    clearTimeout(timer);
    if ("timeout" in outcome) {
      kill(c, `it did not say hello within ${startTimeoutMs} ms`);
      c.closing = true;
      await c.done;
      throw new TaskorchError(
        "PLUGIN_START_FAILED",
        `Plugin ${specifier} did not start: it did not say hello within ${startTimeoutMs} ms; it was killed.`,
      );
    }
    if ("status" in outcome) {
      c.closing = true;
      throw new TaskorchError(
        "PLUGIN_START_FAILED",
        `Plugin ${specifier} did not start: its process exited (${
          exitText(outcome.status)
        }) before saying hello; ${stderrSummary(c)}`,
      );
    }
    const hello = outcome.hello;
    try {
      if (hello.error !== undefined && (typeof hello.meta !== "object" || hello.meta === null)) {
        throw new TaskorchError(
          "PLUGIN_INVALID",
          `Plugin ${specifier} cannot serve: ${hello.error}`,
        );
      }
      const checked = validateMeta(hello.meta, options.kind);
      assertGranted(checked.name, checked.permissions, grant, cwd);
      if (hello.error !== undefined) {
        throw new TaskorchError(
          "PLUGIN_INVALID",
          `Plugin "${checked.name}" cannot serve: ${hello.error}`,
        );
      }
      if (meta !== undefined && (checked.name !== meta.name || checked.version !== meta.version)) {
        throw new TaskorchError(
          "PLUGIN_INVALID",
          `Plugin ${specifier} changed from ${meta.name}@${meta.version} to ${checked.name}@${checked.version} on restart.`,
        );
      }
      meta = checked;
      name = checked.name;
    } catch (error) {
      await shutdown(c);
      throw error;
    }
    state = "ready";
    return c;
  }

  async function shutdown(c: Child): Promise<void> {
    c.closing = true;
    await c.writer.close().catch(() => {});
    let timer: ReturnType<typeof setTimeout> | undefined;
    const exited = await Promise.race([
      c.done.then(() => true),
      new Promise<boolean>((r) => timer = setTimeout(() => r(false), graceMs)),
    ]);
    clearTimeout(timer);
    if (!exited) kill(c, "it did not exit after its stdin closed");
    await c.done;
  }

  async function ready(): Promise<Child> {
    if (state === "closed") {
      throw new TaskorchError("PLUGIN_CLOSED", `Plugin "${name}" is closed.`);
    }
    if (state === "broken") {
      throw new TaskorchError(
        "PLUGIN_BROKEN",
        `Plugin "${name}" is broken: it failed ${crashesInARow} times in a row; see its reports.`,
      );
    }
    if (child !== undefined) return child;
    starting ??= (async () => {
      const wait = restartAt - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      restarts += 1;
      report("restart", `starting a new process (restart ${restarts})`);
      try {
        const c = await launch();
        child = c;
        return c;
      } catch (error) {
        if ((state as PluginStatus["state"]) !== "closed") {
          failed(`restart failed: ${errorMessage(error)}`, "crash");
        }
        throw error;
      } finally {
        starting = undefined;
      }
    })();
    return await starting;
  }

  async function call(input: unknown, callOptions: CallOptions = {}): Promise<unknown> {
    const c = await ready();
    const id = nextId++;
    const limit = callOptions.timeoutMs ?? timeoutMs;
    const method = methodName();
    const raw = await new Promise<unknown>((resolve, reject) => {
      const entry: Pending = { resolve, reject };
      entry.timer = setTimeout(() => {
        c.pending.delete(id);
        const message =
          `Plugin "${name}" did not answer its ${method} within ${limit} ms; its process was killed (SIGKILL) and restarts on the next call.`;
        reject(new TaskorchError("PLUGIN_TIMEOUT", message));
        report("timeout", message);
        if (c.killedFor === undefined) {
          kill(c, `call ${id} (${method}) overran its ${limit} ms timeout and was killed`);
          failed(message, "timeout");
        }
      }, limit);
      c.pending.set(id, entry);
      callOptions.signal?.addEventListener("abort", () => {
        if (!c.pending.delete(id)) return;
        clearTimeout(entry.timer);
        write(c, { t: "cancel", id });
        reject(
          new TaskorchError("PLUGIN_CALL_FAILED", `The call to plugin "${name}" was cancelled.`, {
            cause: callOptions.signal?.reason,
          }),
        );
      }, { once: true });
      write(c, {
        t: "call",
        id,
        input,
        ...(callOptions.pluginOptions !== undefined ? { options: callOptions.pluginOptions } : {}),
      });
    });
    const value = validateResult(meta!.kind, raw, `plugin "${name}"`);
    crashesInARow = 0;
    return value;
  }

  const first = spawnFirst();
  async function spawnFirst(): Promise<Child> {
    const c = await launch();
    child = c;
    return c;
  }
  await first;

  function requireKind(kind: PluginKind): void {
    if (meta!.kind !== kind) {
      throw new TaskorchError(
        "PLUGIN_INVALID",
        `Plugin "${name}" is a ${meta!.kind}, not a ${kind}.`,
      );
    }
  }

  return {
    get meta(): PluginMeta {
      return meta!;
    },
    specifier,
    call,
    async check(event, callOptions) {
      requireKind("guard");
      return await call(event, callOptions) as GuardResult;
    },
    async grade(input, callOptions) {
      requireKind("grader");
      return await call(input, callOptions) as GradeResult;
    },
    async complete(request, callOptions) {
      requireKind("provider");
      return await call(request, callOptions) as CompletionResult;
    },
    status(): PluginStatus {
      return {
        state,
        crashesInARow,
        restarts,
        ...(child !== undefined ? { pid: child.process.pid } : {}),
      };
    },
    reports(): SandboxReport[] {
      return [...reports];
    },
    async close(): Promise<void> {
      if (state === "closed") return;
      state = "closed";
      await starting?.catch(() => {});
      const c = child;
      child = undefined;
      if (c !== undefined) await shutdown(c);
    },
  };
}
