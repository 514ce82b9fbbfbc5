/**
 * Classifies a program basename once: which of the command builder's follow-ups
 * ({@link ./command.ts}) can apply to it (a shell, PowerShell, a runner such as `ssh`, an
 * interpreter, a SQL client) or none. Most programs need none; the answer is cached per name
 * so that each command costs one map lookup.
 *
 * @module
 */

import { type InterpreterLanguage, languageOf, maybeSqlClient, SQL_NAMES } from "./interpreters.ts";
import { NameTable } from "./names.ts";
import { CONTAINER_RUNNERS, SHELLS } from "./runners.ts";
import { isWrapper, WRAPPERS } from "./wrappers.ts";

/** What kind of program a basename is, for following what it runs. */
export type ProgramKind =
  | { kind: "none" | "shell" | "powershell" | "sql" }
  | { kind: "eval" | "su" | "ssh" | "watch" | "env" | "find" | "container" }
  | { kind: "interpreter"; language: InterpreterLanguage };

const NONE: ProgramKind = { kind: "none" };
const SHELL: ProgramKind = { kind: "shell" };
const POWERSHELL: ProgramKind = { kind: "powershell" };
const SQL: ProgramKind = { kind: "sql" };

const RUNNERS: ReadonlyMap<string, ProgramKind> = new Map<string, ProgramKind>([
  ...(["eval", "su", "ssh", "watch", "env", "find"] as const).map((kind) =>
    [kind, { kind }] as const
  ),
  ...[...CONTAINER_RUNNERS].map((name) => [name, { kind: "container" }] as const),
]);

const INTERPRETERS = new Map<InterpreterLanguage, ProgramKind>();

function classify(program: string): ProgramKind {
  if (SHELLS.has(program)) return SHELL;
  if (/^(pwsh|powershell)(\.exe)?$/i.test(program)) return POWERSHELL;
  const runner = RUNNERS.get(program);
  if (runner !== undefined) return runner;
  const language = languageOf(program);
  if (language !== undefined) {
    let kind = INTERPRETERS.get(language);
    if (kind === undefined) INTERPRETERS.set(language, kind = { kind: "interpreter", language });
    return kind;
  }
  return maybeSqlClient(program) ? SQL : NONE;
}

/** What the command builder needs to know about a program basename. */
export interface ProgramInfo {
  /** What it runs (see {@link programKind}). */
  readonly kind: ProgramKind;
  /** Whether it is one of the wrappers that run their remaining arguments (`sudo`, `env`). */
  readonly wrapper: boolean;
}

const PLAIN: ProgramInfo = { kind: NONE, wrapper: false };

function describe(program: string): ProgramInfo {
  const kind = classify(program);
  const wrapper = isWrapper(program);
  return kind === NONE && !wrapper ? PLAIN : { kind, wrapper };
}

/**
 * Names that {@link describe} can tell apart from {@link PLAIN} without a pattern: every name
 * it knows exactly, and the names `SQL_CLIENTS[name]` finds on `Object.prototype`.
 */
const EXACT = new NameTable(
  [
    ...SHELLS,
    ...RUNNERS.keys(),
    "node",
    "nodejs",
    "deno",
    "bun",
    ...SQL_NAMES,
    ...Object.getOwnPropertyNames(Object.prototype),
    ...Object.keys(WRAPPERS),
  ].map((name) => [name, describe(name)] as const).filter(([, info]) => info !== PLAIN),
);

/** Distinct names cached before the cache starts over (bounds memory on hostile input). */
const CACHE_LIMIT = 4096;
const cache = new Map<string, ProgramInfo>();

/** Whether `program` may match a pattern of {@link classify}: `p*`, `P*`, `r*` or `*.xyz`. */
function patterned(program: string): boolean {
  const c = program.charCodeAt(0);
  return c === 112 || c === 80 || c === 114 || program.charCodeAt(program.length - 4) === 46;
}

/**
 * The kind and wrapper status of `program` (a basename, as in `SimpleCommand.program`): one
 * table lookup for most names.
 */
export function programInfo(program: string): ProgramInfo {
  if (!patterned(program)) return EXACT.get(program) ?? PLAIN;
  let info = cache.get(program);
  if (info === undefined) {
    info = describe(program);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(program, info);
  }
  return info;
}

/**
 * The kind of `program` (a basename, as in `SimpleCommand.program`), in the order the command
 * builder tests them: shells, PowerShell, `eval`/`su`/`ssh`/`watch`/`env`/`find`,
 * interpreters, SQL clients.
 *
 * @example
 * ```ts
 * import { programKind } from "./programs.ts";
 * console.assert(programKind("python3.12").kind === "interpreter");
 * console.assert(programKind("grep").kind === "none");
 * ```
 */
export function programKind(program: string): ProgramKind {
  return programInfo(program).kind;
}
