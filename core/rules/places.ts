/**
 * Where a path points, as rules ask it: the root, a home folder, a system folder, the
 * workspace or outside it, a `.git` folder, a temporary folder, a storage device, a cache or
 * build-output folder. Paths are resolved against the event's `cwd` (or the folder an earlier
 * `cd` in the same command line moved to) with `~`, `$HOME`, `${HOME}`, `$env:USERPROFILE`
 * and `%USERPROFILE%` expanded; a glob (`/*`, `~/*`) stands for the folder it expands in.
 * Windows paths (`C:\Users\me`, `D:/data`, `\\server\share`) are understood too.
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
  "cache",
] as const;

/** A place a rule can name. */
export type Place = typeof PLACES[number];

/** What a path is resolved against. */
export interface PlaceContext {
  /** The workspace (`cwd` of the event), if known. */
  cwd?: string;
  /** The user's home folder. */
  home: string;
  /**
   * The folder relative paths resolve against when it is not the workspace (after `cd build`
   * in the same command line), absolute; `null` when it is unknown (`cd "$DIR"`), so relative
   * paths do not resolve.
   */
  base?: string | null;
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

const SYSTEM_SET = new Set(SYSTEM);

/** The first folder of an absolute POSIX path: `/usr` for `/usr/lib/x`. */
function topFolder(path: string): string {
  const slash = path.indexOf("/", 1);
  return slash === -1 ? path : path.slice(0, slash);
}

const TEMP = [
  "/tmp",
  "/var/tmp",
  "/private/tmp",
  "/dev/shm",
  "/var/folders",
  "/private/var/folders",
];

/** Windows system folders, below a drive root (compared case-insensitively). */
const WINDOWS_SYSTEM =
  /^[A-Z]:\/(windows|program files|program files \(x86\)|programdata|users|system volume information|\$recycle\.bin|recovery|boot)(\/|$)/i;

/** Windows temporary folders. */
const WINDOWS_TEMP = /^[A-Z]:\/(windows\/temp|temp|tmp|users\/[^/]+\/appdata\/local\/temp)(\/|$)/i;

/** Character devices that are safe to write to or read from. */
const HARMLESS_DEVICE =
  /^\/dev\/(null|zero|full|random|urandom|stdin|stdout|stderr|tty[\w]*|console|ptmx|log|pts(\/.*)?|fd(\/.*)?|shm(\/.*)?|tcp\/.*|udp\/.*|mqueue(\/.*)?|hugepages(\/.*)?)$/;

/** Cache folders in a home folder (relative to it). */
const HOME_CACHES = [
  ".cache",
  "Library/Caches",
  "Library/Developer/Xcode/DerivedData",
  ".npm",
  ".yarn/cache",
  ".yarn/berry/cache",
  ".pnpm-store",
  ".local/share/pnpm/store",
  ".bun/install/cache",
  ".gradle/caches",
  ".gradle/wrapper/dists",
  ".m2/repository",
  ".ivy2/cache",
  ".sbt/boot",
  ".cargo/registry",
  ".cargo/git",
  "go/pkg/mod",
  ".nuget/packages",
  ".composer/cache",
  ".ccache",
  ".cache/deno",
  "AppData/Local/Temp",
];

/** Folder names that only hold regenerable output: dependencies, caches, build output. */
const REGENERABLE = new Set([
  "node_modules",
  "__pycache__",
  ".pytest_cache",
  ".mypy_cache",
  ".ruff_cache",
  ".tox",
  ".nox",
  ".next",
  ".nuxt",
  ".svelte-kit",
  ".turbo",
  ".parcel-cache",
  ".angular",
  ".dart_tool",
  ".gradle",
  ".eslintcache",
  ".nyc_output",
  "coverage",
  "htmlcov",
  "dist",
  "build",
  "target",
  "out",
  ".venv",
  "venv",
  ".eggs",
  "DerivedData",
  ".cache",
]);

/** A resolved path, or `undefined` when it depends on something unknown ($VAR). */
export interface ResolvedPath {
  /** Absolute, normalized, without a trailing slash (except `/` and `C:/`). */
  path: string;
  /** True when the original held a glob that was cut off. */
  glob: boolean;
}

const WINDOWS_ABSOLUTE = /^(?:[A-Za-z]:|\\\\|\/\/[^/])/;

/** A POSIX path made of ordinary characters only; not `//x`, which may be a Windows share. */
const PLAIN = /^(?!\/\/)[\w.@+,=/-]+$/;

/** Whether a resolved path is a Windows path (`C:/...`, `//server/share`). */
export function isWindowsPath(path: string): boolean {
  const first = path.charCodeAt(0);
  if (first === 47) return path.charCodeAt(1) === 47; // "//server/share"
  return first >= 65 && first <= 90 && path.charCodeAt(1) === 58 && path.charCodeAt(2) === 47;
}

function expandHome(text: string, home: string): string {
  return text.replace(/^~(?=[\\/]|$)/, home)
    .replace(
      /^(?:\$\{HOME\}|\$HOME(?![A-Za-z0-9_])|\$env:(?:USERPROFILE|HOME)(?![A-Za-z0-9_])|%USERPROFILE%|%HOMEDRIVE%%HOMEPATH%)/i,
      home,
    );
}

/**
 * A glob in the last segment stands for the folder it expands in (`/` + `*` is `/`); a glob
 * in an earlier segment (`*` + `/.git`) names things below that folder, so the path keeps its
 * glob and is only ever inside the folder, never the folder itself.
 */
function cutGlob(text: string): { text: string; glob: boolean } {
  const trimmed = text.length > 1 ? text.replace(/\/+$/, "") : text;
  const star = trimmed.search(/[*?[]/);
  if (star === -1) return { text, glob: false };
  if (trimmed.indexOf("/", star) !== -1) return { text: trimmed, glob: true };
  const slash = trimmed.lastIndexOf("/", star);
  return { text: slash === -1 ? "." : trimmed.slice(0, slash + 1) || "/", glob: true };
}

function windowsPath(text: string): ResolvedPath | undefined {
  let t = text.replace(/\\/g, "/");
  if (/^[A-Za-z]:/.test(t)) {
    t = t[0].toUpperCase() + ":/" + t.slice(2).replace(/^\/+/, "");
  }
  const cut = cutGlob(t);
  t = cut.text;
  if (t === ".") return undefined;
  let path = normalize(t);
  if (/^[A-Z]:\/?$/.test(path) || /^[A-Z]:\/\.\.(\/|$)/.test(path)) path = path.slice(0, 2) + "/";
  else if (path.length > 3 && path.endsWith("/")) path = path.slice(0, -1);
  return { path, glob: cut.glob };
}

/**
 * Resolves a path argument. Returns `undefined` when it depends on a variable other than
 * HOME, or on a command substitution, or when it is relative and the folder it is relative
 * to is unknown.
 */
export function resolvePlace(raw: string, context: PlaceContext): ResolvedPath | undefined {
  if (PLAIN.test(raw)) {
    // The common case: no home, variable, glob, Windows or blank to handle.
    if (raw.charCodeAt(0) === 47) return { path: normalize(raw), glob: false };
    const base = context.base === undefined ? context.cwd : context.base;
    if (base && base.charCodeAt(0) === 47) return { path: join(base, raw), glob: false };
  }
  let text = raw.trim();
  if (text === "") return undefined;
  if (/^(?:%|\$env:)/i.test(text)) text = text.replace(/\\/g, "/"); // a Windows-style home path
  text = expandHome(text, context.home);
  if (/[$`]/.test(text) || /%\w+%/.test(text)) return undefined;
  if (WINDOWS_ABSOLUTE.test(text)) return windowsPath(text);
  const cut = cutGlob(text);
  text = cut.text;
  if (!isAbsolute(text)) {
    let base = context.base === undefined ? context.cwd : context.base;
    if (!base) return undefined;
    if (WINDOWS_ABSOLUTE.test(base)) base = windowsPath(base)?.path ?? base;
    if (isWindowsPath(base)) return windowsPath(join(base, text.replace(/\\/g, "/")));
    text = join(base, text);
  }
  let path = normalize(text);
  if (path.length > 1 && path.endsWith("/")) path = path.slice(0, -1);
  return { path, glob: cut.glob };
}

/** The workspace as a resolved path (Windows working folders too). */
function workspaceOf(context: PlaceContext): string | undefined {
  if (context.cwd === undefined) return undefined;
  if (WINDOWS_ABSOLUTE.test(context.cwd)) return windowsPath(context.cwd)?.path;
  return normalize(context.cwd).replace(/(.)\/$/, "$1");
}

function under(path: string, folder: string): boolean {
  if (isWindowsPath(folder) || isWindowsPath(path)) {
    path = path.toLowerCase();
    folder = folder.toLowerCase();
    if (folder.endsWith("/")) return path.startsWith(folder);
  }
  return path === folder || path.startsWith(folder === "/" ? "/" : folder + "/");
}

function isHome(path: string, home: string): boolean {
  return path === home || /^\/(home|Users)\/[^/]+$/.test(path) || path === "/root" ||
    /^[A-Z]:\/Users\/[^/]+$/i.test(path) && !/^[A-Z]:\/Users\/(Public|Default)$/i.test(path);
}

function inHome(path: string, home: string): boolean {
  return under(path, home) || /^\/(home|Users)\/[^/]+(\/|$)/.test(path) || under(path, "/root") ||
    /^[A-Z]:\/Users\/[^/]+(\/|$)/i.test(path);
}

function homeOf(path: string, home: string): string | undefined {
  if (under(path, home)) return home;
  const m = /^(\/(?:home|Users)\/[^/]+|\/root|[A-Z]:\/Users\/[^/]+)(?:\/|$)/i.exec(path);
  return m?.[1];
}

function inCache(path: string, home: string): boolean {
  const owner = homeOf(path, home);
  if (owner !== undefined) {
    const rest = path.slice(owner.length + 1);
    if (HOME_CACHES.some((c) => rest === c || rest.startsWith(c + "/"))) return true;
  }
  const parts = path.split("/");
  // A regenerable folder name anywhere but as the first part below `/` (`/build`, `/out`).
  return parts.slice(2).some((p) => REGENERABLE.has(p) || p.endsWith(".egg-info"));
}

/** Whether `path` is exactly the place. */
export function isPlace(path: string, place: Place, context: PlaceContext): boolean {
  switch (place) {
    case "root":
      return path === "/" || /^[A-Z]:\/$/.test(path);
    case "home":
      return isHome(path, context.home);
    case "system":
      return SYSTEM.includes(path) || /^\/usr\/(local|bin|lib|share|sbin)$/.test(path) ||
        /^\/var\/(lib|log|www|mail|spool|db|backups|opt|cache)$/.test(path) ||
        /^[A-Z]:\/(windows|program files|program files \(x86\)|programdata|users)$/i.test(path) ||
        /^[A-Z]:\/windows\/system32$/i.test(path);
    case "workspace": {
      const ws = workspaceOf(context);
      return ws !== undefined &&
        (isWindowsPath(ws) ? path.toLowerCase() === ws.toLowerCase() : path === ws);
    }
    case "outside_workspace":
      return inPlace(path, "outside_workspace", context);
    case "git_dir":
      return path.endsWith("/.git");
    case "temp":
      return TEMP.includes(path) ||
        /^[A-Z]:\/(windows\/temp|temp|tmp|users\/[^/]+\/appdata\/local\/temp)$/i.test(path);
    case "device":
      return path.startsWith("/dev/") && !HARMLESS_DEVICE.test(path) ||
        /^\/\/\.\/(physicaldrive\d+|[A-Z]:)$/i.test(path);
    case "cache": {
      if (!inCache(path, context.home)) return false;
      const parent = path.slice(0, path.lastIndexOf("/")) || "/";
      return !inCache(parent, context.home);
    }
  }
}

/** Whether `path` is the place or inside it. */
export function inPlace(path: string, place: Place, context: PlaceContext): boolean {
  switch (place) {
    case "root":
      return true;
    case "home":
      return inHome(path, context.home);
    case "system":
      if (isWindowsPath(path)) {
        return WINDOWS_SYSTEM.test(path) && !WINDOWS_TEMP.test(path) &&
          !/^[A-Z]:\/Users\/[^/]+\//i.test(path);
      }
      return SYSTEM_SET.has(topFolder(path)) &&
        !TEMP.some((folder) => under(path, folder)) &&
        !/^\/(home|Users)\/[^/]+\//.test(path) &&
        !(path !== context.home && under(path, context.home));
    case "workspace": {
      const ws = workspaceOf(context);
      return ws !== undefined && under(path, ws);
    }
    case "outside_workspace": {
      const ws = workspaceOf(context);
      return ws !== undefined && !under(path, ws);
    }
    case "git_dir":
      return /\/\.git(\/|$)/.test(path);
    case "temp":
      return TEMP.some((folder) => under(path, folder)) || WINDOWS_TEMP.test(path);
    case "device":
      return isPlace(path, "device", context);
    case "cache":
      return inCache(path, context.home);
  }
}
