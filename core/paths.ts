/**
 * Where taskorch keeps its files.
 *
 * - The home folder is `TASKORCH_HOME`, or `~/.taskorch` (`$HOME`, or `%USERPROFILE%` on
 *   Windows). It is not created here: `openStore` (core/store.ts) creates it (mode 0700) when the
 *   store lives there.
 * - The store (one Deno KV database) is, first match wins: the `--kv` flag, the `TASKORCH_KV`
 *   environment variable, `<home>/taskorch.kv`. `:memory:` and KV Connect URLs
 *   (`https://…`) pass through unchanged; other paths are made absolute.
 *
 * @module
 */

import { dirname, join, resolve } from "./posix_path.ts";
import { TaskorchError } from "./errors.ts";

/** The file name of the store inside taskorch's home folder. */
export const DEFAULT_KV_FILE = "taskorch.kv";

/**
 * Returns taskorch's home folder: `TASKORCH_HOME`, or `$HOME/.taskorch`. Not created here.
 *
 * @throws {TaskorchError} `HOME_UNSET` when neither `TASKORCH_HOME` nor `HOME` is set.
 *
 * @example
 * ```ts
 * import { taskorchHome } from "./paths.ts";
 * console.log(taskorchHome()); // e.g. /home/ada/.taskorch
 * ```
 */
export function taskorchHome(): string {
  const explicit = Deno.env.get("TASKORCH_HOME");
  if (explicit) return resolve(explicit);
  const home = Deno.env.get("HOME") ||
    (Deno.build.os === "windows" ? Deno.env.get("USERPROFILE") : undefined);
  if (!home) {
    throw new TaskorchError(
      "HOME_UNSET",
      "Cannot find taskorch's home folder: neither TASKORCH_HOME nor HOME is set; " +
        "set TASKORCH_HOME to a writable folder",
    );
  }
  return join(home, ".taskorch");
}

/** Where the store is and which setting chose it. */
export interface KvLocation {
  /** The path (absolute), `:memory:`, or a KV Connect URL, as given to `Deno.openKv`. */
  path: string;
  /** `option` (`--kv`), `env` (`TASKORCH_KV`) or `default` (`<home>/taskorch.kv`). */
  source: "option" | "env" | "default";
}

/** True for `:memory:` and KV Connect URLs: locations that are not files on this machine. */
export function isKvFileless(path: string): boolean {
  return path === ":memory:" || /^https?:\/\//i.test(path);
}

/**
 * Resolves the store location and says which setting chose it: `explicit` (the `--kv` flag)
 * beats `TASKORCH_KV`, which beats `<home>/taskorch.kv`. Empty strings count as unset.
 *
 * @example
 * ```ts
 * import { resolveKvLocation } from "./paths.ts";
 * console.assert(resolveKvLocation(":memory:").source === "option");
 * ```
 */
export function resolveKvLocation(explicit?: string): KvLocation {
  if (explicit) return { path: normalize(explicit), source: "option" };
  const fromEnv = Deno.env.get("TASKORCH_KV");
  if (fromEnv) return { path: normalize(fromEnv), source: "env" };
  return { path: join(taskorchHome(), DEFAULT_KV_FILE), source: "default" };
}

/**
 * Resolves the store path: `explicit` (the `--kv` flag) > `TASKORCH_KV` >
 * `~/.taskorch/taskorch.kv`. `:memory:` and `http(s)://` URLs pass through.
 *
 * @example
 * ```ts
 * import { resolveKvPath } from "./paths.ts";
 * console.assert(resolveKvPath(":memory:") === ":memory:");
 * ```
 */
export function resolveKvPath(explicit?: string): string {
  return resolveKvLocation(explicit).path;
}

function normalize(path: string): string {
  return isKvFileless(path) ? path : resolve(path);
}

/**
 * Creates the folder of the store file at `path` if it is missing. `isPrivate` (the default
 * location, inside taskorch's home) creates it with mode 0700 and chmods it so, whatever the
 * umask. An existing folder is left as it is. Errors propagate as thrown by Deno.
 */
export async function ensureKvFolder(path: string, isPrivate = false): Promise<void> {
  const folder = dirname(path);
  try {
    await Deno.stat(folder);
    return;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  await Deno.mkdir(folder, { recursive: true, mode: isPrivate ? 0o700 : undefined });
  if (isPrivate && Deno.build.os !== "windows") await Deno.chmod(folder, 0o700);
}
