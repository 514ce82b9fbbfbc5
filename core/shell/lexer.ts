/**
 * A bash-compatible lexer for command lines: words with their quotes removed, control
 * operators, redirections, here-documents with their bodies, and command / process
 * substitutions captured (and lexed) as nested sources. It never throws: malformed input is
 * lexed as far as it goes and the problems are listed in `errors`.
 *
 * @module
 */

import { readHeredocBody } from "./heredoc.ts";
import { controlOperator, redirectOperator } from "./operators.ts";
import { decodeAnsiC, skipArithmetic, skipBalanced, unescapeBackticks } from "./quoting.ts";
import type {
  HeredocToken,
  OperatorToken,
  Substitution,
  SubstitutionKind,
  Token,
  WordToken,
} from "./tokens.ts";

export type * from "./tokens.ts";

/** What {@link tokenize} returns. */
export interface LexResult {
  /** The tokens, in source order. */
  tokens: Token[];
  /** Problems found (unterminated quotes, substitutions, here-documents, ...). */
  errors: string[];
}

/** Nested substitutions deeper than this are skipped over flatly instead of being lexed. */
export const LEX_NEST_LIMIT = 32;

const TAB = 9, NL = 10, CR = 13, SP = 32, DQ = 34, HASH = 35, DOLLAR = 36, AMP = 38, SQ = 39;
const LP = 40, RP = 41, SEMI = 59, LT = 60, GT = 62, BS = 92, BT = 96, PIPE = 124;

/** 1: ends a word; 2: special inside a word; 0: plain. */
const CLASS = new Uint8Array(128);
for (const c of [SP, TAB, CR, NL, PIPE, AMP, SEMI, LP, RP]) CLASS[c] = 1;
for (const c of [LT, GT, BS, SQ, DQ, DOLLAR, BT]) CLASS[c] = 2;

/** Characters that stop a plain run inside double quotes or a here-document body. */
function isDoubleSpecial(c: number, heredoc: boolean): boolean {
  return c === BS || c === DOLLAR || c === BT || (!heredoc && c === DQ);
}

class Lexer {
  pos: number;
  readonly tokens: Token[] = [];
  private readonly pending: HeredocToken[] = [];
  private parens = 0;

  constructor(
    readonly src: string,
    start: number,
    readonly depth: number,
    readonly errors: string[],
    readonly nested: boolean,
  ) {
    this.pos = start;
  }

  /** Lexes to the end (or, when nested, to the unmatched `)`); returns where it stopped. */
  run(): number {
    const s = this.src;
    const n = s.length;
    while (this.pos < n) {
      const c = s.charCodeAt(this.pos);
      if (c >= 128 || CLASS[c] === 0) {
        // Plain text starts a word, except a comment or a file descriptor before `>`/`<`.
        if (c === HASH) {
          const e = s.indexOf("\n", this.pos);
          this.pos = e < 0 ? n : e;
        } else if (!(c >= 48 && c <= 57 && this.fdRedirect())) {
          this.tokens.push(this.readWord());
        }
      } else if (c === SP || c === TAB || c === CR) {
        this.pos++;
      } else if (c === NL) {
        this.op("\n", 1);
        if (this.pending.length > 0) this.readBodies();
      } else if (c === BS && s.charCodeAt(this.pos + 1) === NL) {
        this.pos += 2;
      } else if (c === RP && this.nested && this.parens === 0) {
        this.flushPending();
        return this.pos;
      } else if ((c === LT || c === GT) && s.charCodeAt(this.pos + 1) !== LP) {
        this.redirect(undefined, this.pos);
      } else if (c === AMP && s.charCodeAt(this.pos + 1) === GT) {
        this.redirect(undefined, this.pos);
      } else if (c === PIPE || c === AMP || c === SEMI || c === LP || c === RP) {
        this.operator();
      } else {
        this.tokens.push(this.readWord());
      }
    }
    this.flushPending();
    if (this.nested) this.errors.push(`unterminated substitution: missing ")"`);
    return n;
  }

  /** Scans a here-document body (whole `src`) for substitutions. */
  scanBody(): Substitution[] {
    const subs: Substitution[] = [];
    this.readDouble(subs, true);
    return subs;
  }

  private op(value: string, length: number): void {
    const t: OperatorToken = { kind: "op", value, start: this.pos, end: this.pos + length };
    this.tokens.push(t);
    this.pos += length;
  }

  private operator(): void {
    const v = controlOperator(this.src, this.pos);
    if (v === "(") this.parens++;
    else if (v === ")" && this.parens > 0) this.parens--;
    this.op(v, v.length);
  }

