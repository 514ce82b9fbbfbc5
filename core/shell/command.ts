/**
 * Turns the words of one simple command into {@link SimpleCommand}s: strips assignments and
 * wrappers, then follows what the program runs (`bash -c`, `eval`, `ssh`, `watch`, `su -c`,
 * `find -exec`, interpreters' inline code, shell code on standard input).
 *
 * @module
 */

import type { ParseContext, PipedText } from "./context.ts";
import { powershellCommand, shellCommandsIn } from "./embedded.ts";
import { interpreterRun, sqlCodeOf } from "./interpreters.ts";
import { programInfo, type ProgramKind, programKind } from "./programs.ts";
import {
  containerArgv,
  findExecs,
  shellInvocation,
  sshRemote,
  suCommand,
  watchCommand,
} from "./runners.ts";
import type { WordToken } from "./tokens.ts";
import type { InlineCode, Redirect, SimpleCommand } from "./types.ts";
import { assignmentValueStart, basename, stripWrappers } from "./wrappers.ts";

/** The parts of a simple command collected by the parser. */
export interface RawCommand {
  /** The words, including leading assignments. */
  words: readonly WordToken[];
  /** Redirections, in order. */
  redirects: Redirect[];
  /** Here-document or here-string body. */
  stdin?: string;
  /** Source text of the command. */
  text: string;
}

/**
 * Emits the command (and everything it runs) into `ctx.out`. `piped` is text known to arrive
 * on its standard input from the previous pipeline stage. Returns the main command.
 */
export function emitCommand(raw: RawCommand, ctx: ParseContext, piped?: PipedText): SimpleCommand {
  const words = raw.words;
  const n = words.length;
  const assignments: Record<string, string> = {};
  let i = 0;
  for (; i < n; i++) {
    // An assignment: `NAME=` with the name and `=` unquoted.
    const { value, literal } = words[i];
    const at = assignmentValueStart(value);
    if (at < 0 || at - 1 >= literal) break;
    const nameEnd = value.charCodeAt(at - 2) === 43 /* + */ ? at - 2 : at - 1;
    assignments[value.slice(0, nameEnd)] = value.slice(at);
  }
  const path = i < n ? words[i].value : "";
  const program = basename(path);
  const info = programInfo(program);
  if (info.wrapper) {
    const argv: string[] = [];
    for (const w of words) argv.push(w.value);
    return emitArgv(argv, i, ctx, {
      assignments,
      redirects: raw.redirects,
      stdin: raw.stdin,
      text: raw.text,
      wrappers: ctx.inherit,
    }, piped);
  }
  // No wrapper to strip: the common case, without the intermediate argv.
  const args: string[] = [];
  for (let k = i + 1; k < n; k++) args.push(words[k].value);
  const cmd: SimpleCommand = {
    program,
    path,
    args,
    wrappers: copy(ctx.inherit),
    assignments,
    redirects: raw.redirects,
    via: copy(ctx.via),
    text: raw.text,
  };
  if (raw.stdin !== undefined) cmd.stdin = raw.stdin;
  ctx.out.push(cmd);
  if (program !== "") follow(cmd, ctx, piped, info.kind);
  return cmd;
}

/** A fresh copy of a (usually empty) list. */
function copy(list: readonly string[]): string[] {
  return list.length === 0 ? [] : list.slice();
}

interface Base {
  assignments: Record<string, string>;
  redirects: Redirect[];
  stdin?: string;
  text: string;
  wrappers: readonly string[];
}

function emitArgv(
  argv: readonly string[],
  start: number,
  ctx: ParseContext,
  base: Base,
  piped: PipedText | undefined,
): SimpleCommand {
  const stripped = stripWrappers(argv, start);
  if (stripped.xargs) ctx = ctx.within("xargs");
  const path = argv[stripped.index] ?? "";
  const cmd: SimpleCommand = {
    program: basename(path),
    path,
    args: argv.slice(stripped.index + 1),
    wrappers: [...base.wrappers, ...stripped.wrappers],
    assignments: { ...base.assignments, ...stripped.assignments },
    redirects: base.redirects,
    via: copy(ctx.via),
    text: base.text,
  };
  if (base.stdin !== undefined) cmd.stdin = base.stdin;
  if (stripped.xargs) cmd.argsFromStdin = true;
  ctx.out.push(cmd);
  if (cmd.program !== "") follow(cmd, ctx, piped, programKind(cmd.program));
  return cmd;
}

/** Text known to arrive on the command's standard input: its here-document, or `piped`. */
function inputOf(cmd: SimpleCommand, piped: PipedText | undefined): PipedText | undefined {
  return cmd.stdin !== undefined ? { text: cmd.stdin, label: "heredoc" } : piped;
}

