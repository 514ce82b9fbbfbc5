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
import type { Captures, MatchContext, Matcher } from "../types.ts";
import { globToRegExp } from "./path.ts";
import { readValue } from "./value.ts";

/** A compiled command test. */
export interface CommandTest {
  program?: string[];
  subcommand?: string[];
  valued?: string[];
  flags?: { all?: string[][]; any?: string[][]; none?: string[][] };
  args?: Matcher;
  argv?: Matcher;
  code?: Matcher;
  language?: string[];
  redirect?: { op?: string[]; target?: Matcher };
  wrapper?: string[];
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

function programMatcher(programs: string[]): (program: string) => boolean {
  const exact = new Set(programs.filter((p) => !/[*?{]/.test(p)));
  const globs = programs.filter((p) => /[*?{]/.test(p)).map(globToRegExp);
  return (program) => {
    const name = program.replace(/\.exe$/i, "");
    return exact.has(name) || globs.some((g) => g.test(name));
  };
}

function flagGroup(args: string[], alternatives: string[]): boolean {
  return alternatives.some((spec) => hasFlag(args, spec));
}

function sub(context: MatchContext, locals: Record<string, string>, matcher: Matcher) {
  return matcher({ ...context, locals: { ...context.locals, ...locals } });
}

function matchOne(
  context: MatchContext,
  command: SimpleCommand,
  test: CommandTest,
  isProgram: ((program: string) => boolean) | undefined,
): Captures | null {
  if (isProgram && !isProgram(command.program)) return null;
  if (test.wrapper && !test.wrapper.some((w) => command.wrappers.includes(w))) return null;
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
    const found = command.redirects.find((r) => {
      if (op && !op.includes(r.op)) return false;
      return !target || sub(context, { target: r.target }, target) !== null;
    });
    if (!found) return null;
    captures.target = found.target;
  }
  if (test.argv) {
    const found = sub(context, { argv: command.args.join(" ") }, test.argv);
    if (!found) return null;
    Object.assign(captures, found);
  }
  if (test.args) {
    let hit: Captures | null = null;
    for (const arg of rest) {
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
  return (context) => {
    for (const command of parsedCommands(context, field)) {
      const captures = matchOne(context, command, test, isProgram);
      if (captures) return captures;
    }
    return null;
  };
}
