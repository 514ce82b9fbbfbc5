/**
 * A shell-aware command parser for rule matchers: {@link parseShell} finds every simple command
 * in a command line, however it is spelled or nested (pipelines, lists, subshells, groups,
 * `if`/`for`/`while`/`case` bodies, `$(...)`, backticks, `<(...)`, `bash -c`, `eval`, here-docs
 * fed to a shell, `xargs`, `find -exec`, `ssh`, `sudo`/`env`/`timeout`/... wrappers) and returns
 * them as one flat list. It never throws.
 *
 * @example
 * ```ts
 * import { parseShell } from "./parse.ts";
 * const { commands } = parseShell(`cd /tmp && sudo bash -c "rm -rf ~/"`);
 * console.assert(commands.map((c) => c.program).join(",") === "cd,bash,rm");
 * ```
 *
 * @module
 */

import type { ParseContext } from "./context.ts";
import { tokenize } from "./lexer.ts";
import { parseTokens } from "./statements.ts";
import type { Substitution } from "./tokens.ts";
import type { ParsedShell, ParseOptions, SimpleCommand } from "./types.ts";

export type {
  InlineCode,
  InlineLanguage,
  ParsedShell,
  ParseOptions,
  Redirect,
  SimpleCommand,
} from "./types.ts";
export { tokenize } from "./lexer.ts";
export type {
  HeredocToken,
  LexResult,
  OperatorToken,
  RedirectToken,
  Substitution,
  SubstitutionKind,
  Token,
  WordToken,
} from "./lexer.ts";

/** Default limit on nested sources (`$()`, `bash -c`, `eval`, ...). */
export const DEFAULT_MAX_DEPTH = 8;

/** At most this many errors are returned (then a count of the rest). */
const MAX_ERRORS = 50;

interface State {
  out: SimpleCommand[];
  errors: string[];
  maxDepth: number;
  tooDeep: boolean;
}

function makeContext(
  state: State,
  depth: number,
  via: readonly string[],
  inherit: readonly string[],
): ParseContext {
  const ctx: ParseContext = {
    out: state.out,
    errors: state.errors,
    depth,
    via,
    inherit,
    nested(source, label, wrappers): void {
      const child = ctx.deeper(label, wrappers);
      if (child !== undefined) parseSource(source, child);
    },
    substitution(sub: Substitution): void {
      const label = sub.kind === "$()" || sub.kind === "``" ? "$()" : "<()";
      const child = ctx.deeper(label, []);
      if (child !== undefined) parseTokens(sub.tokens, sub.source, sub.origin, child);
    },
    deeper(label, wrappers): ParseContext | undefined {
      if (depth + 1 > state.maxDepth) {
        if (!state.tooDeep) {
          state.errors.push(`nesting deeper than ${state.maxDepth} levels: ${label} not parsed`);
          state.tooDeep = true;
        }
        return undefined;
      }
      return makeContext(state, depth + 1, [...via, label], wrappers);
    },
    within(label): ParseContext {
      return makeContext(state, depth, [...via, label], inherit);
    },
  };
  return ctx;
}

function parseSource(source: string, ctx: ParseContext): void {
  const lexed = tokenize(source);
  const where = ctx.via.length > 0 ? ` (in ${ctx.via[ctx.via.length - 1]})` : "";
  for (const e of lexed.errors) ctx.errors.push(e + where);
  parseTokens(lexed.tokens, source, 0, ctx);
}

function isPrefix(prefix: readonly string[], of: readonly string[]): boolean {
  if (prefix.length > of.length) return false;
  for (let i = 0; i < prefix.length; i++) if (of[i] !== prefix[i]) return false;
  return true;
}

/** Whether `program` changes the working folder. */
function changesDirectory(program: string): boolean {
  return program === "cd" || program === "pushd" || program === "popd" || program === "chdir";
}

/** Where `cd ARGS` goes, as written; `"$OLDPWD"` (unknown) for `cd -`, `popd`, `pushd +N`. */
function cdTarget(cmd: SimpleCommand): string {
  if (cmd.program === "popd") return "$OLDPWD";
  const operands: string[] = [];
  for (let i = 0; i < cmd.args.length; i++) {
    const a = cmd.args[i];
    if (a === "--") {
      operands.push(...cmd.args.slice(i + 1));
      break;
    }
    if (/^-[LPe@]+$/.test(a) || a === "-n") continue;
    operands.push(a);
  }
  const target = operands[0];
  if (target === undefined) return "~";
  if (target === "-" || /^[+-]\d+$/.test(target)) return "$OLDPWD";
  return target;
}

/**
 * Records in each command's `cwd` the folder an earlier `cd`/`pushd` moved to. A `cd` applies
 * to the commands after it in the same list and its nested commands (those whose `via` starts
 * with its own), not to commands outside its subshell, `bash -c` string or pipeline stage.
 */
function trackDirectories(commands: SimpleCommand[]): void {
  const moves: { via: readonly string[]; dir: string }[] = [];
  for (const cmd of commands) {
    let dir: string | undefined;
    for (let k = moves.length - 1; k >= 0; k--) {
      if (isPrefix(moves[k].via, cmd.via)) {
        dir = moves[k].dir;
        break;
      }
    }
    if (dir !== undefined) cmd.cwd = dir;
    if (!changesDirectory(cmd.program)) continue;
    // A pipeline stage runs in its own subshell: its cd changes nothing after it.
    if (cmd.via[cmd.via.length - 1] === "pipe") continue;
    const target = cdTarget(cmd);
    const absolute = /^([/~$]|[A-Za-z]:|\\\\)/.test(target);
    const next = absolute || dir === undefined ? target : `${dir}/${target}`;
    // A folder spelled with more than 1,000 characters is not a place worth resolving.
    moves.push({ via: cmd.via, dir: next.length > 1000 ? "$UNKNOWN" : next });
    if (moves.length > 256) moves.shift();
  }
}

/**
 * Parses a shell command line into a flat list of every simple command it contains.
 *
 * @example
 * ```ts
 * import { parseShell } from "./parse.ts";
 * const [rm] = parseShell("sudo /bin/rm -rf /").commands;
 * console.assert(rm.program === "rm" && rm.path === "/bin/rm" && rm.wrappers[0] === "sudo");
 * ```
 */
export function parseShell(source: string, options: ParseOptions = {}): ParsedShell {
  const state: State = {
    out: [],
    errors: [],
    maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
    tooDeep: false,
  };
  try {
    parseSource(
      typeof source === "string" ? source : String(source ?? ""),
      makeContext(state, 0, [], []),
    );
  } catch (e) {
    state.errors.push(`parser stopped: ${e instanceof Error ? e.message : String(e)}`);
  }
  trackDirectories(state.out);
  const errors = state.errors.length <= MAX_ERRORS ? state.errors : [
    ...state.errors.slice(0, MAX_ERRORS),
    `... and ${state.errors.length - MAX_ERRORS} more errors`,
  ];
  return { commands: state.out, errors };
}
