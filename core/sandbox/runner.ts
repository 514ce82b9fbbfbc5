/**
 * The plugin runner: the main module of every plugin process. The sandbox starts it as
 * `deno run <grant flags> --preload=PLUGIN runner.ts PLUGIN`; the plugin is preloaded as
 * part of the static module graph (so no file read permission is needed to load it), then
 * this script takes its default export, validates its options, says hello with its `meta`
 * and serves calls read as JSON lines on stdin, answering with frames on stdout.
 *
 * It imports nothing but the protocol, so a plugin process starts fast.
 *
 * @module
 */

import { encodeFrame, type HostMessage, type RunnerMessage } from "./protocol.ts";

interface Cache {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown, ttlMs: number): Promise<void>;
}

type Behaviour = (
  input: unknown,
  ctx: { options: unknown; signal: AbortSignal; cache?: Cache },
) => unknown;

const METHODS = { guard: "check", grader: "grade", provider: "complete" } as const;
const encoder = new TextEncoder();

function send(message: RunnerMessage): void {
  let text: string;
  try {
    text = encodeFrame(message);
  } catch (error) {
    if (message.t !== "result") throw error;
    text = encodeFrame({
      t: "error",
      id: message.id,
      message: `the result is not JSON-serializable: ${String(error)}`,
    });
  }
  const bytes = encoder.encode(text);
  let written = 0;
  while (written < bytes.length) written += Deno.stdout.writeSync(bytes.subarray(written));
}

const cacheWaiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
let nextCacheId = 1;

function cacheRequest(op: "get" | "set", key: string, value?: unknown, ttlMs?: number) {
  const id = nextCacheId++;
  return new Promise<unknown>((resolve, reject) => {
    cacheWaiting.set(id, { resolve, reject });
    try {
      send({ t: "cache", id, op, key, ...(op === "set" ? { value, ttlMs } : {}) });
    } catch (error) {
      cacheWaiting.delete(id);
      reject(new Error(`ctx.cache.${op}: the value is not JSON-serializable: ${String(error)}`));
    }
  });
}

/** The plugin's `ctx.cache`: each use is a request the host answers. */
const brokeredCache: Cache = {
  get: (key) => cacheRequest("get", String(key)),
  set: async (key, value, ttlMs) => {
    await cacheRequest("set", String(key), value, Number(ttlMs));
  },
};

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

async function* stdinLines(): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let pending = "";
  for await (const chunk of Deno.stdin.readable) {
    pending += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = pending.indexOf("\n")) !== -1) {
      yield pending.slice(0, newline);
      pending = pending.slice(newline + 1);
    }
  }
  if (pending.length > 0) yield pending;
}

function optionsError(schema: unknown, options: unknown): { value?: unknown; error?: string } {
  if (schema === undefined) return { value: options };
  const parse = (schema as { safeParse?: (v: unknown) => unknown }).safeParse;
  if (typeof parse !== "function") return { error: "its options schema has no safeParse" };
  const result = parse.call(schema, options) as {
    success: boolean;
    data?: unknown;
    error?: { issues?: Array<{ path?: PropertyKey[]; message: string }> };
  };
  if (result.success) return { value: result.data };
  const issues = (result.error?.issues ?? []).map((issue) =>
    `${(issue.path ?? []).map(String).join(".") || "(root)"}: ${issue.message}`
  );
  return { error: `invalid options: ${issues.join("; ") || "rejected by its schema"}` };
}

/** Parsed per-call options, by their JSON: a rule's options are parsed once per process. */
const parsedCallOptions = new Map<string, { value?: unknown; error?: string }>();

function callOptions(
  schema: unknown,
  base: unknown,
  extra: Record<string, unknown>,
): { value?: unknown; error?: string } {
  const key = JSON.stringify(extra);
  let found = parsedCallOptions.get(key);
  if (found === undefined) {
    const merged = typeof base === "object" && base !== null && !Array.isArray(base)
      ? { ...base, ...extra }
      : extra;
    found = optionsError(schema, merged);
    if (found.error !== undefined) found = { error: `this call's ${found.error}` };
    if (parsedCallOptions.size >= 64) parsedCallOptions.clear();
    parsedCallOptions.set(key, found);
  }
  return found;
}

async function main(): Promise<void> {
  const specifier = Deno.args[0];
  const lines = stdinLines();
  const first = await lines.next();
  const init = first.done ? undefined : JSON.parse(first.value) as HostMessage;
  if (init?.t !== "init") return;

  let plugin: Record<string, unknown>;
  try {
    const mod = await import(specifier);
    plugin = mod.default;
  } catch (error) {
    send({ t: "hello", error: `cannot import ${specifier}: ${describe(error)}` });
    return;
  }
  if (typeof plugin !== "object" || plugin === null) {
    send({
      t: "hello",
      error: `${specifier} has no default export (export default defineGuard({...}))`,
    });
    return;
  }
  const meta = plugin.meta as { kind?: keyof typeof METHODS } | undefined;
  const method = meta?.kind !== undefined ? METHODS[meta.kind] : undefined;
  const behaviour = method !== undefined ? plugin[method] : undefined;
  if (typeof behaviour !== "function") {
    send({
      t: "hello",
      meta,
      error: `its default export has no ${method ?? "check/grade/complete"} function`,
    });
    return;
  }
  const parsed = optionsError(plugin.options, init.options);
  if (parsed.error !== undefined) {
    send({ t: "hello", meta, error: parsed.error });
    return;
  }
  send({ t: "hello", meta });

  const inFlight = new Map<number, AbortController>();
  const running = new Set<Promise<void>>();
  for await (const line of lines) {
    if (line.trim() === "") continue;
    const message = JSON.parse(line) as HostMessage;
    if (message.t === "cached") {
      const waiting = cacheWaiting.get(message.id);
      cacheWaiting.delete(message.id);
      if (message.error !== undefined) waiting?.reject(new Error(message.error));
      else waiting?.resolve(message.value);
      continue;
    }
    if (message.t === "cancel") {
      inFlight.get(message.id)?.abort(new Error("the host cancelled the call"));
      continue;
    }
    if (message.t !== "call") continue;
    const { id, input } = message;
    const options = message.options === undefined
      ? parsed
      : callOptions(plugin.options, init.options, message.options);
    if (options.error !== undefined) {
      send({ t: "error", id, message: options.error });
      continue;
    }
    const controller = new AbortController();
    inFlight.set(id, controller);
    const done = (async () => {
      try {
        const value = await (behaviour as Behaviour).call(plugin, input, {
          options: options.value,
          signal: controller.signal,
          ...(init.cache === true ? { cache: brokeredCache } : {}),
        });
        send({ t: "result", id, value });
      } catch (error) {
        send({ t: "error", id, message: describe(error) });
      } finally {
        inFlight.delete(id);
      }
    })();
    running.add(done);
    done.finally(() => running.delete(done));
  }
  await Promise.allSettled([...running]);
}

if (import.meta.main) {
  await main();
  Deno.exit(0);
}
