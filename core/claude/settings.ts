/**
 * Merging taskorch into Claude Code's settings: the hooks in a `settings.json` and the
 * MCP server in an MCP config (`.mcp.json`, `~/.claude.json`). Pure functions over parsed
 * JSON, so every rule is testable without files:
 *
 * - the user's hooks and servers are never changed or reordered; ours is added once, as a
 *   matcher group of its own at the end of each event's list;
 * - ours is recognised by its command (a `taskorch`, `mod.ts` of a taskorch checkout, or
 *   `jsr:@taskorch/mcp` running `hook`) or, for `http` hooks, by the `/hook` endpoint with
 *   the `TASKORCH_TOKEN` header; an existing hook of ours is updated in place (wherever the
 *   user moved it), duplicates of it are dropped;
 * - removing takes out exactly ours, and the groups, event lists and `hooks` object that
 *   only held ours.
 *
 * Settings shapes (Claude Code's documentation): `{"hooks": {EVENT: [{"matcher"?: "...",
 * "hooks": [{"type": "command", "command": "...", "timeout"?: s} | {"type": "http", "url":
 * "...", "headers"?: {...}, "allowedEnvVars"?: [...], "timeout"?: s}]}]}}`; MCP configs:
 * `{"mcpServers": {NAME: {"type": "stdio", "command", "args", "env"} | {"type": "http",
 * "url", "headers"}}}`.
 *
 * @module
 */

import { TaskorchError } from "../errors.ts";

/** The events `taskorch init claude` hooks, in the order they are written. */
export const HOOKED_EVENTS = [
  "PreToolUse",
  "PostToolUse",
  "PostToolUseFailure",
  "UserPromptSubmit",
  "Stop",
  "SubagentStop",
  "SessionStart",
] as const;

/** Events whose matcher is a tool name: ours matches every tool (`*`). */
const TOOL_EVENTS: ReadonlySet<string> = new Set([
  "PreToolUse",
  "PostToolUse",
  "PostToolUseFailure",
]);

/** The MCP server name taskorch registers. */
export const SERVER_NAME = "taskorch";

/** The environment variable the `http` hooks and MCP entry read the bearer token from. */
export const TOKEN_ENV = "TASKORCH_TOKEN";

/** A hook handler as written into `settings.json`. */
export type HookHandler =
  | { type: "command"; command: string; timeout?: number }
  | {
    type: "http";
    url: string;
    headers?: Record<string, string>;
    allowedEnvVars?: string[];
    timeout?: number;
  };

/** An MCP server entry as written into an MCP config. */
export type McpServer =
  | { type: "stdio"; command: string; args: string[] }
  | { type: "http"; url: string; headers: Record<string, string> };

/** Decides whether a `mod.ts` path named in a command is a taskorch checkout's. */
export type ModuleTest = (path: string) => boolean;

/** What one merge did. */
export interface MergeResult {
  /** The new document (the input is not modified). */
  data: Record<string, unknown>;
  /** One line per event or server: what was (or would be) done. */
  changes: string[];
  /** Whether `data` differs from the input. */
  changed: boolean;
}

/** Quotes a word for a POSIX shell, only when it needs it. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The `command` hook handler running `argv` (program first) with `hook` appended. */
export function commandHook(argv: readonly string[], timeout = 30): HookHandler {
  return { type: "command", command: [...argv, "hook"].map(shellQuote).join(" "), timeout };
}

/**
 * The origin of a taskorch HTTP server from what the user passed to `--http`: a bare
 * origin, or its `/mcp`, `/hook` or `/healthz` URL.
 *
 * @throws {TaskorchError} `CLI_USAGE` when it is not an http(s) URL.
 */
export function serverOrigin(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TaskorchError(
      "CLI_USAGE",
      `--http needs the taskorch server's URL, e.g. http://127.0.0.1:7420, got "${url}"`,
    );
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new TaskorchError("CLI_USAGE", `--http needs an http:// URL, got "${url}"`);
  }
  return parsed.origin;
}

/** The `http` hook handler posting to a taskorch server's `/hook` endpoint. */
export function httpHook(origin: string, timeout = 10): HookHandler {
  return {
    type: "http",
    url: `${origin}/hook`,
    headers: { Authorization: `Bearer $${TOKEN_ENV}` },
    allowedEnvVars: [TOKEN_ENV],
    timeout,
  };
}

/** The MCP server entry: stdio running `argv` + `serve`, or the server's `/mcp` over HTTP. */
export function mcpServer(argv: readonly string[], origin?: string): McpServer {
  if (origin) {
    return {
      type: "http",
      url: `${origin}/mcp`,
      headers: { Authorization: `Bearer \${${TOKEN_ENV}}` },
    };
  }
  return { type: "stdio", command: argv[0], args: [...argv.slice(1), "serve"] };
}

