/**
 * A command line parsed once per event and indexed: its simple commands grouped by
 * program, and the commands that redirect, run inline code, are piped into or run their
 * standard input. Command tests meet only their candidates; rule gates read the summary.
 *
 * @module
 */

import { type ParsedShell, parseShell, type SimpleCommand } from "../../shell/parse.ts";
import type { MatchContext } from "../types.ts";
import { readValue } from "./value.ts";

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
export function bareName(program: string): string {
  const n = program.length;
  return n > 4 && program.charCodeAt(n - 4) === 46 && program.slice(n - 3).toLowerCase() === "exe"
    ? program.slice(0, n - 4)
    : program;
}

/**
 * The field's simple commands grouped once per event, so that a test naming programs only
 * meets commands of those programs, and a redirect test only commands that redirect.
 */
export interface CommandIndex {
  commands: SimpleCommand[];
  /** Positions of the commands of each program (without `.exe`). */
  byProgram: Map<string, number[]>;
  redirected: number[];
  inline: number[];
  piped: number[];
  stdinRunners: number[];
  all: number[];
}

export function indexOf(context: MatchContext, field: string): CommandIndex {
  const key = "index:" + field;
  let index = context.cache.get(key) as CommandIndex | undefined;
  if (!index) {
    const commands = parsedCommands(context, field);
    index = {
      commands,
      byProgram: new Map(),
      redirected: [],
      inline: [],
      piped: [],
      stdinRunners: [],
      all: [],
    };
    for (let i = 0; i < commands.length; i++) {
      const command = commands[i];
      const name = bareName(command.program);
      const list = index.byProgram.get(name);
      if (list) list.push(i);
      else index.byProgram.set(name, [i]);
      if (command.redirects.length > 0) index.redirected.push(i);
      if (command.inlineCode) index.inline.push(i);
      if (command.pipedFrom && command.pipedFrom.length > 0) index.piped.push(i);
      if (command.runsStdin === true) index.stdinRunners.push(i);
      index.all.push(i);
    }
    context.cache.set(key, index);
  }
  return index;
}

/** What a field's command line holds, for the rule gates (`../gate.ts`); once per event. */
export interface CommandSummary {
  /** The programs (without `.exe`). */
  programs: ReadonlyMap<string, unknown>;
  /** Whether some command redirects, runs inline code, is piped into, runs its input. */
  redirects: boolean;
  inline: boolean;
  piped: boolean;
  stdinRunners: boolean;
}

/** Summarizes the field's command line (parsed once per event). */
export function commandSummary(context: MatchContext, field: string): CommandSummary {
  const index = indexOf(context, field);
  return {
    programs: index.byProgram,
    redirects: index.redirected.length > 0,
    inline: index.inline.length > 0,
    piped: index.piped.length > 0,
    stdinRunners: index.stdinRunners.length > 0,
  };
}
