/**
 * Grants: what an operator allows a plugin, how a plugin's request is checked against it,
 * and the Deno flags that start a plugin's process with exactly that grant.
 *
 * @module
 */

import { isAbsolute, resolve, sep as SEPARATOR } from "node:path";
import { TaskorchError } from "../errors.ts";
import type { Permissions } from "./types.ts";

function splitHost(entry: string): { host: string; port?: string } {
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(entry);
  return match ? { host: match[1], port: match[2] } : { host: entry };
}

function netCovered(request: string, grant: string[]): boolean {
  const want = splitHost(request.toLowerCase());
  return grant.some((entry) => {
    const have = splitHost(entry.toLowerCase());
    return have.host === want.host && (have.port === undefined || have.port === want.port);
  });
}

function envCovered(request: string, grant: string[]): boolean {
  return grant.some((entry) => {
    if (entry === request) return true;
    if (!entry.endsWith("*")) return false;
    const prefix = entry.slice(0, -1);
    return request.startsWith(prefix);
  });
}

/** Resolves a permission path against the workspace. */
export function resolvePermissionPath(path: string, cwd: string): string {
  const absolute = isAbsolute(path) ? resolve(path) : resolve(cwd, path);
  return absolute.length > 1 && absolute.endsWith(SEPARATOR) ? absolute.slice(0, -1) : absolute;
}

function pathCovered(request: string, grant: string[], cwd: string): boolean {
  const want = resolvePermissionPath(request, cwd);
  return grant.some((entry) => {
    const have = resolvePermissionPath(entry, cwd);
    return want === have || want.startsWith(have === SEPARATOR ? have : have + SEPARATOR);
  });
}

/**
 * Returns the first permission `request` asks for that `grant` does not cover, as
 * `kind:value` (e.g. `net:example.com`), or `undefined` when all are covered. A host grant
 * without a port covers every port; an env grant ending in `*` covers names with that
 * prefix; a path grant covers what is under it.
 *
 * @example
 * ```ts
 * import { uncoveredPermission } from "./permissions.ts";
 * const missing = uncoveredPermission({ net: ["a.com", "b.com:443"] }, { net: ["b.com"] }, "/w");
 * console.assert(missing === "net:a.com");
 * ```
 */
export function uncoveredPermission(
  request: Permissions,
  grant: Permissions,
  cwd: string,
): string | undefined {
  for (const host of request.net ?? []) {
    if (!netCovered(host, grant.net ?? [])) return `net:${host}`;
  }
  for (const name of request.env ?? []) {
    if (!envCovered(name, grant.env ?? [])) return `env:${name}`;
  }
  for (const path of request.read ?? []) {
    if (!pathCovered(path, grant.read ?? [], cwd)) return `read:${path}`;
  }
  for (const path of request.write ?? []) {
    if (!pathCovered(path, grant.write ?? [], cwd)) return `write:${path}`;
  }
  return undefined;
}

/**
 * Throws `PLUGIN_PERMISSION_DENIED`, naming the permission, when the plugin asks for
 * more than the operator grants.
 *
 * @example
 * ```ts
 * import { assertGranted } from "./permissions.ts";
 * assertGranted("demo", { env: ["HOME"] }, { env: ["HOME", "USER"] }, "/w"); // passes
 * ```
 */
export function assertGranted(
  plugin: string,
  request: Permissions,
  grant: Permissions,
  cwd: string,
): void {
  const missing = uncoveredPermission(request, grant, cwd);
  if (missing === undefined) return;
  const [kind, ...rest] = missing.split(":");
  const value = rest.join(":");
  const granted = (grant[kind as keyof Permissions] ?? []).join(", ") || "nothing";
  throw new TaskorchError(
    "PLUGIN_PERMISSION_DENIED",
    `Plugin "${plugin}" asks for ${kind} permission "${value}", which the operator does not grant (granted ${kind}: ${granted}); it was not started. Grant it in the plugin's configuration or do not use the plugin.`,
  );
}

/**
 * The `deno run` flags that give a process exactly `grant` and nothing else (no flag for
 * an empty or absent list). Paths are resolved against `cwd`.
 *
 * @example
 * ```ts
 * import { permissionFlags } from "./permissions.ts";
 * const flags = permissionFlags({ net: ["a.com"], read: ["data"] }, "/w");
 * console.assert(flags.join(" ") === "--allow-net=a.com --allow-read=/w/data");
 * ```
 */
export function permissionFlags(grant: Permissions, cwd: string): string[] {
  const flags: string[] = [];
  if (grant.net?.length) flags.push(`--allow-net=${grant.net.join(",")}`);
  if (grant.env?.length) flags.push(`--allow-env=${grant.env.join(",")}`);
  if (grant.read?.length) {
    flags.push(`--allow-read=${grant.read.map((p) => resolvePermissionPath(p, cwd)).join(",")}`);
  }
  if (grant.write?.length) {
    flags.push(`--allow-write=${grant.write.map((p) => resolvePermissionPath(p, cwd)).join(",")}`);
  }
  return flags;
}