/** Parses what `cmd` runs: shell strings, exec'd commands, inline code. */
function follow(
  cmd: SimpleCommand,
  ctx: ParseContext,
  piped: PipedText | undefined,
  kind: ProgramKind,
): void {
  if (kind.kind === "none") return;
  const { program, args, wrappers } = cmd;
  switch (kind.kind) {
    case "shell": {
      const inv = shellInvocation(args);
      if (inv.command !== undefined) {
        shell(cmd, ctx, inv.command, "bash -c", wrappers);
      } else if (inv.readsStdin) {
        cmd.runsStdin = true;
        const input = inputOf(cmd, piped);
        if (input !== undefined) shell(cmd, ctx, input.text, input.label, wrappers);
      }
      return;
    }
    case "powershell": {
      const code = powershellCommand(args);
      if (code !== undefined) {
        cmd.inlineCode = { language: "powershell", code };
        // PowerShell escapes with a backtick, not a backslash: keep `C:\Users` whole.
        ctx.nested(code.replaceAll("\\", "\\\\"), "powershell -c", wrappers);
      } else if (!args.some((a) => /^[-/]f/i.test(a) || a[0] !== "-")) {
        cmd.runsStdin = true;
      }
      return;
    }
    case "eval":
      if (args.length > 0) shell(cmd, ctx, args.join(" "), "eval", wrappers);
      return;
    case "su": {
      const code = suCommand(args);
      if (code !== undefined) shell(cmd, ctx, code, "bash -c", [...wrappers, "su"]);
      return;
    }
    case "ssh": {
      const code = sshRemote(args).command ?? inputOf(cmd, piped)?.text;
      if (code !== undefined) shell(cmd, ctx, code, "ssh", []);
      return;
    }
    case "watch": {
      const code = watchCommand(args);
      if (code !== undefined) shell(cmd, ctx, code, "watch", wrappers);
      return;
    }
    case "env": {
      const code = splitString(args);
      if (code !== undefined) shell(cmd, ctx, code, "env -S", [...wrappers, "env"]);
      return;
    }
    case "container": {
      // The command runs inside the container: the host's sudo does not carry over.
      const argv = containerArgv(program, args);
      const child = argv && ctx.deeper("container", []);
      if (argv === undefined || child === undefined) return;
      emitArgv(argv, 0, child, {
        assignments: {},
        redirects: [],
        text: argv.join(" "),
        wrappers: [],
      }, undefined);
      return;
    }
    case "find":
      for (const group of findExecs(args)) {
        const child = ctx.deeper("find -exec", wrappers);
        if (child === undefined) return;
        emitArgv(group, 0, child, {
          assignments: {},
          redirects: [],
          text: group.join(" "),
          wrappers,
        }, undefined);
      }
      return;
    case "interpreter": {
      const run = interpreterRun(kind.language, args, inputOf(cmd, piped)?.text);
      if (run.readsStdin) cmd.runsStdin = true;
      if (run.code !== undefined) inline(cmd, ctx, run.code);
      return;
    }
    case "sql": {
      const code = sqlCodeOf(program, args, inputOf(cmd, piped)?.text);
      if (code !== undefined) inline(cmd, ctx, code);
      return;
    }
  }
}

/** Records interpreter code run by `cmd` and parses the shell commands it runs. */
function inline(cmd: SimpleCommand, ctx: ParseContext, code: InlineCode): void {
  cmd.inlineCode = code;
  for (const line of shellCommandsIn(code.language, code.code)) {
    ctx.nested(line, "code", cmd.wrappers);
  }
}

function shell(
  cmd: SimpleCommand,
  ctx: ParseContext,
  code: string,
  label: string,
  inherit: readonly string[],
): void {
  cmd.inlineCode = { language: "shell", code };
  ctx.nested(code, label, inherit);
}

/** `env -S 'cmd args' more`: the split string followed by the remaining operands. */
function splitString(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    let code: string | undefined;
    let next = i + 1;
    if (a === "-S" || a === "--split-string") {
      code = args[i + 1];
      next = i + 2;
    } else if (a.startsWith("--split-string=")) {
      code = a.slice("--split-string=".length);
    } else if (/^-[^-]*S./.test(a)) {
      code = a.slice(a.indexOf("S") + 1);
    }
    if (code !== undefined) return [code, ...args.slice(next)].join(" ");
    if (a[0] !== "-") return undefined;
  }
  return undefined;
}

/**
 * What a pipeline stage most likely writes to the next stage: the here-document `cat` prints,
 * or the text `echo` / `printf` prints. Undefined when unknown.
 */
export function stdoutGuess(cmd: SimpleCommand): PipedText | undefined {
  const { program, args } = cmd;
  if (program === "cat") {
    const files = args.filter((a) => a === "-" || a[0] !== "-");
    if (cmd.stdin !== undefined && files.every((a) => a === "-")) {
      return { text: cmd.stdin, label: "heredoc" };
    }
    return undefined;
  }
  if (program === "echo") {
    let i = 0;
    while (i < args.length && /^-[neE]+$/.test(args[i])) i++;
    return { text: args.slice(i).join(" "), label: "stdin" };
  }
  if (program === "printf" && args.length > 0) {
    const rest = args[0] === "--" ? args.slice(1) : args;
    return { text: rest.join(" ").replaceAll("\\n", "\n"), label: "stdin" };
  }
  return undefined;
}
