/**
 * `taskorch serve`: the MCP server, over stdio (default, for MCP clients) or over
 * Streamable HTTP on 127.0.0.1. Started in a terminal with no transport chosen, it
 * serves HTTP and says how to connect, instead of waiting silently on stdin.
 *
 * @module
 */

import { fileURLToPath } from "node:url";
import { startHttpServer } from "../http.ts";
import { parseStopBlockLimit } from "../stop_guard.ts";
import { serveStdio } from "../mcp.ts";
import { createRuntime } from "../runtime.ts";
import { loadOrCreateToken } from "../token.ts";
import { TaskorchError } from "../errors.ts";
import { type CliIO, type Command, parseFlags, parsePort, write } from "./args.ts";

/** The HTTP port used unless `--port` says otherwise. */
export const DEFAULT_PORT = 7420;

/** Quotes a word for a POSIX shell, only when it needs it. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** How to start this very copy of taskorch from a shell, for the `claude mcp add` line. */
function launchCommand(): string {
  const modUrl = new URL("../../mod.ts", import.meta.url);
  if (modUrl.protocol === "file:") {
    const mod = fileURLToPath(modUrl);
    const root = mod.slice(0, -"mod.ts".length);
    return `${shellQuote(`${root}tools/deno`)} run -A ${shellQuote(mod)} serve`;
  }
  return "deno run -A --unstable-kv jsr:@taskorch/mcp serve";
}

function banner(url: string, tokenSource: string, created: boolean): string {
  const token = tokenSource === "TASKORCH_TOKEN"
    ? "$TASKORCH_TOKEN"
    : `$(cat ${shellQuote(tokenSource)})`;
  return `taskorch is serving MCP over Streamable HTTP at ${url}
  token:  ${tokenSource}${created ? " (just created, mode 0600)" : ""}
  health: ${url.replace(/\/mcp$/, "/healthz")}

Add it to Claude Code (HTTP, while this runs):
  claude mcp add --transport http taskorch ${url} --header "Authorization: Bearer ${token}"

Or let Claude Code start its own copy over stdio:
  claude mcp add taskorch -- ${launchCommand()}

Press Ctrl+C to stop.
`;
}

async function serveHttp(
  io: CliIO,
  options: { port: number; kv?: string; tokenFile?: string; quiet: boolean },
): Promise<number> {
  const runtime = await createRuntime({ kv: options.kv, cwd: Deno.cwd() });
  for (const problem of runtime.problems) await write(io.stderr, `taskorch serve: ${problem}\n`);
  const { token, source, created } = await loadOrCreateToken(options.tokenFile);
  const abort = new AbortController();
  let server;
  try {
    server = await startHttpServer({
      engine: runtime.engine,
      packs: runtime.packs,
      token,
      port: options.port,
      kv: options.kv,
      withStore: runtime.withStore, // the store the memory checker reads, too
      providers: runtime.providers, // started on first use, closed by runtime.close()
      problems: runtime.problems,
      stopBlockLimit: parseStopBlockLimit(Deno.env.get("TASKORCH_STOP_BLOCK_LIMIT")),
      // POST /hook's asks go to the approval inbox with this workspace's inbox: settings.
      inbox: {
        settings: async () => (await import("../inbox/settings.ts")).inboxSettings(runtime.config),
        env: (await import("../inbox/headless.ts")).serverEnv,
      },
      signal: abort.signal,
    });
  } catch (error) {
    if (error instanceof Deno.errors.AddrInUse) {
      throw new TaskorchError(
        "CLI_USAGE",
        `Cannot serve on 127.0.0.1:${options.port}: the port is in use (is another taskorch running?). Pass --port N, or --port 0 for a free port.`,
      );
    }
    throw error;
  }
  const stop = () => abort.abort();
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
  await write(
    io.stdout,
    options.quiet ? `${server.url}\n` : banner(server.url, source, created),
  );
  await server.finished;
  Deno.removeSignalListener("SIGINT", stop);
  Deno.removeSignalListener("SIGTERM", stop);
  await runtime.close();
  return 0;
}

/** The `serve` command. */
export const serveCommand: Command = {
  name: "serve",
  help: `Usage: taskorch serve [--stdio | --http [--port N]] [--kv PATH] [--token-file PATH]

Serves taskorch's MCP tools.

With no transport flag, taskorch speaks MCP over stdio when a client started it
(stdin is a pipe), and serves HTTP when a person started it in a terminal.

Options:
  --stdio            Speak MCP over stdin/stdout (what MCP clients launch)
  --http             Serve Streamable HTTP on 127.0.0.1 (stateless; POST /mcp)
  --port N           HTTP port (default ${DEFAULT_PORT}; 0 picks a free one)
  --token-file PATH  Bearer token file (default ~/.taskorch/http-token, created
                     on first use with mode 0600; TASKORCH_TOKEN overrides it)
  --kv PATH          Store: a file, :memory:, or a KV Connect URL
                     (default $TASKORCH_KV or ~/.taskorch/taskorch.kv)
  --quiet            HTTP: print only the URL
  -h, --help         Show this help

HTTP requires "Authorization: Bearer <token>", accepts only Host and Origin
headers naming this server (DNS rebinding protection), and answers GET with 405.
`,
  async run(args, io) {
    const { values } = parseFlags("serve", args, {
      stdio: { type: "boolean" },
      http: { type: "boolean" },
      port: { type: "string" },
      kv: { type: "string" },
      "token-file": { type: "string" },
      quiet: { type: "boolean" },
    });
    if (values.help) return await write(io.stdout, this.help), 0;
    if (values.stdio && values.http) {
      throw new TaskorchError("CLI_USAGE", "taskorch serve: choose one of --stdio and --http");
    }
    const port = parsePort("serve", values.port);
    if (port !== undefined && values.stdio) {
      throw new TaskorchError("CLI_USAGE", "taskorch serve: --port goes with --http, not --stdio");
    }
    const kv = values.kv as string | undefined;
    const http = values.http || port !== undefined || (!values.stdio && io.stdinIsTerminal);
    if (http) {
      return await serveHttp(io, {
        port: port ?? DEFAULT_PORT,
        kv,
        tokenFile: values["token-file"] as string | undefined,
        quiet: Boolean(values.quiet),
      });
    }
    const runtime = await createRuntime({ kv, cwd: Deno.cwd() });
    for (const problem of runtime.problems) await write(io.stderr, `taskorch serve: ${problem}\n`);
    const session = await serveStdio(runtime.engine, {
      packs: runtime.packs,
      withStore: runtime.withStore, // the store the memory checker reads, too
      providers: runtime.providers, // started on first use, closed by runtime.close()
    });
    await session.closed;
    await runtime.close();
    return 0;
  },
};
