/**
 * The statement parser: walks the tokens of one source and emits every simple command in it,
 * through pipelines, lists, subshells `( )`, groups `{ }`, `if`/`for`/`while`/`until`/`case`
 * bodies (keywords skipped), function definitions and `[[ ]]`. Substitutions and strings that
 * other commands run are handed back to the {@link ParseContext} to parse one level deeper.
 *
 * @module
 */

import { emitCommand, stdoutGuess } from "./command.ts";
import type { ParseContext, PipedText } from "./context.ts";
import type { Substitution, Token, WordToken } from "./tokens.ts";
import type { Redirect, SimpleCommand } from "./types.ts";
import { NameTable } from "./names.ts";

/** Subshells nested deeper than this do not add more "subshell" labels to `via`. */
const MAX_FRAMES = 32;

/** At most this many earlier pipeline stages are recorded in `pipedFrom`. */
const MAX_STAGES = 16;

const SKIPPED = ["if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!"];
const HANDLED = ["{", "}", "for", "select", "case", "function", "coproc", "[["];

/** Reserved words in command position: `true` when skipped, `false` when handled. */
const KEYWORDS = new NameTable([
  ...SKIPPED.map((k) => [k, true] as const),
  ...HANDLED.map((k) => [k, false] as const),
]);
const CONTINUED = new Set(["|", "|&", "&&", "||"]);
const LIST_ENDS = new Set([";", "\n", "&", "&&", "||", ";;", ";&", ";;&"]);

interface Frame {
  kind: "top" | "subshell" | "group" | "case";
  ctx: ParseContext;
  /** False past MAX_FRAMES: no more "subshell" / "pipe" labels (bounds memory). */
  labelled: boolean;
  pipeStart: number;
  piped: boolean;
  pipedText?: PipedText;
  /** Programs of the earlier stages of the current pipeline. */
  stages: string[];
  expectPattern: boolean;
}

