/**
 * Turns the words of one simple command into {@link SimpleCommand}s: strips assignments and
 * wrappers, then follows what the program runs (`bash -c`, `eval`, `ssh`, `watch`, `su -c`,
 * `find -exec`, interpreters' inline code, shell code on standard input).
 *
 * @module
 */

import type { ParseContext, PipedText } from "./context.ts";
import { powershellCommand, shellCommandsIn } from "./embedded.ts";
import { inlineCodeOf, readsProgramFromStdin } from "./interpreters.ts";
import {
  findExecs,
  shellInvocation,
  SHELLS,
  sshRemote,
  suCommand,
  watchCommand,
} from "./runners.ts";
import type { WordToken } from "./tokens.ts";
import type { Redirect, SimpleCommand } from "./types.ts";
import { basename, splitAssignment, stripWrappers } from "./wrappers.ts";

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

/** Whether a word is an assignment: `NAME=` with the name and `=` unquoted. */
function assignmentOf(word: WordToken): [string, string] | undefined {
  const pair = splitAssignment(word.value);
  if (pair === undefined) return undefined;
  const eq = word.value.indexOf("=");
  return eq < word.literal ? pair : undefined;
}

/**
 * Emits the command (and everything it runs) into `ctx.out`. `piped` is text known to arrive
 * on its standard input from the previous pipeline stage. Returns the main command.
 */
export function emitCommand(raw: RawCommand, ctx: ParseContext, piped?: PipedText): SimpleCommand {
  const assignments: Record<string, string> = {};
  let i = 0;
  for (; i < raw.words.length; i++) {
    const pair = assignmentOf(raw.words[i]);
    if (pair === undefined) break;
    assignments[pair[0]] = pair[1];
  }
  const argv = raw.words.map((w) => w.value);
  return emitArgv(argv, i, ctx, {
    assignments,
    redirects: raw.redirects,
    stdin: raw.stdin,
    text: raw.text,
    wrappers: ctx.inherit,
  }, piped);
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
    via: [...ctx.via],
    text: base.text,
  };
  if (base.stdin !== undefined) cmd.stdin = base.stdin;
  if (stripped.xargs) cmd.argsFromStdin = true;
  ctx.out.push(cmd);
  if (cmd.program !== "") follow(cmd, ctx, piped);
  return cmd;
}

/** Parses what `cmd` runs: shell strings, exec'd commands, inline code. */
function follow(cmd: SimpleCommand, ctx: ParseContext, piped: PipedText | undefined): void {
  const { program, args, wrappers } = cmd;
  const input: PipedText | undefined = cmd.stdin !== undefined
    ? { text: cmd.stdin, label: "heredoc" }
    : piped;
  if (SHELLS.has(program)) {
    const inv = shellInvocation(args);
    if (inv.command !== undefined) {
      shell(cmd, ctx, inv.command, "bash -c", wrappers);
    } else if (inv.readsStdin) {
      cmd.runsStdin = true;
      if (input !== undefined) shell(cmd, ctx, input.text, input.label, wrappers);
    }
    return;
  }
  if (/^(pwsh|powershell)(\.exe)?$/i.test(program)) {
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
  switch (program) {
    case "eval":
      if (args.length > 0) shell(cmd, ctx, args.join(" "), "eval", wrappers);
      return;
    case "su": {
      const code = suCommand(args);
      if (code !== undefined) shell(cmd, ctx, code, "bash -c", [...wrappers, "su"]);
      return;
    }
    case "ssh": {
      const code = sshRemote(args).command ?? input?.text;
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
  }
  const code = inlineCodeOf(program, args, input?.text);
  if (readsProgramFromStdin(program, args)) cmd.runsStdin = true;
  if (code === undefined) return;
  cmd.inlineCode = code;
  for (const line of shellCommandsIn(code.language, code.code)) {
    ctx.nested(line, "code", wrappers);
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
