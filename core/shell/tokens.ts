/**
 * Token types produced by the shell lexer ({@link ./lexer.ts}).
 *
 * Positions (`start`, `end`) are offsets into the string that was lexed. A nested
 * {@link Substitution} carries its own `source` and the `origin` to subtract from its tokens'
 * positions to index into that `source`.
 *
 * @module
 */

/** The kinds of nested source a word can contain. */
export type SubstitutionKind = "$()" | "``" | "<()" | ">()";

/** A command substitution (`$(...)`, backticks) or process substitution (`<(...)`, `>(...)`). */
export interface Substitution {
  /** Which syntax captured the nested source. */
  kind: SubstitutionKind;
  /** The nested source text (for backticks, with `\$`, `` \` `` and `\\` unescaped). */
  source: string;
  /** Subtract from a nested token's `start`/`end` to get an offset into `source`. */
  origin: number;
  /** The nested source, already lexed (empty when nesting was too deep to lex). */
  tokens: Token[];
}

/** A shell word with its quotes removed. */
export interface WordToken {
  /** Discriminant. */
  kind: "word";
  /**
   * The unquoted text. Variables (`$X`, `${X}`), arithmetic (`$((..))`) and substitutions
   * (`$(..)`, backticks, `<(..)`) stay as their literal source text.
   */
  value: string;
  /** Offset of the first character of the word. */
  start: number;
  /** Offset just past the word. */
  end: number;
  /** True when any part of the word was quoted or backslash-escaped. */
  quoted: boolean;
  /** How many leading characters of `value` came from unquoted, unescaped text. */
  literal: number;
  /** Substitutions found in the word, in order. */
  subs: Substitution[];
}

/** A control operator: `|`, `|&`, `||`, `&&`, `&`, `;`, `;;`, `;&`, `;;&`, `(`, `)` or `"\n"`. */
export interface OperatorToken {
  /** Discriminant. */
  kind: "op";
  /** The operator text. */
  value: string;
  /** Offset of the operator. */
  start: number;
  /** Offset just past the operator. */
  end: number;
}

/**
 * A redirection operator other than a here-document: `>`, `>>`, `>|`, `<`, `<>`, `<&`, `>&`,
 * `&>`, `&>>` or `<<<`. Its target is the next word token.
 */
export interface RedirectToken {
  /** Discriminant. */
  kind: "redir";
  /** The operator text, without the file descriptor. */
  op: string;
  /** The explicit file descriptor written before the operator (`2` in `2>&1`). */
  fd?: number;
  /** Offset of the redirection (including its file descriptor). */
  start: number;
  /** Offset just past the operator. */
  end: number;
}

/** A here-document (`<<EOF`, `<<-EOF`, `<<'EOF'`) with its body. */
export interface HeredocToken {
  /** Discriminant. */
  kind: "heredoc";
  /** `<<` or `<<-`. */
  op: "<<" | "<<-";
  /** The explicit file descriptor written before the operator. */
  fd?: number;
  /** The delimiter word, unquoted. */
  delimiter: string;
  /** True when the delimiter was quoted: the body is then not expanded. */
  quoted: boolean;
  /** The body lines joined with `"\n"` (no final newline); leading tabs removed for `<<-`. */
  body: string;
  /** Substitutions in the body (only when the delimiter is unquoted). */
  subs: Substitution[];
  /** Offset of the operator. */
  start: number;
  /** Offset just past the delimiter word. */
  end: number;
}

/** Any token of the shell lexer. */
export type Token = WordToken | OperatorToken | RedirectToken | HeredocToken;
