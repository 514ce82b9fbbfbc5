/**
 * Where a path points, as rules ask it: the root, a home folder, a system folder, the
 * workspace or outside it, a `.git` folder, a temporary folder, a device. Paths are
 * resolved against the event's `cwd` with `~`, `$HOME` and `${HOME}` expanded; a glob
 * (`/*`, `~/*`) stands for the folder it expands in.
 *
 * @module
 */

import { isAbsolute, join, normalize } from "../posix_path.ts";

/** The places a rule can name. */
export const PLACES = [
  "root",
  "home",
  "system",
  "workspace",
  "outside_workspace",
  "git_dir",
  "temp",
  "device",
] as const;

/** A place a rule can name. */
export type Place = typeof PLACES[number];

/** What a path is resolved against. */
export interface PlaceContext {
  /** The workspace (`cwd` of the event), if known. */
  cwd?: string;
  /** The user's home folder. */
  home: string;
}

/** System folders: deleting or rewriting them breaks the machine. */
const SYSTEM = [
  "/bin",
  "/boot",
  "/dev",
  "/etc",
  "/lib",
  "/lib32",
  "/lib64",
  "/libx32",
  "/opt",
  "/proc",
  "/root",
  "/sbin",
  "/srv",
  "/sys",
  "/usr",
  "/var",
  "/System",
  "/Library",
  "/Applications",
  "/private",
  "/snap",
  "/mnt",
  "/media",
  "/home",
  "/Users",
];

const TEMP = ["/tmp", "/var/tmp", "/private/tmp", "/dev/shm"];

/** A resolved path, or `undefined` when it depends on something unknown ($VAR). */
export interface ResolvedPath {
  /** Absolute, normalized, without a trailing slash (except `/`). */
  path: string;
  /** True when the original held a glob that was cut off. */
  glob: boolean;
}

/**
 * Resolves a path argument. Returns `undefined` when it depends on a variable other than
 * HOME, or on a command substitution.
 */
export function resolvePlace(raw: string, context: PlaceContext): ResolvedPath | undefined {
  let text = raw.trim();
  if (text === "") return undefined;
  text = text.replace(/^~(?=\/|$)/, context.home)
    .replace(/^\$\{HOME\}|^\$HOME(?![A-Za-z0-9_])/, context.home);
  if (/[$`]/.test(text)) return undefined;
  let glob = false;
  const star = text.search(/[*?[]/);
  if (star !== -1) {
    glob = true;
    const slash = text.lastIndexOf("/", star);
    text = slash === -1 ? "." : text.slice(0, slash + 1) || "/";
  }
  if (!isAbsolute(text)) {
    if (!context.cwd) return undefined;
    text = join(context.cwd, text);
  }
  let path = normalize(text);
  if (path.length > 1 && path.endsWith("/")) path = path.slice(0, -1);
  return { path, glob };
}

function under(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder === "/" ? "/" : folder + "/");
}

function isHome(path: string, home: string): boolean {
  return path === home || /^\/(home|Users)\/[^/]+$/.test(path) || path === "/root";
}

/** Whether `path` is exactly the place. */
export function isPlace(path: string, place: Place, context: PlaceContext): boolean {
  switch (place) {
    case "root":
      return path === "/";
    case "home":
      return isHome(path, context.home);
    case "system":
      return SYSTEM.includes(path) || /^\/usr\/(local|bin|lib|share|sbin)$/.test(path) ||
        /^\/var\/(lib|log|www|mail|spool|db|backups|opt|cache)$/.test(path);
    case "workspace":
      return context.cwd !== undefined && path === normalize(context.cwd).replace(/\/$/, "");
    case "outside_workspace":
      return inPlace(path, "outside_workspace", context);
    case "git_dir":
      return path.endsWith("/.git");
    case "temp":
      return TEMP.includes(path);
    case "device":
      return path.startsWith("/dev/") && path !== "/dev/null";
  }
}

/** Whether `path` is the place or inside it. */
export function inPlace(path: string, place: Place, context: PlaceContext): boolean {
  switch (place) {
    case "root":
      return true;
    case "home":
      return under(path, context.home) || /^\/(home|Users)\/[^/]+(\/|$)/.test(path) ||
        under(path, "/root");
    case "system":
      return SYSTEM.some((folder) => under(path, folder)) &&
        !TEMP.some((folder) => under(path, folder)) &&
        !/^\/(home|Users)\/[^/]+\//.test(path) &&
        !(path !== context.home && under(path, context.home));
    case "workspace":
      return context.cwd !== undefined && under(path, normalize(context.cwd).replace(/\/$/, ""));
    case "outside_workspace":
      return context.cwd !== undefined && !under(path, normalize(context.cwd).replace(/\/$/, ""));
    case "git_dir":
      return /\/\.git(\/|$)/.test(path);
    case "temp":
      return TEMP.some((folder) => under(path, folder));
    case "device":
      return isPlace(path, "device", context);
  }
}
