/**
 * The shell-aware command matcher. The command line is parsed once per event (pipes,
 * lists, subshells, `$(...)`, `bash -c`, `eval`, `xargs`, `sudo`, `env`, here-docs and
 * interpreter one-liners all yield simple commands); the matcher fires when any simple
 * command meets every condition given.
 *
 * @module
 */

import { hasFlag, positionals } from "../../shell/flags.ts";
import { type ParsedShell, parseShell, type SimpleCommand } from "../../shell/parse.ts";
import { resolvePlace } from "../places.ts";
import type { Captures, MatchContext, Matcher } from "../types.ts";
import { globToRegExp } from "./path.ts";
import { readValue } from "./value.ts";

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
}

/** Parses the field's command line once per event. */
export function parsedCommands(context: MatchContext, field: string): SimpleCommand[] {
  const key = "shell:" + field;
  let parsed = context.cache.get(key) as ParsedShell | undefined;
  if (!parsed) {
    const source = readValue(context, field);
    parsed = source === undefined ? { commands: [], errors: [] } : parseShell(source);
    context.cache.set(key, parsed);
  }
  return parsed.commands;
}

/** A program name without a Windows `.exe` suffix. */
function bareName(program: string): string {
  const n = program.length;
  return n > 4 && program.charCodeAt(n - 4) === 46 && program.slice(n - 3).toLowerCase() === "exe"
    ? program.slice(0, n - 4)
    : program;
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

/** The distinct program names of the field's command line, once per event. */
function programsOf(context: MatchContext, field: string): Set<string> {
  const key = "programs:" + field;
  let programs = context.cache.get(key) as Set<string> | undefined;
  if (!programs) {
    programs = new Set(parsedCommands(context, field).map((c) => c.program));
    context.cache.set(key, programs);
  }
  return programs;
}

function flagGroup(args: string[], alternatives: string[]): boolean {
  return alternatives.some((spec) => hasFlag(args, spec));
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

function matchOne(
  context: MatchContext,
  command: SimpleCommand,
  test: CommandTest,
  isProgram: ((program: string) => boolean) | undefined,
  isExcluded: ((program: string) => boolean) | undefined,
  isPipedFrom: ((program: string) => boolean) | undefined,
): Captures | null {
  if (isProgram && !isProgram(command.program)) return null;
  if (isExcluded && isExcluded(command.program)) return null;
  if (test.wrapper && !test.wrapper.some((w) => command.wrappers.includes(w))) return null;
  if (isPipedFrom && !(command.pipedFrom ?? []).some(isPipedFrom)) return null;
  if (test.runsStdin !== undefined && (command.runsStdin === true) !== test.runsStdin) return null;
  if (test.stdin && !test.stdin.includes(command.stdinFrom ?? "terminal")) return null;
  context = commandContext(context, command);
  const words = test.subcommand || test.args
    ? positionals(command.args, { valued: test.valued ?? [] })
    : [];
  let rest = words;
  if (test.subcommand) {
    const chosen = test.subcommand.find((s) => {
      const parts = s.split(/\s+/);
      return parts.every((part, i) => words[i] === part);
    });
    if (chosen === undefined) return null;
    rest = words.slice(chosen.split(/\s+/).length);
  }
  const flags = test.flags;
  if (flags) {
    if (flags.all && !flags.all.every((group) => flagGroup(command.args, group))) return null;
    if (flags.any && !flags.any.some((group) => flagGroup(command.args, group))) return null;
    if (flags.none && flags.none.some((group) => flagGroup(command.args, group))) return null;
  }
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
    const found = sub(context, { argv: command.args.join(" ") }, test.argv);
    if (!found) return null;
    Object.assign(captures, found);
  }
  if (test.env) {
    const env = Object.entries(command.assignments).map(([k, v]) => `${k}=${v}`).join("\n");
    const found = sub(context, { env }, test.env);
    if (!found) return null;
    Object.assign(captures, found);
  }
  if (test.args) {
    let hit: Captures | null = null;
    for (const arg of selectArgs(rest, test.argPosition)) {
      hit = sub(context, { arg }, test.args);
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
  const isProgram = test.program ? programMatcher(test.program) : undefined;
  const isExcluded = test.notProgram ? programMatcher(test.notProgram) : undefined;
  const isPipedFrom = test.pipedFrom ? programMatcher(test.pipedFrom) : undefined;
  return (context) => {
    if (isProgram) {
      // Skip the walk over every simple command when no program on the line can match.
      let any = false;
      for (const program of programsOf(context, field)) {
        if (isProgram(program)) {
          any = true;
          break;
        }
      }
      if (!any) return null;
    }
    for (const command of parsedCommands(context, field)) {
      const captures = matchOne(context, command, test, isProgram, isExcluded, isPipedFrom);
      if (captures) return captures;
    }
    return null;
  };
}