  /** `2>file`, `10<&0`: digits directly before a redirection operator. */
  private fdRedirect(): boolean {
    const s = this.src;
    let j = this.pos;
    while (j < s.length && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
    const c = s.charCodeAt(j);
    if ((c !== LT && c !== GT) || s.charCodeAt(j + 1) === LP) return false;
    const start = this.pos;
    const fd = Number(s.slice(start, j));
    this.pos = j;
    this.redirect(fd, start);
    return true;
  }

  private redirect(fd: number | undefined, start: number): void {
    const s = this.src;
    const op = redirectOperator(s, this.pos);
    this.pos += op.length;
    if (op !== "<<" && op !== "<<-") {
      const tok = { kind: "redir" as const, op, start, end: this.pos };
      this.tokens.push(fd === undefined ? tok : { ...tok, fd });
      return;
    }
    while (s.charCodeAt(this.pos) === SP || s.charCodeAt(this.pos) === TAB) this.pos++;
    const c = s.charCodeAt(this.pos);
    const word = this.pos < s.length && !(c < 128 && CLASS[c] === 1) ? this.readWord() : undefined;
    if (word === undefined) this.errors.push(`here-document without a delimiter at ${start}`);
    const doc: HeredocToken = {
      kind: "heredoc",
      op,
      delimiter: word?.value ?? "",
      quoted: word?.quoted ?? false,
      body: "",
      subs: [],
      start,
      end: this.pos,
    };
    if (fd !== undefined) doc.fd = fd;
    this.tokens.push(doc);
    if (word !== undefined) this.pending.push(doc);
  }

  /** Reads the bodies of the pending here-documents, starting at the current line. */
  private readBodies(): void {
    for (const doc of this.pending) {
      const r = readHeredocBody(this.src, this.pos, doc.delimiter, doc.op === "<<-");
      this.pos = r.end;
      if (!r.closed) this.errors.push(`unterminated here-document: missing "${doc.delimiter}"`);
      doc.body = r.body;
      if (!doc.quoted && doc.body.length > 0) {
        doc.subs = new Lexer(doc.body, 0, this.depth, this.errors, false).scanBody();
      }
    }
    this.pending.length = 0;
  }

  private flushPending(): void {
    for (const doc of this.pending) {
      this.errors.push(`here-document "${doc.delimiter}" has no body`);
    }
    this.pending.length = 0;
  }

  private readWord(): WordToken {
    const s = this.src;
    const n = s.length;
    const start = this.pos;
    const subs: Substitution[] = [];
    // Fast path: a word of plain characters only.
    let j = start;
    while (j < n) {
      const d = s.charCodeAt(j);
      if (d < 128 && CLASS[d] !== 0) break;
      j++;
    }
    let value = s.slice(start, j);
    this.pos = j;
    if (j >= n || CLASS[s.charCodeAt(j)] === 1) {
      return { kind: "word", value, start, end: j, quoted: false, literal: value.length, subs };
    }
    let literal = -1;
    while (this.pos < n) {
      const c = s.charCodeAt(this.pos);
      const cls = c < 128 ? CLASS[c] : 0;
      if (cls === 0) {
        let j = this.pos + 1;
        while (j < n) {
          const d = s.charCodeAt(j);
          if (d < 128 && CLASS[d] !== 0) break;
          j++;
        }
        value += s.slice(this.pos, j);
        this.pos = j;
        continue;
      }
      if (cls === 1) break;
      if (c === LT || c === GT) {
        if (s.charCodeAt(this.pos + 1) !== LP) break;
        value += this.substitution(c === LT ? "<()" : ">()", this.pos, subs);
        continue;
      }
      if (c === DOLLAR) {
        const d = s.charCodeAt(this.pos + 1);
        if (d === SQ || d === DQ) {
          if (literal < 0) literal = value.length;
          if (d === SQ) {
            value += this.ansiC();
          } else {
            this.pos += 2;
            value += this.readDouble(subs, false);
          }
        } else {
          value += this.dollar(subs);
        }
        continue;
      }
      if (c === BT) {
        value += this.backtick(subs);
        continue;
      }
      if (literal < 0) literal = value.length;
      if (c === BS) {
        if (this.pos + 1 >= n) {
          value += "\\";
          this.pos++;
        } else if (s.charCodeAt(this.pos + 1) === NL) {
          this.pos += 2;
        } else {
          value += s[this.pos + 1];
          this.pos += 2;
        }
      } else if (c === SQ) {
        const e = s.indexOf("'", this.pos + 1);
        if (e < 0) {
          this.errors.push(`unterminated single quote at ${this.pos}`);
          value += s.slice(this.pos + 1);
          this.pos = n;
        } else {
          value += s.slice(this.pos + 1, e);
          this.pos = e + 1;
        }
      } else {
        this.pos++;
        value += this.readDouble(subs, false);
      }
    }
    const quoted = literal >= 0;
    return {
      kind: "word",
      value,
      start,
      end: this.pos,
      quoted,
      literal: quoted ? literal : value.length,
      subs,
    };
  }

  /**
   * Reads the inside of double quotes (the opening quote already consumed) up to and past the
   * closing quote, or, for a here-document body, to the end of the source.
   */
  private readDouble(subs: Substitution[], heredoc: boolean): string {
    const s = this.src;
    const n = s.length;
    const start = this.pos;
    let out = "";
    while (this.pos < n) {
      const c = s.charCodeAt(this.pos);
      if (c === DQ && !heredoc) {
        this.pos++;
        return out;
      }
      if (c === BS) {
        const d = s[this.pos + 1];
        if (d === "\n") {
          this.pos += 2;
        } else if (d === "$" || d === "`" || d === "\\" || (d === '"' && !heredoc)) {
          out += d;
          this.pos += 2;
        } else {
          out += "\\";
          this.pos++;
        }
      } else if (c === DOLLAR) {
        out += this.dollar(subs);
      } else if (c === BT) {
        out += this.backtick(subs);
      } else {
        let j = this.pos + 1;
        while (j < n && !isDoubleSpecial(s.charCodeAt(j), heredoc)) j++;
        out += s.slice(this.pos, j);
        this.pos = j;
      }
    }
    if (!heredoc) this.errors.push(`unterminated double quote at ${start - 1}`);
    return out;
  }

  /** `$'...'` (ANSI-C quoting), with `this.pos` on the `$`. */
  private ansiC(): string {
    const r = decodeAnsiC(this.src, this.pos + 2);
    if (!r.closed) this.errors.push(`unterminated $'...' quote at ${this.pos}`);
    this.pos = r.end;
    return r.value;
  }

  /** A `$` that is not a quote: `$(..)`, `$((..))`, `${..}` or a plain `$`. Returns raw text. */
  private dollar(subs: Substitution[]): string {
    const s = this.src;
    const start = this.pos;
    const d = s.charCodeAt(this.pos + 1);
    if (d === LP) {
      if (s.charCodeAt(this.pos + 2) === LP) {
        this.pos = skipArithmetic(s, this.pos + 1);
        return s.slice(start, this.pos);
      }
      return this.substitution("$()", start, subs);
    }
    if (d !== 123 /* { */) {
      this.pos++;
      return "$";
    }
    let depth = 0;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (c === 123) {
        depth++;
      } else if (c === 125 && --depth === 0) {
        this.pos++;
        return s.slice(start, this.pos);
      } else if (c === BS) {
        this.pos++;
      } else if (c === DOLLAR && s.charCodeAt(this.pos + 1) === LP) {
        this.substitution("$()", this.pos, subs);
        continue;
      } else if (c === BT) {
        this.backtick(subs);
        continue;
      }
      this.pos++;
    }
    this.errors.push(`unterminated \${...} at ${start}`);
    return s.slice(start);
  }

