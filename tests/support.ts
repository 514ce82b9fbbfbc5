/**
 * What the cross-module tests share: how to start the real taskorch process.
 *
 * @module
 */

import { fileURLToPath } from "node:url";
// @ts-types="@modelcontextprotocol/sdk/client/index.d.ts"
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
// @ts-types="@modelcontextprotocol/sdk/client/stdio.d.ts"
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

/** The repository root. */
export const ROOT: string = fileURLToPath(new URL("../", import.meta.url));

/** The entry point. */
export const MOD: string = `${ROOT}mod.ts`;

/** The arguments that run taskorch with this checkout's config. */
export function taskorchArgs(...args: string[]): string[] {
  return ["run", "--allow-all", "--config", `${ROOT}deno.json`, MOD, ...args];
}

/** An environment for a child taskorch: this one, with its own home and store. */
export function childEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  const env = Deno.env.toObject();
  delete env.TASKORCH_TOKEN;
  delete env.TASKORCH_KV;
  // Whether an ask is queued depends on these (core/inbox/headless.ts), and an agent's shell
  // (CLAUDECODE, AI_AGENT) may not decide inbox items: a child inherits the parent's
  // environment, so they are emptied (read as unset); tests set them explicitly.
  for (const name of ["CI", "CLAUDE_CODE_ENTRYPOINT", "TASKORCH_INBOX_MODE", "CLAUDECODE"]) {
    env[name] = "";
  }
  env.AI_AGENT = "";
  return { ...env, TASKORCH_HOME: home, TASKORCH_KV: ":memory:", NO_COLOR: "1", ...extra };
}

/** Runs taskorch to completion with the given stdin. */
export async function runTaskorch(
  args: string[],
  options: { stdin?: string; home: string; env?: Record<string, string>; cwd?: string },
): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: taskorchArgs(...args),
    cwd: options.cwd,
    env: childEnv(options.home, options.env),
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  if (options.stdin !== undefined) await writer.write(new TextEncoder().encode(options.stdin));
  await writer.close();
  const out = await child.output();
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}

/**
 * A small pack whose inline tests fail on purpose: `make build` is listed as a fire case
 * (line 11) but the rule only matches `make deploy`.
 */
export const FAILING_PACK: string = [
  "id: mine",
  "version: 1.0.0",
  "description: test",
  "rules:",
  "  - id: mine.make-deploy",
  "    category: other",
  "    severity: high",
  "    match: { command: { program: make, subcommand: deploy } }",
  "    message: deploys",
  "    tests:",
  "      fire: ['make deploy', 'make build']",
  "      pass: ['make test']",
].join("\n");

/** A `taskorch serve --http` subprocess, started by {@linkcode startServeHttp}. */
export interface ServeHttp {
  /** The MCP endpoint it printed, e.g. `http://127.0.0.1:40123/mcp`. */
  url: string;
  /** Its bearer token. */
  token: string;
  /** Where the token is. */
  tokenFile: string;
  /** Stops it (SIGTERM) and returns its exit code. */
  stop(): Promise<number>;
}

/**
 * Starts `taskorch serve --http --port 0 --quiet` with a token file in `home` and waits
 * for the URL it prints. `args` are added to the command line; `env` replaces the default
 * environment (`childEnv(home)`).
 */
export async function startServeHttp(options: {
  home: string;
  args?: string[];
  env?: Record<string, string>;
  cwd?: string;
}): Promise<ServeHttp> {
  const tokenFile = `${options.home}/http-token`;
  const child = new Deno.Command(Deno.execPath(), {
    args: taskorchArgs(
      "serve",
      "--http",
      "--port",
      "0",
      "--quiet",
      "--token-file",
      tokenFile,
      ...options.args ?? [],
    ),
    cwd: options.cwd,
    env: options.env ?? childEnv(options.home),
    stdin: "null",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  while (!seen.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`taskorch serve exited before printing its URL: ${seen}`);
    seen += value;
  }
  return {
    url: seen.trim(),
    token: (await Deno.readTextFile(tokenFile)).trim(),
    tokenFile,
    async stop() {
      child.kill("SIGTERM");
      reader.releaseLock();
      await child.stdout.cancel().catch(() => {});
      return (await child.status).code;
    },
  };
}

/**
 * The real MCP SDK client connected to a real `taskorch serve --stdio` subprocess with its own
 * home (`childEnv(home, env)`), started in `cwd` (default: the home). Close the client to
 * stop the server.
 */
export async function connectServeStdio(options: {
  home: string;
  cwd?: string;
  env?: Record<string, string>;
  name?: string;
}): Promise<Client> {
  const client = new Client({ name: options.name ?? "taskorch-test", version: "0.0.0" });
  await client.connect(
    new StdioClientTransport({
      command: Deno.execPath(),
      args: taskorchArgs("serve", "--stdio"),
      env: childEnv(options.home, options.env),
      cwd: options.cwd ?? options.home,
    }),
  );
  return client;
}

/** A temporary workspace whose `.taskorch/config.yaml` is `config`; returns its folder. */
export async function projectWithConfig(config: string): Promise<string> {
  const dir = await Deno.makeTempDir();
  await Deno.mkdir(`${dir}/.taskorch`);
  await Deno.writeTextFile(`${dir}/.taskorch/config.yaml`, config);
  return dir;
}
