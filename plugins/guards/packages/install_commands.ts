/**
 * Which packages an install command names: `npm i lodash`, `pip install 'flask[async]>=2'`,
 * `cargo add serde@1`, `deno add npm:chalk jsr:@std/path`, ... found anywhere in a Bash command
 * line (after `&&`, inside `bash -c`, behind `sudo`) with the shell parser.
 *
 * Only names a registry would resolve are returned: versions and extras are stripped, scopes
 * kept, and local paths, URLs, git references, tarballs and requirement files are skipped.
 *
 * @module
 */

import { parseShell, type SimpleCommand } from "../../../core/shell/parse.ts";

/** The registries a package name can belong to. */
export const ECOSYSTEMS = ["npm", "pypi", "crates", "jsr"] as const;

/** A package registry family. */
export type Ecosystem = typeof ECOSYSTEMS[number];

/** One package an install command names. */
export interface PackageRef {
  /** The registry the name is resolved against. */
  ecosystem: Ecosystem;
  /** The package name, without version or extras, scope kept: `@types/node`, `requests`. */
  name: string;
  /** The tool that installs it: `npm`, `pnpm`, `yarn`, `bun`, `deno`, `pip`, `uv`, `poetry`, `cargo`. */
  manager: string;
  /** The argument as written, e.g. `flask[async]>=2`. */
  spec: string;
  /**
   * True when the command points the tool at another registry or index (`--registry`,
   * `--index-url`, `--source`, ...): the public registry's answer then says nothing.
   */
  customRegistry?: boolean;
}

/** How a tool's flags are read: which take a value, which point at another registry. */
interface FlagTable {
  /** Flags whose value is the next argument (unless written `--flag=value`). */
  valued: ReadonlySet<string>;
  /** Flags that point at another registry or index, or at local/git sources only. */
  redirect: ReadonlySet<string>;
}

function table(valued: string[], redirect: string[]): FlagTable {
  return { valued: new Set([...valued, ...redirect]), redirect: new Set(redirect) };
}

const NPM_FLAGS = table(
  [
    "-w",
    "--workspace",
    "--prefix",
    "-C",
    "--tag",
    "--omit",
    "--include",
    "--install-strategy",
    "--cache",
    "--userconfig",
    "--loglevel",
    "--filter",
    "-F",
    "--dir",
    "--cwd",
    "--modules-folder",
    "--network-concurrency",
    "--backend",
    "--cafile",
    "--config",
    "-c",
  ],
  ["--registry"],
);

const PIP_FLAGS = table(
  [
    "-r",
    "--requirement",
    "--requirements",
    "-c",
    "--constraint",
    "--constraints",
    "-e",
    "--editable",
    "-t",
    "--target",
    "--prefix",
    "--root",
    "--platform",
    "--python-version",
    "--implementation",
    "--abi",
    "--src",
    "--upgrade-strategy",
    "--progress-bar",
    "--no-binary",
    "--only-binary",
    "--trusted-host",
    "--cache-dir",
    "--log",
    "--proxy",
    "--retries",
    "--timeout",
    "--exists-action",
    "--cert",
    "--client-cert",
    "--report",
    "--config-settings",
    "--global-option",
    "--install-option",
    "-p",
    "--python",
    "--group",
    "--optional",
    "--extra",
    "--package",
    "--directory",
    "--project",
    "--script",
    "--tag",
    "--branch",
    "--rev",
    "--marker",
    "-m",
    "-G",
    "--extras",
    "-E",
    "-P",
    "--resolution",
    "--prerelease",
    "--exclude-newer",
    "--keyring-provider",
    "--index-strategy",
    "--link-mode",
  ],
  [
    "-i",
    "--index-url",
    "--extra-index-url",
    "--index",
    "--default-index",
    "-f",
    "--find-links",
    "--source",
  ],
);

const CARGO_FLAGS = table(
  [
    "-F",
    "--features",
    "--rename",
    "--branch",
    "--tag",
    "--rev",
    "-p",
    "--package",
    "--manifest-path",
    "--target",
    "--target-dir",
    "--vers",
    "--version",
    "--root",
    "-j",
    "--jobs",
    "--profile",
    "--config",
    "-Z",
    "--bin",
    "--example",
    "--color",
    "--lockfile-path",
  ],
  ["--registry", "--index", "--git", "--path"],
);

const NO_NAMES: PackageRef[] = [];

