/**
 * The MCP server: the only file that imports the MCP SDK. It registers every tool in
 * `core/tools/` and offers the two transports, stdio and stateless Streamable HTTP.
 * Logic lives in the engine and the tools; this file only adapts them to the SDK.
 *
 * The SDK and the tools (with zod) load on first use, not at import: a hook process,
 * which never serves MCP, does not pay the ~100 ms they take to load.
 *
 * @module
 */

// @ts-types="@modelcontextprotocol/sdk/server/mcp.d.ts"
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
// @ts-types="@modelcontextprotocol/sdk/server/stdio.d.ts"
import type { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
// @ts-types="@modelcontextprotocol/sdk/server/webStandardStreamableHttp.d.ts"
import type { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
// @ts-types="@modelcontextprotocol/sdk/types.d.ts"
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { z } from "zod";
import type { Engine } from "./engine.ts";
import { errorMessage, TaskorchError } from "./errors.ts";
import type { ProvidersSource } from "./providers/shared.ts";
import type { Pack } from "./rules/types.ts";
import type { WithStore } from "./shared_store.ts";
import type { Elicit, ToolContext, ToolSpec } from "./tools/tool.ts";
import { NAME, VERSION } from "./version.ts";

interface Parts {
  McpServer: typeof McpServer;
  StdioServerTransport: typeof StdioServerTransport;
  WebStandardStreamableHTTPServerTransport: typeof WebStandardStreamableHTTPServerTransport;
  // deno-lint-ignore no-explicit-any
  tools: ToolSpec<any, any>[];
}

let parts: Promise<Parts> | undefined;

/** Loads the SDK and the tools once. */
function load(): Promise<Parts> {
  parts ??= Promise.all([
    import("@modelcontextprotocol/sdk/server/mcp.js"),
    import("@modelcontextprotocol/sdk/server/stdio.js"),
    import("@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js"),
    import("./tools/all.ts"),
  ]).then(([mcp, stdio, http, all]) => ({
    McpServer: mcp.McpServer as typeof McpServer,
    StdioServerTransport: stdio.StdioServerTransport as typeof StdioServerTransport,
    WebStandardStreamableHTTPServerTransport: http
      .WebStandardStreamableHTTPServerTransport as typeof WebStandardStreamableHTTPServerTransport,
    tools: all.TOOLS,
  }));
  return parts;
}

/** Options of {@linkcode createMcpServer}. */
export interface McpServerOptions {
  /** Instructions for the model, sent at initialization. */
  instructions?: string;
  /** The rule packs in force, for the rules tools. */
  packs?: readonly Pack[];
  /** The store, for the memory tools and check recording (see `core/shared_store.ts`). */
  withStore?: WithStore;
  /** The providers shared by the tools (the runtime's `providers`); see `ToolContext`. */
  providers?: ProvidersSource;
}

/** What a connected server can do; the SDK's server stays private to this file. */
export interface TaskorchMcpServer {
  /** The names of the registered tools. */
  readonly tools: readonly string[];
  /** Closes the server and its transport. */
  close(): Promise<void>;
}

const INSTRUCTIONS = [
  "taskorch guards coding agents against known failures (destructive commands, leaked secrets,",
  "prompt injection, false success claims, hallucinated paths and packages).",
  "Call immune_check before a risky action and follow its decision.",
].join(" ");

/** Formats a thrown error as a tool result a model can act on. */
function errorResult(tool: string, error: unknown): CallToolResult {
  const code = error instanceof TaskorchError ? error.code : "INTERNAL";
  return {
    isError: true,
    content: [{ type: "text", text: `${tool} failed (${code}): ${errorMessage(error)}` }],
  };
}

/** Registers one tool with the SDK server. */
function register<I extends z.ZodRawShape, O extends z.ZodRawShape>(
  server: McpServer,
  spec: ToolSpec<I, O>,
  context: ToolContext,
): void {
  server.registerTool(
    spec.name,
    {
      title: spec.title,
      description: spec.description,
      inputSchema: spec.input,
      outputSchema: spec.output,
      annotations: { title: spec.title, ...spec.annotations },
    },
    // deno-lint-ignore no-explicit-any
    (async (args: any): Promise<CallToolResult> => {
      try {
        const result = await spec.run(args, context);
        return {
          content: [{ type: "text", text: spec.summarize(result) }],
          structuredContent: result as Record<string, unknown>,
        };
      } catch (error) {
        return errorResult(spec.name, error);
      }
      // deno-lint-ignore no-explicit-any
    }) as any,
  );
}

/** How long an elicitation waits for the user's answer: 10 minutes. */
const ELICIT_TIMEOUT_MS = 10 * 60_000;

/**
 * The `elicit` of a connected server: form-mode `elicitation/create` to the client, or null
 * when the client did not declare the elicitation capability.
 */
function elicitThrough(server: McpServer): Elicit {
  return async (request) => {
    const declared = server.server.getClientCapabilities()?.elicitation;
    if (!declared || (declared.form === undefined && declared.url !== undefined)) return null;
    const result = await server.server.elicitInput(
      { mode: "form", message: request.message, requestedSchema: request.requestedSchema },
      { timeout: ELICIT_TIMEOUT_MS },
    );
    return { action: result.action, content: result.content };
  };
}

function build(
  loaded: Parts,
  engine: Engine,
  options: McpServerOptions,
  canElicit = false,
): McpServer {
  const server = new loaded.McpServer(
    { name: NAME, version: VERSION, title: "taskorch" },
    {
      capabilities: { tools: {} },
      instructions: options.instructions ?? INSTRUCTIONS,
    },
  );
  const context: ToolContext = {
    engine,
    packs: options.packs ?? [],
    withStore: options.withStore,
    ...(options.providers !== undefined ? { providers: options.providers } : {}),
  };
  // Only a connection that can carry the server's request and the client's answer can elicit:
  // stdio can, stateless HTTP cannot.
  if (canElicit) context.elicit = elicitThrough(server);
  for (const tool of loaded.tools) register(server, tool, context);
  // The tool list never changes (and stateless HTTP could not announce it if it did).
  server.server.registerCapabilities({ tools: { listChanged: false } });
  return server;
}

/** A server connected to stdio. */
export interface StdioSession extends TaskorchMcpServer {
  /** Resolves when the client closes stdin or the server is closed. */
  closed: Promise<void>;
}

/**
 * Creates the MCP server over an engine and connects it to stdio. Resolves once
 * connected; `closed` resolves when the client closes stdin.
 */
export async function serveStdio(
  engine: Engine,
  options: McpServerOptions = {},
): Promise<StdioSession> {
  const loaded = await load();
  const server = build(loaded, engine, options, true);
  const transport = new loaded.StdioServerTransport();
  const closed = Promise.withResolvers<void>();
  server.server.onclose = () => closed.resolve();
  const { default: process } = await import("node:process");
  process.stdin.once("end", () => void server.close().finally(() => closed.resolve()));
  await server.connect(transport);
  return {
    tools: loaded.tools.map((t) => t.name),
    closed: closed.promise,
    close: () => server.close(),
  };
}

/**
 * Creates an MCP server over an engine, not yet connected to any transport. Useful to
 * list its tools; the transports are {@linkcode serveStdio} and
 * {@linkcode createMcpHttpHandler}.
 *
 * @example
 * ```ts
 * import { createEngine } from "./engine.ts";
 * import { createMcpServer } from "./mcp.ts";
 * const server = await createMcpServer(createEngine());
 * console.assert(server.tools.includes("immune_check"));
 * await server.close();
 * ```
 */
export async function createMcpServer(
  engine: Engine,
  options: McpServerOptions = {},
): Promise<TaskorchMcpServer> {
  const loaded = await load();
  const server = build(loaded, engine, options);
  return { tools: loaded.tools.map((t) => t.name), close: () => server.close() };
}

/**
 * Returns a handler for MCP POST requests over stateless Streamable HTTP: each request
 * gets a fresh server and transport, so no state leaks between clients. Authentication,
 * `Host`/`Origin` checks and method routing belong to the caller (`core/http.ts`).
 */
export function createMcpHttpHandler(
  engine: Engine,
  options: McpServerOptions = {},
): (request: Request) => Promise<Response> {
  return async (request: Request): Promise<Response> => {
    const loaded = await load();
    const server = build(loaded, engine, options);
    const transport = new loaded.WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    await server.connect(transport);
    try {
      return await transport.handleRequest(request);
    } finally {
      // The JSON response is complete once handleRequest resolves.
      queueMicrotask(() => void server.close());
    }
  };
}
