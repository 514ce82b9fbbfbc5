/**
 * A rule's cheapest necessary condition, read from its match tree without compiling it:
 * the programs one of which must run on the command line. A hook process then never
 * compiles (nor runs) a rule about `rm` for `git push`.
 *
 * @module
 */

import { programNames } from "./matchers/command.ts";
import type { MatchContext, RawMatch } from "./types.ts";

/** Programs at least one of which a rule needs on a field's command line. */
export interface ProgramGate {
  /** The event field holding the command line. */
  field: string;
  /** Program names (no globs; a Windows `.exe` suffix is ignored when matching). */
  programs: ReadonlySet<string>;
}

const GLOB = /[*?{[]/;

function list(value: string | string[] | undefined): string[] | undefined {
  return value === undefined ? undefined : Array.isArray(value) ? value : [value];
}

/**
 * The programs a match tree needs, or `undefined` when it can match without any
 * particular program (a regex on the text, a `not`, a program glob).
 *
 * @example
 * ```ts
 * import { programGate } from "./gate.ts";
 * const gate = programGate({ any: [{ command: { program: "rm" } }, { command: { program: ["shred"] } }] });
 * console.assert(gate?.field === "command" && gate.programs.has("shred"));
 * console.assert(programGate({ any: [{ command: { program: "rm" } }, { regex: "x" }] }) === undefined);
 * ```
 */
export function programGate(match: RawMatch): ProgramGate | undefined {
  if (match.command) {
    const programs = list(match.command.program);
    if (!programs || programs.length === 0 || programs.some((p) => GLOB.test(p))) return undefined;
    return { field: match.field ?? "command", programs: new Set(programs) };
  }
  if (match.any) {
    let field: string | undefined;
    const programs = new Set<string>();
    for (const part of match.any) {
      const gate = programGate(part);
      if (!gate || (field !== undefined && gate.field !== field)) return undefined;
      field = gate.field;
      for (const p of gate.programs) programs.add(p);
    }
    return field === undefined ? undefined : { field, programs };
  }
  if (match.all) {
    let best: ProgramGate | undefined;
    for (const part of match.all) {
      const gate = programGate(part);
      if (gate && (!best || gate.programs.size < best.programs.size)) best = gate;
    }
    return best;
  }
  return undefined;
}

/** Whether the event's command line runs one of the gate's programs. */
export function passesGate(gate: ProgramGate, context: MatchContext): boolean {
  const names = programNames(context, gate.field);
  for (const program of gate.programs) if (names.has(program)) return true;
  return false;
}
