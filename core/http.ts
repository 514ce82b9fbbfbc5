/**
 * The HTTP transport: stateless Streamable HTTP on 127.0.0.1, behind a bearer token
 * and `Host`/`Origin` validation against DNS rebinding. `POST /mcp` carries MCP;
 * `GET /mcp` is answered 405 (no server-initiated stream in stateless mode);
 * `GET /healthz` answers without a token so hooks can tell the server is up.
 * `POST /hook` is the endpoint of Claude Code's `http` hooks: the body is the hook
 * payload, the answer the same JSON `taskorch hook` prints (always 200, so Claude Code
 * acts on it; a malformed payload gets a `systemMessage`, failing open), behind the same
 * token and Host/Origin checks. `/` and `/ui/...` are the web dashboard (core/web/server.ts),
 * behind the same Host/Origin checks and its own token login.
 *
 * @module
 */

import type { Engine } from "./engine.ts";
import { errorMessage } from "./errors.ts";
import { answerHook, type HookContext } from "./hook_answer.ts";
import type { InboxHookOptions } from "./inbox/hook_ask.ts";
import type { ProvidersSource } from "./providers/shared.ts";
import type { Store } from "./store.ts";
import type { Pack } from "./rules/types.ts";
import { createMcpHttpHandler } from "./mcp.ts";
import type { WithStore } from "./shared_store.ts";
import { safeEqual } from "./token.ts";
import { VERSION } from "./version.ts";

/** Options of {@linkcode startHttpServer}. */
export interface HttpServerOptions {
  /** The engine behind the tools. */
  engine: Engine;
  /** The bearer token every MCP request must carry. */
  token: string;
  /** The rule packs in force, for the rules tools. */
  packs?: readonly Pack[];
  /** The port; 0 picks a free one. */
  port?: number;
  /** The store `POST /hook` records outcomes and Stop counts in (default: as `openStore`). */
  kv?: string;
  /**
   * Lends the server a store it does not own (the runtime's, which the memory checker
   * reads too); when given, `kv` is not opened.
   */
  withStore?: WithStore;
  /** The providers the MCP tools share (the runtime's); closing them is the caller's. */
  providers?: ProvidersSource;
  /** Packs or config that failed to load, reported by `POST /hook` on every event. */
  problems?: readonly string[];
  /** Consecutive Stop blocks per session allowed by `POST /hook` (default 2). */
  stopBlockLimit?: number;
  /**
   * The approval inbox for `POST /hook`'s asks (default: the default settings, judged by the
   * server's environment, see `core/inbox/headless.ts`).
   */
  inbox?: InboxHookOptions;
  /** Aborting it shuts the server down. */
  signal?: AbortSignal;
}

/** A running HTTP server. */
export interface RunningHttpServer {
  /** The MCP endpoint, e.g. `http://127.0.0.1:7420/mcp`. */
  url: string;
  /** The port bound. */
  port: number;
  /** Stops serving and waits for open requests to end. */
  shutdown(): Promise<void>;
  /** Resolves when the server has stopped. */
  finished: Promise<void>;
}

/** The address taskorch binds: loopback only. */
export const HOSTNAME = "127.0.0.1";

