/**
 * Command wrappers that run another command given as their remaining arguments (`sudo`, `env`,
 * `timeout`, `nice`, `xargs`, ...), with just enough knowledge of their options to find where
 * the wrapped command starts.
 *
 * @module
 */

import { NameTable } from "./names.ts";

/** How a wrapper's options are spelled. */
export interface OptionSpec {
  /** Short option letters that take a value (attached, or as the next argument). */
  short?: string;
  /** Long option names (without `--`) that take a value as the next argument. */
  long?: readonly string[];
  /** Short option letters after which no command follows (`command -v`, `sudo -l`). */
  abort?: string;
  /** Whether `-10` style numbers are options (`nice -10 cmd`). */
  numeric?: boolean;
}

/** How to strip one wrapper. */
export interface WrapperSpec extends OptionSpec {
  /** Operands to skip after the options (`timeout DURATION`, `chroot DIR`). */
  positionals?: number;
  /** Whether `NAME=value` arguments may follow the options (`env`, `sudo`). */
  assignments?: boolean;
}

/** Wrappers by program basename. */
export const WRAPPERS: Readonly<Record<string, WrapperSpec>> = {
  sudo: {
    short: "ughpCDrtTU",
    long: [
      "user",
      "group",
      "host",
      "prompt",
      "close-from",
      "chdir",
      "role",
      "type",
      "command-timeout",
      "other-user",
    ],
    abort: "elvVK",
    assignments: true,
  },
  doas: { short: "uC", abort: "L" },
  pkexec: { long: ["user"] },
  env: { short: "uCS", long: ["unset", "chdir", "split-string"], assignments: true },
  nohup: {},
  setsid: {},
  time: { short: "fo", long: ["format", "output"] },
  command: { abort: "vV" },
  builtin: {},
  exec: { short: "a" },
  nice: { short: "n", long: ["adjustment"], numeric: true },
  ionice: { short: "cn", abort: "pPu" },
  stdbuf: { short: "ioe", long: ["input", "output", "error"] },
  timeout: { short: "ks", long: ["kill-after", "signal"], positionals: 1 },
  chroot: { long: ["userspec", "groups"], positionals: 1 },
  unbuffer: {},
  busybox: {},
  strace: { short: "oeEpsuIbaXPS" },
  caffeinate: { short: "tw" },
  xargs: {
    short: "dEILnPsa",
    long: [
      "delimiter",
      "max-lines",
      "max-args",
      "max-procs",
      "max-chars",
      "arg-file",
      "process-slot-var",
    ],
  },
};

/**
 * Returns the index of the first operand at or after `start`, skipping options described by
 * `spec` (a bare `--` ends the options and is skipped too), or -1 when an `abort` option says
 * no command follows.
 */
export function skipOptions(argv: readonly string[], start: number, spec: OptionSpec): number {
  let i = start;
  while (i < argv.length) {
    const a = argv[i];
    if (a === "--") return i + 1;
    if (a.length < 2 || a[0] !== "-") return i;
    if (a[1] === "-") {
      const eq = a.indexOf("=");
      const takesValue = eq < 0 && (spec.long?.includes(a.slice(2)) ?? false);
      i += takesValue ? 2 : 1;
      continue;
    }
    if (spec.numeric && /^-\d+$/.test(a)) {
      i++;
      continue;
    }
    let consumeNext = false;
    for (let k = 1; k < a.length; k++) {
      const ch = a[k];
      if (spec.abort?.includes(ch)) return -1;
      if (spec.short?.includes(ch)) {
        consumeNext = k === a.length - 1;
        break;
      }
    }
    i += consumeNext ? 2 : 1;
  }
  return i;
}

/** Whether the character code `c` may start a variable name: a letter or `_`. */
function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

/**
 * Where the value of the assignment `NAME=value` (or `NAME+=value`) starts, i.e. one past its
 * `=`; -1 when `word` is not an assignment. Same as matching `^([A-Za-z_][A-Za-z0-9_]*)\+?=`.
 */
export function assignmentValueStart(word: string): number {
  if (!isNameStart(word.charCodeAt(0))) return -1;
  const n = word.length;
  let i = 1;
  for (; i < n; i++) {
    const c = word.charCodeAt(i);
    if (!isNameStart(c) && !(c >= 48 && c <= 57)) break;
  }
  if (word.charCodeAt(i) === 43 /* + */) i++;
  return word.charCodeAt(i) === 61 /* = */ ? i + 1 : -1;
}

/** Splits `NAME=value` (or `NAME+=value`); undefined when `word` is not an assignment. */
export function splitAssignment(word: string): [string, string] | undefined {
  const at = assignmentValueStart(word);
  if (at < 0) return undefined;
  const nameEnd = word.charCodeAt(at - 2) === 43 ? at - 2 : at - 1;
  return [word.slice(0, nameEnd), word.slice(at)];
}

/** The result of {@link stripWrappers}. */
export interface Stripped {
  /** Index of the real program in argv (argv.length when there is none). */
  index: number;
  /** Wrappers stripped, in order. */
  wrappers: string[];
  /** Assignments given to `env` / `sudo`. */
  assignments: Record<string, string>;
  /** True when an `xargs` was stripped. */
  xargs: boolean;
}

/**
 * Strips wrappers from argv starting at `start`. A wrapper with no command after it (`sudo -l`,
 * `env`, `xargs` alone, `command -v rm`) is not stripped: it is the program.
 */
export function stripWrappers(argv: readonly string[], start: number): Stripped {
  const out: Stripped = { index: start, wrappers: [], assignments: {}, xargs: false };
  let i = start;
  while (i < argv.length) {
    const name = basename(argv[i]);
    const spec = WRAPPER_NAMES.has(name) ? WRAPPERS[name] : undefined;
    if (spec === undefined) break;
    let j = skipOptions(argv, i + 1, spec);
    if (j < 0 || (name === "env" && splitsString(argv.slice(i + 1, j)))) break;
    if (name === "env" && argv[j] === "-") j++;
    const assignments: [string, string][] = [];
    while (spec.assignments && j < argv.length) {
      const pair = splitAssignment(argv[j]);
      if (pair === undefined) break;
      assignments.push(pair);
      j++;
    }
    j += spec.positionals ?? 0;
    if (j >= argv.length) break;
    for (const [k, v] of assignments) out.assignments[k] = v;
    out.wrappers.push(name);
    if (name === "xargs") out.xargs = true;
    i = j;
  }
  out.index = i;
  return out;
}

/** Whether env options include `-S` / `--split-string` (the command is then in a string). */
function splitsString(options: readonly string[]): boolean {
  return options.some((a) => /^-[^-]*S/.test(a) || a.startsWith("--split-string"));
}

const WRAPPER_NAMES = new NameTable(Object.keys(WRAPPERS).map((name) => [name, true] as const));

/** Whether `name` (a program basename) is one of the {@link WRAPPERS}. */
export function isWrapper(name: string): boolean {
  return WRAPPER_NAMES.has(name);
}

/**
 * The program name of argv[0]: its basename, or the raw text when it contains a substitution
 * (so `$(echo /bin/rm)` stays whole).
 */
export function basename(path: string): string {
  const n = path.length;
  let slash = -1;
  for (let i = 0; i < n; i++) {
    const c = path.charCodeAt(i);
    if (c === 47 /* / */) slash = i;
    else if (c === 96 /* ` */) return path;
    else if (c === 36 /* $ */ && path.charCodeAt(i + 1) === 40 /* ( */) return path;
  }
  return slash >= 0 && slash < n - 1 ? path.slice(slash + 1) : path;
}
