/**
 * `taskorch init claude`'s work: where Claude Code keeps its settings for a scope, how a
 * hook starts this copy of taskorch, and the plan (per file: the changes and the diff)
 * that is printed for `--dry-run` or written, atomically and with a `.bak`, otherwise.
 *
 * | scope     | hooks                                   | MCP server                          |
 * | --------- | --------------------------------------- | ----------------------------------- |
 * | `project` | `<dir>/.claude/settings.json`           | `<dir>/.mcp.json`                   |
 * | `user`    | `~/.claude/settings.json`               | `~/.claude.json` (`mcpServers`)     |
 *
 * With `CLAUDE_CONFIG_DIR` set, the user files are `$CLAUDE_CONFIG_DIR/settings.json` and
 * `$CLAUDE_CONFIG_DIR/.claude.json`, as Claude Code reads them.
 *
 * @module
 */

import { fileURLToPath } from "node:url";
import { dirname, join, resolve } from "../posix_path.ts";
import { TaskorchError } from "../errors.ts";
import { VERSION } from "../version.ts";
import { readJsonFile, renderJson, writeFileAtomic } from "./json_file.ts";
import {
  commandHook,
  httpHook,
  installHooks,
  installServer,
  mcpServer,
  type MergeResult,
  type ModuleTest,
  removeHooks,
  removeServer,
  serverOrigin,
} from "./settings.ts";
import { unifiedDiff } from "./text_diff.ts";

/** Where `init` writes. */
export type Scope = "project" | "user";

/** The two files of a scope. */
export interface ClaudeFiles {
  /** The settings file holding `hooks`. */
  settings: string;
  /** The MCP config holding `mcpServers`. */
  mcp: string;
}

/**
 * The files Claude Code reads for a scope.
 *
 * @example
 * ```ts
 * import { claudeFiles } from "./install.ts";
 * const files = claudeFiles("project", { dir: "/work/app", home: "/home/ada" });
 * console.assert(files.settings === "/work/app/.claude/settings.json");
 * console.assert(claudeFiles("user", { dir: "/x", home: "/home/ada" }).mcp === "/home/ada/.claude.json");
 * ```
 */
export function claudeFiles(
  scope: Scope,
  where: { dir: string; home: string; configDir?: string },
): ClaudeFiles {
  if (scope === "project") {
    const dir = resolve(where.dir);
    return { settings: join(dir, ".claude", "settings.json"), mcp: join(dir, ".mcp.json") };
  }
  if (where.configDir) {
    const dir = resolve(where.configDir);
    return { settings: join(dir, "settings.json"), mcp: join(dir, ".claude.json") };
  }
  return {
    settings: join(where.home, ".claude", "settings.json"),
    mcp: join(where.home, ".claude.json"),
  };
}

/**
 * The argv that starts this copy of taskorch, without a command: the absolute Deno binary
 * running this checkout's `mod.ts` with its `deno.json` (so the hook works from any
 * working directory), or, when taskorch runs from a registry, `deno run -A --unstable-kv
 * jsr:@taskorch/mcp@VERSION`.
 */
export function taskorchArgv(
  moduleUrl: string = new URL("../../mod.ts", import.meta.url).href,
): string[] {
  const deno = Deno.execPath();
  if (moduleUrl.startsWith("file:")) {
    const mod = fileURLToPath(moduleUrl);
    return [deno, "run", "-A", "--config", join(dirname(mod), "deno.json"), mod];
  }
  return [deno, "run", "-A", "--unstable-kv", `jsr:@taskorch/mcp@${VERSION}`];
}

/**
 * Whether `path` (a `mod.ts` named in a hook command) belongs to a taskorch checkout: the
 * `deno.json` beside it names the package `@taskorch/mcp`.
 */
export const isTaskorchModule: ModuleTest = (path) => {
  try {
    const config = JSON.parse(Deno.readTextFileSync(join(dirname(resolve(path)), "deno.json")));
    return config?.name === "@taskorch/mcp";
  } catch {
    return false;
  }
};

/** One file's part of the plan. */
export interface FilePlan {
  /** The file. */
  path: string;
  /** What it holds for Claude Code. */
  role: "settings" | "mcp";
  /** Its text before (empty when absent). */
  before: string;
  /** Whether it existed. */
  existed: boolean;
  /** Its text after. */
  after: string;
  /** What changes, one line per event or server. */
  changes: string[];
  /** Whether the text changes. */
  changed: boolean;
}

/** Options of {@linkcode planInit}. */
export interface InitOptions {
  /** Which settings. */
  scope: Scope;
  /** The project folder (project scope). */
  dir: string;
  /** The user's home folder (user scope). */
  home: string;
  /** `CLAUDE_CONFIG_DIR`, when set. */
  configDir?: string;
  /** A taskorch HTTP server's URL: write `http` hooks and an HTTP MCP entry to it. */
  http?: string;
  /** Remove taskorch instead of installing it. */
  remove?: boolean;
  /** How to start taskorch (default {@linkcode taskorchArgv}). */
  argv?: string[];
}

/**
 * Reads both files of the scope and works out what installing (or removing) changes.
 * Nothing is written; a file that does not parse fails the whole plan.
 */
export async function planInit(options: InitOptions): Promise<FilePlan[]> {
  const files = claudeFiles(options.scope, options);
  const argv = options.argv ?? taskorchArgv();
  const origin = options.http === undefined ? undefined : serverOrigin(options.http);
  const settings = await readJsonFile(files.settings);
  const mcp = await readJsonFile(files.mcp);
  const hooks: MergeResult = options.remove
    ? removeHooks(settings.data, files.settings, isTaskorchModule)
    : installHooks(
      settings.data,
      origin ? httpHook(origin) : commandHook(argv),
      files.settings,
      isTaskorchModule,
    );
  const server: MergeResult = options.remove
    ? removeServer(mcp.data, files.mcp, isTaskorchModule)
    : installServer(mcp.data, mcpServer(argv, origin), files.mcp, isTaskorchModule);
  return [
    { file: settings, role: "settings" as const, merge: hooks },
    { file: mcp, role: "mcp" as const, merge: server },
  ].map(({ file, role, merge }) => ({
    path: file.path,
    role,
    before: file.text,
    existed: file.exists,
    after: merge.changed ? renderJson(merge.data) : file.text,
    changes: merge.changes,
    changed: merge.changed,
  }));
}

/** The diff of one planned file, for `--dry-run`. */
export function planDiff(plan: FilePlan): string {
  return unifiedDiff(plan.before, plan.after, plan.path);
}

/**
 * Writes the changed files of a plan, each atomically with a `.bak` of its previous
 * content. A file that changed on disk since it was planned (Claude Code rewrites
 * `~/.claude.json` while it runs) is not overwritten: the plan fails, so run again.
 *
 * @returns the backups made, by file.
 */
export async function applyPlan(plans: readonly FilePlan[]): Promise<Record<string, string>> {
  for (const plan of plans) {
    if (!plan.changed) continue;
    let now = "";
    try {
      now = await Deno.readTextFile(plan.path);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
    if (now !== plan.before) {
      throw new TaskorchError(
        "CONFIG_INVALID",
        `${plan.path} changed while taskorch was updating it (is Claude Code running and ` +
          `writing it?); nothing was written, run the command again`,
      );
    }
  }
  const backups: Record<string, string> = {};
  for (const plan of plans) {
    if (!plan.changed) continue;
    const backup = await writeFileAtomic(plan.path, plan.after);
    if (backup) backups[plan.path] = backup;
  }
  return backups;
}