/** Splits `--flag=value` and reports whether the flag consumes the next argument. */
function walk(
  args: readonly string[],
  flags: FlagTable,
): { positional: string[]; redirected: boolean; flags: Set<string> } {
  const positional: string[] = [];
  const seen = new Set<string>();
  let redirected = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--") {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith("-") && arg.length > 1) {
      const eq = arg.indexOf("=");
      const flag = eq > 0 ? arg.slice(0, eq) : arg;
      seen.add(flag);
      if (flags.redirect.has(flag)) redirected = true;
      if (eq < 0 && flags.valued.has(flag)) i++;
      continue;
    }
    positional.push(arg);
  }
  return { positional, redirected, flags: seen };
}

/** Finds the subcommand (the first positional argument) and what follows it. */
function subcommand(
  args: readonly string[],
  flags: FlagTable,
): { name: string; rest: string[]; redirected: boolean } | undefined {
  let redirected = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg.startsWith("-") && arg.length > 1) {
      const eq = arg.indexOf("=");
      const flag = eq > 0 ? arg.slice(0, eq) : arg;
      if (flags.redirect.has(flag)) redirected = true;
      if (eq < 0 && flags.valued.has(flag)) i++;
      continue;
    }
    if (arg.startsWith("+")) continue; // cargo +nightly add x
    return { name: arg, rest: args.slice(i + 1), redirected };
  }
  return undefined;
}

// --- npm-style names ---------------------------------------------------------------------

const NPM_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9_~][a-z0-9._~-]*$/i;

/** The registry name of an npm-style spec, or undefined for paths, URLs, git and tarballs. */
export function npmSpecName(spec: string): string | undefined {
  let s = spec.trim();
  if (s === "" || /^[.~/]/.test(s) || /^[a-z][a-z0-9+.-]*:/i.test(s) && !s.startsWith("npm:")) {
    return undefined; // ./x, ~/x, /x, file:, git+https:, github:, https:, link:, workspace:
  }
  if (/\.(?:tgz|tar\.gz|tar)$/i.test(s)) return undefined;
  // alias@npm:real@1 installs `real`.
  const alias = s.indexOf("@npm:", 1);
  if (alias > 0) s = s.slice(alias + 5);
  if (s.startsWith("npm:")) s = s.slice(4);
  const at = s.indexOf("@", 1);
  const name = at > 0 ? s.slice(0, at) : s;
  // A version, range or tag never holds `:` or `/`: `git@github.com:user/repo.git` is git.
  if (at > 0 && /[:/]/.test(s.slice(at + 1))) return undefined;
  // `user/repo` without a scope is GitHub shorthand, not a registry name.
  if (!name.startsWith("@") && name.includes("/")) return undefined;
  return NPM_NAME.test(name) && name.length <= 214 ? name : undefined;
}

function npmLike(
  manager: string,
  args: readonly string[],
  verbs: ReadonlySet<string>,
): PackageRef[] {
  const sub = subcommand(args, NPM_FLAGS);
  if (sub === undefined) return NO_NAMES;
  let { name, rest } = sub;
  let redirected = sub.redirected;
  if (manager === "yarn" && (name === "global" || name === "workspace")) {
    // yarn global add x; yarn workspace <ws> add x
    const inner = name === "global" ? rest : rest.slice(1);
    const next = subcommand(inner, NPM_FLAGS);
    if (next === undefined) return NO_NAMES;
    ({ name, rest } = next);
    redirected ||= next.redirected;
  }
  if (!verbs.has(name)) return NO_NAMES;
  const walked = walk(rest, NPM_FLAGS);
  return collect(walked.positional, npmSpecName, {
    ecosystem: "npm",
    manager,
    customRegistry: redirected || walked.redirected,
  });
}

const NPM_VERBS = new Set([
  "i",
  "in",
  "ins",
  "inst",
  "insta",
  "instal",
  "install",
  "isnt",
  "isnta",
  "isntal",
  "isntall",
  "add",
]);
const PNPM_VERBS = new Set(["add", "i", "install"]);
const YARN_VERBS = new Set(["add"]);
const BUN_VERBS = new Set(["add", "a", "i", "install"]);

// --- Deno ----------------------------------------------------------------------------------

function denoAdd(args: readonly string[]): PackageRef[] {
  const sub = subcommand(args, NPM_FLAGS);
  if (sub === undefined || (sub.name !== "add" && sub.name !== "install" && sub.name !== "i")) {
    return NO_NAMES;
  }
  const out: PackageRef[] = [];
  for (const spec of walk(sub.rest, NPM_FLAGS).positional) {
    if (spec.startsWith("npm:")) {
      const name = npmSpecName(spec);
      if (name !== undefined) out.push({ ecosystem: "npm", name, manager: "deno", spec });
    } else if (spec.startsWith("jsr:") || (sub.name === "add" && spec.startsWith("@"))) {
      const name = jsrSpecName(spec);
      if (name !== undefined) out.push({ ecosystem: "jsr", name, manager: "deno", spec });
    }
  }
  return out;
}