class Parser {
  private readonly frames: Frame[] = [];
  private words: WordToken[] = [];
  private redirects: Redirect[] = [];
  private stdin: string | undefined;
  private subs: Substitution[] = [];
  private start = -1;
  private end = -1;
  private i = 0;
  private framesReported = false;
  /** After `|`, `&&`, `||`: a newline does not end the list. */
  private continued = false;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly source: string,
    private readonly origin: number,
    private readonly ctx: ParseContext,
  ) {
    this.frames.push(this.frame("top", ctx));
  }

  private frame(kind: Frame["kind"], ctx: ParseContext): Frame {
    const labelled = this.frames.length < MAX_FRAMES;
    if (!labelled && !this.framesReported) {
      this.ctx.errors.push(`blocks nested deeper than ${MAX_FRAMES} levels: via labels dropped`);
      this.framesReported = true;
    }
    return {
      kind,
      ctx,
      labelled,
      pipeStart: ctx.out.length,
      piped: false,
      stages: [],
      expectPattern: kind === "case",
    };
  }

  private get top(): Frame {
    return this.frames[this.frames.length - 1];
  }

  run(): void {
    const tokens = this.tokens;
    while (this.i < tokens.length) {
      const t = tokens[this.i];
      if (t.kind === "op") {
        this.operator(t.value);
      } else {
        this.continued = false;
        if (t.kind === "word") this.word(t);
        else this.redirect(t);
      }
      this.i++;
    }
    this.endList();
    const unclosed = new Map<string, number>();
    while (this.frames.length > 1) {
      const f = this.frames.pop()!;
      const what = f.kind === "case" ? "case" : f.kind === "group" ? '"{"' : '"("';
      unclosed.set(what, (unclosed.get(what) ?? 0) + 1);
      this.endList();
    }
    for (const [what, n] of unclosed) {
      this.ctx.errors.push(`unclosed ${what}${n > 1 ? ` (${n} times)` : ""}`);
    }
  }

  private mark(t: Token): void {
    if (this.start < 0) this.start = t.start;
    this.end = t.end;
  }

  private word(t: WordToken): void {
    if (this.words.length === 0 && !t.quoted && this.keyword(t)) return;
    this.mark(t);
    this.words.push(t);
  }

  /** Handles a reserved word in command position; returns false when `t` is an ordinary word. */
  private keyword(t: WordToken): boolean {
    const v = t.value;
    const top = this.top;
    if (top.kind === "case" && (top.expectPattern || v === "esac")) {
      if (v === "esac") {
        this.endList();
        this.frames.pop();
      } else {
        this.skipPattern();
      }
      return true;
    }
    const skipped = KEYWORDS.get(v);
    if (skipped === undefined) return false;
    if (skipped) return true;
    switch (v) {
      case "{":
        this.frames.push(this.frame("group", top.ctx));
        return true;
      case "}":
        if (top.kind !== "group") return false;
        this.endList();
        this.frames.pop();
        return true;
      case "for":
      case "select":
        this.skipHeader();
        return true;
      case "case":
        this.skipCaseHeader();
        this.frames.push(this.frame("case", top.ctx));
        return true;
      case "function":
        this.skipFunctionName();
        return true;
      case "coproc":
        return true;
      case "[[":
        this.testCommand(t);
        return true;
    }
    return false;
  }

  private operator(v: string): void {
    if (v === "\n" && this.continued) return; // `a |` + newline + `b`: the line goes on
    this.continued = CONTINUED.has(v);
    if (v === "(" && this.top.kind === "case" && this.top.expectPattern) {
      this.skipPattern();
    } else if (v === "|" || v === "|&") {
      const top = this.top;
      const cmd = this.finishCommand();
      top.pipedText = cmd === undefined ? undefined : stdoutGuess(cmd);
      top.piped = true;
      // The first stages are the ones that matter (`curl URL | sh`); bound the copies.
      if (cmd !== undefined && top.stages.length < MAX_STAGES) top.stages.push(cmd.program);
    } else if (LIST_ENDS.has(v)) {
      this.endList();
      if (v.startsWith(";;") || v === ";&") {
        if (this.top.kind === "case") this.top.expectPattern = true;
      }
    } else if (v === "(") {
      this.openParen();
    } else if (v === ")") {
      this.endList();
      if (this.top.kind === "subshell") this.frames.pop();
      else this.ctx.errors.push(`unmatched ")"`);
    }
  }

  private openParen(): void {
    const next = this.tokens[this.i + 1];
    const last = this.words[this.words.length - 1];
    if (this.words.length === 1 && next?.kind === "op" && next.value === ")") {
      this.i++; // `name() { ... }`: a function definition; its body follows
      this.reset();
      return;
    }
    if (last !== undefined && /^[A-Za-z_][A-Za-z0-9_]*\+?=$/.test(last.value)) {
      this.arrayAssignment(last);
      return;
    }
    if (this.words.length > 0) {
      this.ctx.errors.push(`unexpected "(" after "${this.words[0].value}"`);
      this.endList();
    }
    const top = this.top;
    const ctx = this.frames.length < MAX_FRAMES ? top.ctx.within("subshell") : top.ctx;
    this.frames.push(this.frame("subshell", ctx));
  }

  private redirect(t: Token): void {
    this.mark(t);
    if (t.kind === "heredoc") {
      const r: Redirect = { op: t.op, target: t.delimiter };
      if (t.fd !== undefined) r.fd = t.fd;
      this.redirects.push(r);
      this.stdin = t.body;
      this.subs.push(...t.subs);
      return;
    }
    if (t.kind !== "redir") return;
    const next = this.tokens[this.i + 1];
    let target = "";
    if (next?.kind === "word") {
      this.i++;
      this.mark(next);
      target = next.value;
      this.subs.push(...next.subs);
    } else {
      this.ctx.errors.push(`missing target after "${t.op}"`);
    }
    const r: Redirect = { op: t.op, target };
    if (t.fd !== undefined) r.fd = t.fd;
    this.redirects.push(r);
    if (t.op === "<<<") this.stdin = target;
  }

  /** Clears the current command (allocating new lists only for those in use). */
  private reset(): void {
    if (this.words.length > 0) this.words = [];
    if (this.redirects.length > 0) this.redirects = [];
    this.stdin = undefined;
    if (this.subs.length > 0) this.subs = [];
    this.start = -1;
    this.end = -1;
  }

  /** Emits the current simple command (if any) and its substitutions; returns the command. */
  private finishCommand(): SimpleCommand | undefined {
    const top = this.top;
    const piped = top.pipedText;
    top.pipedText = undefined;
    if (this.words.length === 0 && this.redirects.length === 0) {
      this.reset();
      return undefined;
    }
    const text = this.source.slice(this.start - this.origin, this.end - this.origin);
    const cmd = emitCommand(
      { words: this.words, redirects: this.redirects, stdin: this.stdin, text },
      top.ctx,
      piped,
    );
    if (top.stages.length > 0) {
      cmd.pipedFrom = [...top.stages];
      cmd.stdinFrom = "pipe";
    }
    for (const r of this.redirects) {
      if (r.fd !== undefined && r.fd !== 0) continue;
      if (r.op === "<" || r.op === "<>") cmd.stdinFrom = "file";
      else if (r.op === "<<" || r.op === "<<-" || r.op === "<<<") cmd.stdinFrom = "heredoc";
    }
    const words = this.words;
    const subs = this.subs;
    this.redirects = []; // now the command's own
    this.reset();
    for (const w of words) for (const s of w.subs) top.ctx.substitution(s);
    for (const s of subs) top.ctx.substitution(s);
    return cmd;
  }

  /** Ends the current command and pipeline of the innermost frame. */
  private endList(): void {
    this.finishCommand();
    const top = this.top;
    if (top.piped && top.labelled) {
      const at = top.ctx.via.length;
      const out = top.ctx.out;
      for (let k = top.pipeStart; k < out.length; k++) out[k].via.splice(at, 0, "pipe");
    }
    top.piped = false;
    top.pipedText = undefined;
    if (top.stages.length > 0) top.stages = [];
    top.pipeStart = top.ctx.out.length;
  }

  /** Substitutions in skipped words still run: parse them. */
  private skipWord(t: Token): void {
    if (t.kind !== "word") return;
    for (const s of t.subs) this.top.ctx.substitution(s);
  }

  /** `for NAME in WORDS;` / `for ((...));` / `select ...;`: skipped up to `;`, newline or `do`. */
  private skipHeader(): void {
    const tokens = this.tokens;
    const next = tokens[this.i + 1];
    if (next?.kind === "op" && next.value === "(") {
      this.i++;
      this.skipBalanced();
    }
    while (this.i + 1 < tokens.length) {
      const t = tokens[this.i + 1];
      if (t.kind === "op" && (t.value === ";" || t.value === "\n")) return;
      if (t.kind === "word" && !t.quoted && (t.value === "do" || t.value === "{")) return;
      this.skipWord(t);
      this.i++;
    }
  }

  /** `case WORD in`: skipped. */
  private skipCaseHeader(): void {
    const tokens = this.tokens;
    while (this.i + 1 < tokens.length) {
      const t = tokens[++this.i];
      this.skipWord(t);
      if (t.kind === "word" && !t.quoted && t.value === "in") return;
    }
  }

  /** A case pattern `(a|b)` up to its `)`. */
  private skipPattern(): void {
    const tokens = this.tokens;
    while (this.i < tokens.length) {
      const t = tokens[this.i];
      this.skipWord(t);
      if (t.kind === "op" && t.value === ")") break;
      this.i++;
    }
    this.top.expectPattern = false;
  }

  /** `function NAME [()]`. */
  private skipFunctionName(): void {
    const tokens = this.tokens;
    if (tokens[this.i + 1]?.kind === "word") this.i++;
    const a = tokens[this.i + 1];
    const b = tokens[this.i + 2];
    if (a?.kind === "op" && a.value === "(" && b?.kind === "op" && b.value === ")") this.i += 2;
  }

  /** From an opening `(` token at `this.i`, skips to its matching `)`. */
  private skipBalanced(): void {
    const tokens = this.tokens;
    let depth = 0;
    for (; this.i < tokens.length; this.i++) {
      const t = tokens[this.i];
      this.skipWord(t);
      if (t.kind !== "op") continue;
      if (t.value === "(") depth++;
      else if (t.value === ")" && --depth === 0) return;
    }
  }

  /** `[[ ... ]]`: one command whose arguments include its operators as words. */
  private testCommand(open: WordToken): void {
    this.mark(open);
    this.words.push(open);
    const tokens = this.tokens;
    while (this.i + 1 < tokens.length) {
      const t = tokens[++this.i];
      this.mark(t);
      if (t.kind === "word") {
        this.words.push(t);
        if (!t.quoted && t.value === "]]") return;
      } else if (t.kind === "op") {
        if (t.value === "\n") continue;
        this.words.push({ ...open, value: t.value, start: t.start, end: t.end, subs: [] });
      } else if (t.kind === "redir") {
        this.words.push({ ...open, value: t.op, start: t.start, end: t.end, subs: [] });
      }
    }
  }

  /** `arr=(a b c)`: the words up to `)` join the assignment's value. */
  private arrayAssignment(last: WordToken): void {
    const tokens = this.tokens;
    const parts: string[] = [];
    const subs = [...last.subs];
    let end = last.end;
    while (this.i + 1 < tokens.length) {
      const t = tokens[++this.i];
      end = t.end;
      if (t.kind === "op" && t.value === ")") break;
      if (t.kind === "word") {
        parts.push(t.value);
        subs.push(...t.subs);
      }
    }
    const value = `${last.value}(${parts.join(" ")})`;
    this.words[this.words.length - 1] = { ...last, value, end, subs };
    this.end = end;
  }
}

/** Parses `tokens` (lexed from `source`, positions offset by `origin`) into `ctx.out`. */
export function parseTokens(
  tokens: readonly Token[],
  source: string,
  origin: number,
  ctx: ParseContext,
): void {
  new Parser(tokens, source, origin, ctx).run();
}
