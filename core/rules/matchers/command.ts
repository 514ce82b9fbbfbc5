/**
 * The shell-aware command matcher. The command line is parsed once per event (pipes,
 * lists, subshells, `$(...)`, `bash -c`, `eval`, `xargs`, `sudo`, `env`, here-docs and
 * interpreter one-liners all yield simple commands); the matcher fires when any simple
 * command meets every condition given.
 *
 * @module
 */

import { hasFlag, positionals } from "../../shell/flags.ts";
import type { SimpleCommand } from "../../shell/parse.ts";
import { bareName, type CommandIndex, indexOf } from "./command_index.ts";
import { resolvePlace } from "../places.ts";
import type { Captures, MatchContext, Matcher } from "../types.ts";
import { globToRegExp } from "./path.ts";

/** Where a command's standard input comes from, as rules name it. */
export type StdinSource = "terminal" | "pipe" | "heredoc" | "file";

/** Which positional arguments `args` tests. */
export type ArgPosition = "all" | "first" | "last" | "not_last";

/** A compiled command test. */
export interface CommandTest {
  program?: string[];
  notProgram?: string[];
  subcommand?: string[];
  valued?: string[];
  flags?: { all?: string[][]; any?: string[][]; none?: string[][] };
  args?: Matcher;
  argv?: Matcher;
  code?: Matcher;
  language?: string[];
  redirect?: { op?: string[]; target?: Matcher };
  wrapper?: string[];
  pipedFrom?: string[];
  runsStdin?: boolean;
  stdin?: StdinSource[];
  argPosition?: ArgPosition;
  env?: Matcher;
  /** Over the command's here-document or here-string (local `input`). */
  input?: Matcher;
}