function json(status: number, body: unknown, headers: HeadersInit = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

function rpcError(status: number, code: number, message: string, headers?: HeadersInit): Response {
  return json(status, { jsonrpc: "2.0", error: { code, message }, id: null }, headers);
}

/**
 * Builds the request handler for a given port: exported so tests and benchmarks can
 * drive it without a socket.
 */
export function createHttpHandler(
  options: Omit<HttpServerOptions, "port" | "signal"> & { port: number },
): (request: Request) => Promise<Response> {
  // One store for the server's life: the one lent, or one opened on first use.
  let store: Promise<Store> | undefined;
  const hookContext: HookContext = {
    engine: options.engine,
    rules: (options.packs ?? []).reduce((sum, pack) => sum + pack.rules.length, 0),
    problems: options.problems,
    withStore: options.withStore ?? (async (use) => {
      store ??= import("./store.ts").then((m) => m.openStore({ path: options.kv }));
      store.catch(() => store = undefined); // a failed open is retried next time
      return await use(await store);
    }),
    stopBlockLimit: options.stopBlockLimit,
    inbox: options.inbox ?? {
      settings: async () => (await import("./inbox/settings.ts")).defaultInboxSettings(),
      env: (name) => name === "CLAUDE_CODE_ENTRYPOINT" ? undefined : Deno.env.get(name),
    },
    // Check recording (issue 5): the server keeps its store open, so it writes directly.
    recordCheck: async (record) => {
      const { recordCheck } = await import("./memory/checks.ts");
      await hookContext.withStore!((store) => recordCheck(store, record));
    },
  };
  const mcp = createMcpHttpHandler(options.engine, {
    packs: options.packs,
    withStore: hookContext.withStore,
    ...(options.providers !== undefined ? { providers: options.providers } : {}),
  });
  const hosts = new Set([
    `127.0.0.1:${options.port}`,
    `localhost:${options.port}`,
    `[::1]:${options.port}`,
  ]);
  const origins = new Set([...hosts].map((h) => `http://${h}`));
  let dashboard: Promise<(request: Request) => Promise<Response>> | undefined;

  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const host = request.headers.get("host") ?? "";
    if (!hosts.has(host.toLowerCase())) {
      return rpcError(403, -32000, `Forbidden: Host "${host}" is not this server (DNS rebinding)`);
    }
    const origin = request.headers.get("origin");
    if (origin !== null && !origins.has(origin.toLowerCase())) {
      return rpcError(403, -32000, `Forbidden: Origin "${origin}" may not call this server`);
    }
    if (url.pathname === "/healthz") {
      return json(200, { ok: true, name: "taskorch", version: VERSION });
    }
    if (url.pathname === "/" || url.pathname === "/ui" || url.pathname.startsWith("/ui/")) {
      // The web dashboard (core/web/): its own session login; loaded on first use.
      dashboard ??= import("./web/server.ts").then((m) =>
        m.createDashboardHandler({
          token: options.token,
          port: options.port,
          origins,
          withStore: hookContext.withStore!,
          packs: options.packs ?? [],
        })
      );
      return await (await dashboard)(request);
    }
    if (url.pathname !== "/mcp" && url.pathname !== "/hook") {
      return rpcError(
        404,
        -32000,
        `Not found: ${url.pathname}; the MCP endpoint is /mcp, the hook endpoint /hook`,
      );
    }
    const auth = request.headers.get("authorization") ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(auth);
    if (!match || !safeEqual(match[1], options.token)) {
      return rpcError(
        401,
        -32001,
        auth
          ? "Unauthorized: the bearer token is wrong"
          : "Unauthorized: a bearer token is required",
        { "www-authenticate": 'Bearer realm="taskorch"' },
      );
    }
    if (request.method !== "POST") {
      return rpcError(
        405,
        -32000,
        `Method ${request.method} not allowed: this server is stateless, use POST`,
        { allow: "POST" },
      );
    }
    if (url.pathname === "/hook") return await hook(request);
    return await mcp(request);
  };

  async function hook(request: Request): Promise<Response> {
    let stage = "parse the payload";
    try {
      const text = await request.text();
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch (error) {
        throw new Error(
          text.trim() === "" ? "the body was empty" : `it is not JSON: ${errorMessage(error)}`,
        );
      }
      stage = "evaluate the event";
      return json(200, await answerHook(raw, hookContext));
    } catch (error) {
      return json(200, {
        systemMessage: `taskorch hook (HTTP) could not ${stage}: ${
          errorMessage(error)
        }. The action was not checked.`,
      });
    }
  }
}

/** Serves MCP over Streamable HTTP on 127.0.0.1. Throws `Deno.errors.AddrInUse` when taken. */
export function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const route: { handler?: (request: Request) => Promise<Response> } = {};
  const server = Deno.serve({
    hostname: HOSTNAME,
    port: options.port ?? 7420,
    signal: options.signal,
    onListen() {},
    onError(error) {
      console.error(`taskorch: HTTP request failed: ${error}`);
      return rpcError(500, -32603, "Internal error");
    },
  }, (request) => route.handler!(request));
  const { port } = server.addr as Deno.NetAddr;
  route.handler = createHttpHandler({ ...options, port });
  return Promise.resolve({
    url: `http://${HOSTNAME}:${port}/mcp`,
    port,
    shutdown: () => server.shutdown(),
    finished: server.finished,
  });
}