const JSR_NAME = /^@[a-z0-9-]+\/[a-z0-9-]+$/;

function jsrSpecName(spec: string): string | undefined {
  const s = spec.startsWith("jsr:") ? spec.slice(4) : spec;
  const at = s.indexOf("@", 1);
  const name = at > 0 ? s.slice(0, at) : s;
  return JSR_NAME.test(name) ? name : undefined;
}

// --- Python ---------------------------------------------------------------------------------

const PEP508_NAME = /^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$/i;

/** Normalizes a Python package name the way PyPI does (PEP 503): `Foo_Bar.baz` → `foo-bar-baz`. */
export function normalizePypiName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

/** The registry name of a PEP 508 requirement, or undefined for paths, URLs and files. */
export function pypiSpecName(spec: string): string | undefined {
  const s = spec.trim();
  if (s === "" || /^[.~/]/.test(s) || s.includes("://") || /^[a-z][a-z0-9+.-]*:/i.test(s)) {
    return undefined;
  }
  if (/\.(?:whl|tar\.gz|tgz|zip|tar\.bz2|egg|txt|toml|cfg|py|in)$/i.test(s)) return undefined;
  const match = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(.*)$/s.exec(s);
  if (match === null) return undefined;
  const [, name, tail] = match;
  // What may follow a name: extras, a version clause, a marker, or `@ url` (a direct reference
  // still names the package, but it is fetched from the URL, not the registry).
  if (tail !== "" && !/^(?:\[|[<>=!~]|;|\(|,)/.test(tail)) return undefined;
  if (/^\[[^\]]*\]\s*@/.test(tail) || tail.startsWith("@")) return undefined;
  if (s.includes("/")) return undefined;
  return PEP508_NAME.test(name) ? normalizePypiName(name) : undefined;
}

function pipInstall(manager: string, args: readonly string[]): PackageRef[] {
  const sub = subcommand(args, PIP_FLAGS);
  if (sub === undefined || sub.name !== "install") return NO_NAMES;
  return pythonNames(manager, sub.rest, sub.redirected);
}

function pythonNames(manager: string, rest: readonly string[], redirected: boolean): PackageRef[] {
  const walked = walk(rest, PIP_FLAGS);
  const local = walked.flags.has("--no-index");
  return collect(walked.positional, pypiSpecName, {
    ecosystem: "pypi",
    manager,
    customRegistry: redirected || walked.redirected || local,
  });
}

function uv(args: readonly string[]): PackageRef[] {
  const sub = subcommand(args, PIP_FLAGS);
  if (sub === undefined) return NO_NAMES;
  if (sub.name === "add") return pythonNames("uv", sub.rest, sub.redirected);
  if (sub.name === "pip" || sub.name === "tool") {
    const inner = subcommand(sub.rest, PIP_FLAGS);
    if (inner === undefined || inner.name !== "install") return NO_NAMES;
    return pythonNames("uv", inner.rest, sub.redirected || inner.redirected);
  }
  return NO_NAMES;
}

function poetry(args: readonly string[]): PackageRef[] {
  const sub = subcommand(args, PIP_FLAGS);
  if (sub === undefined || sub.name !== "add") return NO_NAMES;
  const walked = walk(sub.rest, PIP_FLAGS);
  return collect(walked.positional, poetrySpecName, {
    ecosystem: "pypi",
    manager: "poetry",
    customRegistry: sub.redirected || walked.redirected,
  });
}

/** Poetry writes versions as `name@^1.2`; PEP 508 clauses work too. */
function poetrySpecName(spec: string): string | undefined {
  const at = spec.indexOf("@");
  const plain = at > 0 && !spec.includes("://") ? spec.slice(0, at) : spec;
  return pypiSpecName(plain);
}

/** Whether a program is pip: `pip`, `pip3`, `pip3.12`. */
function isPip(program: string): boolean {
  return /^pip(?:\d+(?:\.\d+)?)?$/.test(program);
}

/** Whether a program is a Python interpreter: `python`, `python3`, `python3.12`, `py`. */
function isPython(program: string): boolean {
  return /^(?:python(?:\d+(?:\.\d+)?)?|py)$/.test(program);
}

/** `python -m pip ...` → the arguments after the module name, else undefined. */
function pythonModule(args: readonly string[]): { module: string; rest: string[] } | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "-m" && i + 1 < args.length) {
      return { module: args[i + 1], rest: args.slice(i + 2) };
    }
    if (arg.startsWith("-m") && arg.length > 2) {
      return { module: arg.slice(2), rest: args.slice(i + 1) };
    }
    if (!arg.startsWith("-")) return undefined; // a script: python x.py
  }
  return undefined;
}

