/**
 * A rule's cheap necessary condition, read from its match tree without compiling it: what
 * the command line must hold for the rule to have a chance (one of some programs, or a
 * redirect, inline interpreter code, a pipe into a command, a program reading its input).
 * A hook process then never compiles (nor runs) a rule about `rm` for `git push`.
 *
 * @module
 */

import { commandSummary } from "./matchers/command_index.ts";
import { globToRegExp } from "./matchers/path.ts";
import type { MatchContext, RawCommand, RawMatch } from "./types.ts";

/** What a rule needs on a field's command line: any one of these. */
export interface CommandGate {
  /** The event field holding the command line. */
  field: string;
  /** Program names (a Windows `.exe` suffix is ignored when matching). */
  programs: Set<string>;
  /** Program name globs (`python*`). */
  globs: RegExp[];
  /** Some command redirects, runs inline code, is piped into, runs its standard input. */
  redirects: boolean;
  inline: boolean;
  piped: boolean;
  stdinRunners: boolean;
}

const GLOB = /[*?{[]/;

function list(value: string | string[] | undefined): string[] | undefined {
  return value === undefined ? undefined : Array.isArray(value) ? value : [value];
}

function empty(field: string): CommandGate {
  return {
    field,
    programs: new Set(),
    globs: [],
    redirects: false,
    inline: false,
    piped: false,
    stdinRunners: false,
  };
}

/** The narrowest need of one command test: its programs, else its redirect, and so on. */
function commandNeed(field: string, test: RawCommand): CommandGate | undefined {
  const gate = empty(field);
  const programs = list(test.program);
  if (programs && programs.length > 0) {
    for (const p of programs) {
      if (GLOB.test(p)) gate.globs.push(globToRegExp(p));
      else gate.programs.add(p);
    }
  } else if (test.redirect) gate.redirects = true;
  else if (test.language !== undefined || test.code) gate.inline = true;
  else if (test.piped_from !== undefined) gate.piped = true;
  else if (test.runs_stdin === true) gate.stdinRunners = true;
  else return undefined;
  return gate;
}

function breadth(gate: CommandGate): number {
  return gate.programs.size + gate.globs.length +
    (gate.redirects || gate.inline || gate.piped || gate.stdinRunners ? 1000 : 0);
}

/**
 * The command-line need of a match tree, or `undefined` when it can match without any
 * (a regex on the text, a `not`, a command test on every command).
 *
 * @example
 * ```ts
 * import { commandGate } from "./gate.ts";
 * const gate = commandGate({ any: [{ command: { program: "rm" } }, { command: { redirect: {} } }] });
 * console.assert(gate?.programs.has("rm") && gate.redirects);
 * console.assert(commandGate({ any: [{ command: { program: "rm" } }, { regex: "x" }] }) === undefined);
 * ```
 */
export function commandGate(match: RawMatch): CommandGate | undefined {
  if (match.command) return commandNeed(match.field ?? "command", match.command);
  if (match.any) {
    let union: CommandGate | undefined;
    for (const part of match.any) {
      const gate = commandGate(part);
      if (!gate || (union !== undefined && gate.field !== union.field)) return undefined;
      if (!union) union = empty(gate.field);
      for (const p of gate.programs) union.programs.add(p);
      union.globs.push(...gate.globs);
      union.redirects ||= gate.redirects;
      union.inline ||= gate.inline;
      union.piped ||= gate.piped;
      union.stdinRunners ||= gate.stdinRunners;
    }
    return union;
  }
  if (match.all) {
    let best: CommandGate | undefined;
    for (const part of match.all) {
      const gate = commandGate(part);
      if (gate && (!best || breadth(gate) < breadth(best))) best = gate;
    }
    return best;
  }
  return undefined;
}

/** Whether the event's command line holds something the gate asks for. */
export function passesGate(gate: CommandGate, context: MatchContext): boolean {
  const summary = commandSummary(context, gate.field);
  if (gate.redirects && summary.redirects) return true;
  if (gate.inline && summary.inline) return true;
  if (gate.piped && summary.piped) return true;
  if (gate.stdinRunners && summary.stdinRunners) return true;
  for (const program of gate.programs) if (summary.programs.has(program)) return true;
  if (gate.globs.length > 0) {
    for (const name of summary.programs.keys()) {
      if (gate.globs.some((glob) => glob.test(name))) return true;
    }
  }
  return false;
}