/** Tests program names against names and globs, remembering each name's answer. */
function programMatcher(programs: string[]): (program: string) => boolean {
  const exact = new Set(programs.filter((p) => !/[*?{]/.test(p)));
  const globs = programs.filter((p) => /[*?{]/.test(p)).map(globToRegExp);
  const memo = new Map<string, boolean>();
  return (program) => {
    let answer = memo.get(program);
    if (answer === undefined) {
      const name = bareName(program);
      answer = exact.has(name) || globs.some((g) => g.test(name));
      if (memo.size > 4096) memo.clear();
      memo.set(program, answer);
    }
    return answer;
  };
}

const NONE: number[] = [];

/** Positions of the commands a test can match, in source order. */
function candidates(index: CommandIndex, prepared: Prepared): number[] {
  const { test } = prepared;
  if (prepared.exactPrograms) {
    let found: number[] | undefined;
    let merged = false;
    for (const name of prepared.exactPrograms) {
      const list = index.byProgram.get(name);
      if (!list) continue;
      if (!found) found = list;
      else {
        found = found.concat(list);
        merged = true;
      }
    }
    if (!found) return NONE;
    return merged ? found.sort((a, b) => a - b) : found;
  }
  if (prepared.isProgram) {
    const found: number[] = [];
    for (const [name, list] of index.byProgram) {
      if (prepared.isProgram(name)) found.push(...list);
    }
    return found.sort((a, b) => a - b);
  }
  if (test.redirect) return index.redirected;
  if (test.language || test.code) return index.inline;
  if (prepared.isPipedFrom) return index.piped;
  if (test.runsStdin === true) return index.stdinRunners;
  return index.all;
}

/** `NAME=value` assignments, one per line (empty for most commands). */
function envOf(command: SimpleCommand): string {
  let env = "";
  for (const name in command.assignments) {
    env += `${env === "" ? "" : "\n"}${name}=${command.assignments[name]}`;
  }
  return env;
}

/** Arguments joined with spaces, once per command. */
const ARGV = new WeakMap<SimpleCommand, string>();

function argvOf(command: SimpleCommand): string {
  let argv = ARGV.get(command);
  if (argv === undefined) ARGV.set(command, argv = command.args.join(" "));
  return argv;
}

/** A flag spelling compiled once: `-r` (in bundles), `--force` (and `--force=`), `-delete`. */
function flagTest(spec: string): (args: readonly string[]) => boolean {
  return (args) => hasFlag(args, spec);
}

/** Alternative spellings of one flag: any of them set. */
function flagGroupTest(alternatives: string[]): (args: readonly string[]) => boolean {
  const tests = alternatives.map(flagTest);
  return (args) => {
    for (const test of tests) if (test(args)) return true;
    return false;
  };
}

function sub(context: MatchContext, locals: Record<string, string>, matcher: Matcher) {
  return matcher({ ...context, locals: { ...context.locals, ...locals } });
}

/** The context for a command's sub-trees: relative paths resolve where an earlier `cd` went. */
function commandContext(context: MatchContext, command: SimpleCommand): MatchContext {
  if (command.cwd === undefined) return context;
  const key = "cwd:" + command.cwd;
  let base = context.cache.get(key) as string | null | undefined;
  if (base === undefined) {
    base = resolvePlace(command.cwd, { ...context.places, base: undefined })?.path ?? null;
    context.cache.set(key, base);
  }
  return { ...context, places: { ...context.places, base } };
}

function selectArgs(words: string[], position: ArgPosition | undefined): string[] {
  switch (position) {
    case "first":
      return words.slice(0, 1);
    case "last":
      return words.slice(-1);
    case "not_last":
      return words.slice(0, -1);
    default:
      return words;
  }
}

/** A command test with its names, sub-commands and flags compiled for matching. */
interface Prepared {
  test: CommandTest;
  isProgram?: (program: string) => boolean;
  isExcluded?: (program: string) => boolean;
  isPipedFrom?: (program: string) => boolean;
  /** The program names when none is a glob. */
  exactPrograms?: string[];
  subcommands?: string[][];
  flagsAll?: ((args: readonly string[]) => boolean)[];
  flagsAny?: ((args: readonly string[]) => boolean)[];
  flagsNone?: ((args: readonly string[]) => boolean)[];
  /** Whether a sub-tree needs the command's working folder. */
  needsContext: boolean;
}

function prepare(test: CommandTest): Prepared {
  const flags = test.flags;
  return {
    test,
    isProgram: test.program ? programMatcher(test.program) : undefined,
    exactPrograms: test.program?.every((p) => !/[*?{]/.test(p)) ? test.program : undefined,
    isExcluded: test.notProgram ? programMatcher(test.notProgram) : undefined,
    isPipedFrom: test.pipedFrom ? programMatcher(test.pipedFrom) : undefined,
    subcommands: test.subcommand?.map((s) => s.split(/\s+/)),
    flagsAll: flags?.all?.map(flagGroupTest),
    flagsAny: flags?.any?.map(flagGroupTest),
    flagsNone: flags?.none?.map(flagGroupTest),
    needsContext: Boolean(
      test.args || test.argv || test.code || test.redirect?.target || test.env || test.input,
    ),
  };
}

function matchOne(
  context: MatchContext,
  command: SimpleCommand,
  prepared: Prepared,
): Captures | null {
  const { test, isProgram, isExcluded, isPipedFrom } = prepared;
  if (isProgram && !isProgram(command.program)) return null;
  if (isExcluded && isExcluded(command.program)) return null;
  if (test.wrapper && !test.wrapper.some((w) => command.wrappers.includes(w))) return null;
  if (isPipedFrom && !(command.pipedFrom ?? []).some(isPipedFrom)) return null;
  if (test.runsStdin !== undefined && (command.runsStdin === true) !== test.runsStdin) return null;
  if (test.stdin && !test.stdin.includes(command.stdinFrom ?? "terminal")) return null;
  if (test.redirect && command.redirects.length === 0) return null;
  if ((test.language || test.code) && !command.inlineCode) return null;
  const args = command.args;
  if (prepared.flagsAll && !prepared.flagsAll.every((group) => group(args))) return null;
  if (prepared.flagsAny && !prepared.flagsAny.some((group) => group(args))) return null;
  if (prepared.flagsNone && prepared.flagsNone.some((group) => group(args))) return null;
  const words = test.subcommand || test.args
    ? positionals(command.args, { valued: test.valued ?? [] })
    : [];
  let rest = words;
  if (prepared.subcommands) {
    const chosen = prepared.subcommands.find((parts) =>
      parts.every((part, i) => words[i] === part)
    );
    if (chosen === undefined) return null;
    rest = words.slice(chosen.length);
  }
  if (prepared.needsContext) context = commandContext(context, command);
  const captures: Captures = { program: command.program, command: command.text };
  if (test.language || test.code) {
    const inline = command.inlineCode;
    if (!inline) return null;
    if (test.language && !test.language.includes(inline.language)) return null;
    if (test.code) {
      const found = sub(context, { code: inline.code }, test.code);
      if (!found) return null;
      Object.assign(captures, found);
    }
  }
  if (test.redirect) {
    const { op, target } = test.redirect;
    let inner: Captures | null = null;
    const found = command.redirects.find((r) => {
      if (op && !op.includes(r.op)) return false;
      inner = target ? sub(context, { target: r.target }, target) : {};
      return inner !== null;
    });
    if (!found) return null;
    Object.assign(captures, inner);
    captures.target = found.target;
  }
  if (test.argv) {
    const found = sub(context, { argv: argvOf(command) }, test.argv);
    if (!found) return null;
    Object.assign(captures, found);
  }
  if (test.input) {
    if (command.stdin === undefined) return null;
    const found = sub(context, { input: command.stdin }, test.input);
    if (!found) return null;
    Object.assign(captures, found);
  }
  if (test.env) {
    const env = envOf(command);
    const found = sub(context, { env }, test.env);
    if (!found) return null;
    Object.assign(captures, found);
  }
  if (test.args) {
    let hit: Captures | null = null;
    // one child context for every argument (matchers never keep their context)
    const locals: Record<string, string> = { ...context.locals, arg: "" };
    const child: MatchContext = { ...context, locals };
    for (const arg of selectArgs(rest, test.argPosition)) {
      locals.arg = arg;
      hit = test.args(child);
      if (hit) {
        captures.arg = arg;
        Object.assign(captures, hit);
        break;
      }
    }
    if (!hit) return null;
  }
  return captures;
}

/** Compiles a command matcher over a field (default `command`). */
export function commandMatcher(field: string, test: CommandTest): Matcher {
  const prepared = prepare(test);
  return (context) => {
    const index = indexOf(context, field);
    const commands = index.commands;
    for (const i of candidates(index, prepared)) {
      const captures = matchOne(context, commands[i], prepared);
      if (captures) return captures;
    }
    return null;
  };
}