// --- Rust -------------------------------------------------------------------------------------

const CRATE_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/** The crate name of `serde`, `serde@1.0`, else undefined. */
export function crateSpecName(spec: string): string | undefined {
  const at = spec.indexOf("@");
  const name = at > 0 ? spec.slice(0, at) : spec;
  return CRATE_NAME.test(name) ? name : undefined;
}

function cargo(args: readonly string[]): PackageRef[] {
  const sub = subcommand(args, CARGO_FLAGS);
  if (sub === undefined || (sub.name !== "add" && sub.name !== "install")) return NO_NAMES;
  const walked = walk(sub.rest, CARGO_FLAGS);
  // With --git or --path the names refer to crates in that source, not on the registry.
  return collect(walked.positional, crateSpecName, {
    ecosystem: "crates",
    manager: "cargo",
    customRegistry: sub.redirected || walked.redirected,
  });
}

// --- shared ------------------------------------------------------------------------------------

function collect(
  specs: readonly string[],
  nameOf: (spec: string) => string | undefined,
  base: { ecosystem: Ecosystem; manager: string; customRegistry: boolean },
): PackageRef[] {
  const out: PackageRef[] = [];
  for (const spec of specs) {
    const name = nameOf(spec);
    if (name === undefined) continue;
    const ref: PackageRef = { ecosystem: base.ecosystem, name, manager: base.manager, spec };
    if (base.customRegistry) ref.customRegistry = true;
    out.push(ref);
  }
  return out;
}

/** The packages one simple command installs (none when it is not an install command). */
export function packagesOfCommand(command: SimpleCommand): PackageRef[] {
  return packagesOf(command.program, command.args, 0);
}

/** `uv run CMD...` and `poetry run CMD...` run CMD in the project's environment. */
function runInside(args: readonly string[], depth: number): PackageRef[] {
  const sub = subcommand(args, PIP_FLAGS);
  if (sub === undefined || sub.name !== "run" || depth > 2) return NO_NAMES;
  const inner = walkToProgram(sub.rest);
  if (inner === undefined) return NO_NAMES;
  return packagesOf(inner.program, inner.args, depth + 1);
}

function walkToProgram(args: readonly string[]): { program: string; args: string[] } | undefined {
  const index = args.findIndex((arg) => !arg.startsWith("-"));
  if (index < 0) return undefined;
  const program = args[index].split("/").pop() ?? "";
  return { program, args: args.slice(index + 1) };
}

function packagesOf(program: string, args: readonly string[], depth: number): PackageRef[] {
  switch (program) {
    case "npm":
      return npmLike("npm", args, NPM_VERBS);
    case "pnpm":
      return npmLike("pnpm", args, PNPM_VERBS);
    case "yarn":
      return npmLike("yarn", args, YARN_VERBS);
    case "bun":
      return npmLike("bun", args, BUN_VERBS);
    case "deno":
      return denoAdd(args);
    case "uv":
      return [...uv(args), ...runInside(args, depth)];
    case "poetry":
      return [...poetry(args), ...runInside(args, depth)];
    case "cargo":
      return cargo(args);
  }
  if (isPip(program)) return pipInstall("pip", args);
  if (isPython(program)) {
    const run = pythonModule(args);
    if (run === undefined) return NO_NAMES;
    if (run.module === "pip") return pipInstall("pip", run.rest);
    if (run.module === "uv") return uv(run.rest);
    if (run.module === "poetry") return poetry(run.rest);
  }
  return NO_NAMES;
}

/**
 * The packages a Bash command line installs, in order, each once per ecosystem.
 *
 * @example
 * ```ts
 * import { installedPackages } from "./install_commands.ts";
 * const refs = installedPackages("cd web && npm i -D @types/node@22 lodash && pip install 'Flask[async]>=2'");
 * console.assert(refs.map((r) => `${r.ecosystem}:${r.name}`).join(" ") ===
 *   "npm:@types/node npm:lodash pypi:flask");
 * ```
 */
export function installedPackages(commandLine: string): PackageRef[] {
  const out: PackageRef[] = [];
  const seen = new Set<string>();
  for (const command of parseShell(commandLine).commands) {
    for (const ref of packagesOfCommand(command)) {
      const key = `${ref.ecosystem}:${ref.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(ref);
    }
  }
  return out;
}