  /** `$(..)`, `<(..)` or `>(..)` starting at `start` (two characters before the body). */
  private substitution(kind: SubstitutionKind, start: number, subs: Substitution[]): string {
    const s = this.src;
    const inner = start + 2;
    let end: number;
    let tokens: Token[] = [];
    if (this.depth + 1 > LEX_NEST_LIMIT) {
      end = skipBalanced(s, inner);
      if (end >= s.length) this.errors.push(`unterminated substitution: missing ")"`);
    } else {
      const nested = new Lexer(s, inner, this.depth + 1, this.errors, true);
      end = nested.run();
      tokens = nested.tokens;
    }
    subs.push({ kind, source: s.slice(inner, end), origin: inner, tokens });
    this.pos = end < s.length ? end + 1 : s.length;
    return s.slice(start, this.pos);
  }

  /** A backtick command substitution, with `this.pos` on the opening backtick. */
  private backtick(subs: Substitution[]): string {
    const s = this.src;
    const start = this.pos;
    let j = start + 1;
    while (j < s.length && s.charCodeAt(j) !== BT) j += s.charCodeAt(j) === BS ? 2 : 1;
    const closed = j < s.length;
    if (!closed) this.errors.push(`unterminated backtick at ${start}`);
    const source = unescapeBackticks(s.slice(start + 1, Math.min(j, s.length)));
    let tokens: Token[] = [];
    if (this.depth + 1 <= LEX_NEST_LIMIT) {
      const nested = new Lexer(source, 0, this.depth + 1, this.errors, false);
      nested.run();
      tokens = nested.tokens;
    }
    subs.push({ kind: "``", source, origin: 0, tokens });
    this.pos = closed ? j + 1 : s.length;
    return s.slice(start, this.pos);
  }
}

/**
 * Splits shell source into tokens. Never throws.
 *
 * @example
 * ```ts
 * import { tokenize } from "./lexer.ts";
 * const { tokens } = tokenize(`rm -rf "/my dir" | cat`);
 * console.assert(tokens.length === 5);
 * ```
 */
export function tokenize(source: string): LexResult {
  const errors: string[] = [];
  const lexer = new Lexer(source, 0, 0, errors, false);
  lexer.run();
  return { tokens: lexer.tokens, errors };
}

/** The source text of a word or operator token, from the string it was lexed from. */
export function tokenText(source: string, origin: number, token: Token): string {
  return source.slice(token.start - origin, token.end - origin);
}