const MOD_RE = /(?:^|[\s'"])((?:[^\s'"]*[\\/])?mod\.ts)['"]?\s+(?:hook|serve)(?:\s|$)/;
const JSR_RE = /jsr:@taskorch\/mcp(?:@[^\s'"]*)?['"]?\s+(?:hook|serve)(?:\s|$)/;
const BIN_RE = /(?:^|[\s'"/\\])taskorch(?:\.exe|\.cmd)?['"]?\s+(?:hook|serve)(?:\s|$)/;

/** Whether a command line runs taskorch's `hook` or `serve`. */
export function runsTaskorch(command: string, isTaskorchModule: ModuleTest): boolean {
  if (JSR_RE.test(command) || BIN_RE.test(command)) return true;
  const mod = MOD_RE.exec(command);
  return mod !== null && isTaskorchModule(mod[1]);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Whether a hook handler found in settings is one of taskorch's. */
export function isOurHook(handler: unknown, isTaskorchModule: ModuleTest): boolean {
  if (!isObject(handler)) return false;
  if (handler.type === "command" && typeof handler.command === "string") {
    return runsTaskorch(handler.command, isTaskorchModule) &&
      /\shook(?:\s|$)/.test(handler.command);
  }
  if (handler.type === "http" && typeof handler.url === "string") {
    let path = "";
    try {
      path = new URL(handler.url).pathname;
    } catch {
      return false;
    }
    const envs = Array.isArray(handler.allowedEnvVars) ? handler.allowedEnvVars : [];
    return path === "/hook" && envs.includes(TOKEN_ENV);
  }
  return false;
}

/** Whether an MCP server entry is taskorch's (stdio running it, or a loopback `/mcp` URL). */
export function isOurServer(server: unknown, isTaskorchModule: ModuleTest): boolean {
  if (!isObject(server)) return false;
  if (typeof server.command === "string") {
    const args = Array.isArray(server.args) ? server.args.map(String) : [];
    return runsTaskorch([server.command, ...args].map(shellQuote).join(" "), isTaskorchModule);
  }
  if (typeof server.url === "string") {
    try {
      const url = new URL(server.url);
      return /^(127\.0\.0\.1|localhost|\[::1\])$/.test(url.hostname) && url.pathname === "/mcp" &&
        JSON.stringify(server.headers ?? {}).includes(TOKEN_ENV);
    } catch {
      return false;
    }
  }
  return false;
}

function invalid(file: string, message: string): TaskorchError {
  return new TaskorchError(
    "CONFIG_INVALID",
    `Cannot update ${file}: ${message}. Nothing was written; fix the file and run again.`,
  );
}

function hooksOf(settings: Record<string, unknown>, file: string): Record<string, unknown> {
  const hooks = settings.hooks;
  if (hooks === undefined) return {};
  if (!isObject(hooks)) throw invalid(file, `"hooks" must be an object, it is ${typeof hooks}`);
  for (const [event, groups] of Object.entries(hooks)) {
    if (!Array.isArray(groups)) throw invalid(file, `"hooks.${event}" must be an array`);
    groups.forEach((group, i) => {
      if (!isObject(group) || (group.hooks !== undefined && !Array.isArray(group.hooks))) {
        throw invalid(file, `"hooks.${event}[${i}]" must be an object with a "hooks" array`);
      }
    });
  }
  return hooks;
}

/**
 * Adds taskorch's hook `handler` to every event of {@linkcode HOOKED_EVENTS} in a parsed
 * `settings.json`, keeping everything else as it is.
 *
 * @example
 * ```ts
 * import { commandHook, installHooks } from "./settings.ts";
 * const mine = { hooks: { PreToolUse: [{ matcher: "Bash", hooks: [{ type: "command", command: "lint" }] }] } };
 * const hook = commandHook(["/usr/bin/taskorch"]);
 * const { data } = installHooks(mine, hook, "settings.json", () => false);
 * const groups = (data.hooks as Record<string, unknown[]>).PreToolUse;
 * console.assert(groups.length === 2 && JSON.stringify(groups[0]).includes("lint"));
 * console.assert(!installHooks(data, hook, "settings.json", () => false).changed);
 * ```
 */
export function installHooks(
  settings: Record<string, unknown>,
  handler: HookHandler,
  file: string,
  isTaskorchModule: ModuleTest,
): MergeResult {
  const hooks = structuredClone(hooksOf(settings, file));
  const changes: string[] = [];
  for (const event of HOOKED_EVENTS) {
    const groups = (hooks[event] ?? []) as Record<string, unknown>[];
    let found = 0;
    let same = false;
    const next: Record<string, unknown>[] = [];
    for (const group of groups) {
      const list = (group.hooks ?? []) as unknown[];
      if (!list.some((h) => isOurHook(h, isTaskorchModule))) {
        next.push(group);
        continue;
      }
      const kept: unknown[] = [];
      for (const h of list) {
        if (!isOurHook(h, isTaskorchModule)) kept.push(h);
        else if (found++ === 0) {
          same = sameJson(h, handler);
          kept.push(structuredClone(handler));
        }
      }
      if (kept.length > 0) next.push({ ...group, hooks: kept });
    }
    if (found === 0) {
      next.push(
        TOOL_EVENTS.has(event)
          ? { matcher: "*", hooks: [structuredClone(handler)] }
          : { hooks: [structuredClone(handler)] },
      );
      changes.push(`${event}: add taskorch's ${handler.type} hook`);
    } else if (!same || found > 1) {
      changes.push(
        `${event}: update taskorch's hook${found > 1 ? ` (and drop ${found - 1} duplicate)` : ""}`,
      );
    } else changes.push(`${event}: already installed`);
    hooks[event] = next;
  }
  const data = { ...settings, hooks };
  return { data, changes, changed: !sameJson(data, settings) };
}

/** Removes taskorch's hooks (any event) from a parsed `settings.json`, and nothing else. */
export function removeHooks(
  settings: Record<string, unknown>,
  file: string,
  isTaskorchModule: ModuleTest,
): MergeResult {
  if (settings.hooks === undefined) {
    return { data: settings, changes: ["no hooks: nothing to remove"], changed: false };
  }
  const hooks = structuredClone(hooksOf(settings, file));
  const changes: string[] = [];
  for (const [event, value] of Object.entries(hooks)) {
    const groups = value as Record<string, unknown>[];
    let removed = 0;
    const next: Record<string, unknown>[] = [];
    for (const group of groups) {
      const list = (group.hooks ?? []) as unknown[];
      const kept = list.filter((h) => !isOurHook(h, isTaskorchModule));
      removed += list.length - kept.length;
      if (kept.length === list.length) next.push(group);
      else if (kept.length > 0) next.push({ ...group, hooks: kept });
    }
    if (removed === 0) continue;
    changes.push(`${event}: remove taskorch's hook`);
    if (next.length > 0) hooks[event] = next;
    else delete hooks[event];
  }
  if (changes.length === 0) {
    return { data: settings, changes: ["taskorch's hooks are not installed"], changed: false };
  }
  const data: Record<string, unknown> = { ...settings, hooks };
  if (Object.keys(hooks).length === 0) delete data.hooks;
  return { data, changes, changed: true };
}

function serversOf(config: Record<string, unknown>, file: string): Record<string, unknown> {
  const servers = config.mcpServers;
  if (servers === undefined) return {};
  if (!isObject(servers)) throw invalid(file, `"mcpServers" must be an object`);
  return servers;
}

/**
 * Adds taskorch's MCP server entry to a parsed MCP config (`.mcp.json`, `~/.claude.json`),
 * keeping every other key. A server already named `taskorch` that is not ours is left alone
 * (and reported); one of ours under another name counts as installed.
 */
export function installServer(
  config: Record<string, unknown>,
  server: McpServer,
  file: string,
  isTaskorchModule: ModuleTest,
): MergeResult {
  const servers = serversOf(config, file);
  const existing = servers[SERVER_NAME];
  if (existing !== undefined && !isOurServer(existing, isTaskorchModule)) {
    return {
      data: config,
      changes: [
        `mcpServers.${SERVER_NAME}: a server of that name exists and is not taskorch's; left as is`,
      ],
      changed: false,
    };
  }
  if (existing === undefined) {
    const other = Object.entries(servers).find(([, s]) => isOurServer(s, isTaskorchModule));
    if (other) {
      return {
        data: config,
        changes: [`mcpServers.${other[0]}: taskorch is already installed under this name`],
        changed: false,
      };
    }
  }
  if (existing !== undefined && sameJson(existing, server)) {
    return {
      data: config,
      changes: [`mcpServers.${SERVER_NAME}: already installed`],
      changed: false,
    };
  }
  const data = { ...config, mcpServers: { ...servers, [SERVER_NAME]: structuredClone(server) } };
  return {
    data,
    changes: [
      `mcpServers.${SERVER_NAME}: ${existing === undefined ? "add" : "update"} (${server.type})`,
    ],
    changed: true,
  };
}

/** Removes taskorch's MCP server entries (by recognition, whatever their name). */
export function removeServer(
  config: Record<string, unknown>,
  file: string,
  isTaskorchModule: ModuleTest,
): MergeResult {
  const servers = serversOf(config, file);
  const ours = Object.keys(servers).filter((name) => isOurServer(servers[name], isTaskorchModule));
  if (ours.length === 0) {
    return { data: config, changes: ["taskorch's MCP server is not installed"], changed: false };
  }
  const kept = Object.fromEntries(Object.entries(servers).filter(([name]) => !ours.includes(name)));
  const data: Record<string, unknown> = { ...config, mcpServers: kept };
  return { data, changes: ours.map((name) => `mcpServers.${name}: remove`), changed: true };
}
