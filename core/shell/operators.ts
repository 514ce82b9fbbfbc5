/**
 * Recognises the shell's control and redirection operators at a position of the source.
 * Longer operators win (`;;&` over `;;` over `;`); the returned strings are constants.
 *
 * @module
 */

const AMP = 38, LP = 40, RP = 41, DASH = 45, SEMI = 59, LT = 60, GT = 62, PIPE = 124;

/**
 * The control operator at `at` (`||`, `|&`, `&&`, `;;&`, `;;`, `;&`, `|`, `&`, `;`, `(`, `)`),
 * or `""` when there is none.
 */
export function controlOperator(s: string, at: number): string {
  const next = s.charCodeAt(at + 1);
  switch (s.charCodeAt(at)) {
    case PIPE:
      return next === PIPE ? "||" : next === AMP ? "|&" : "|";
    case AMP:
      return next === AMP ? "&&" : "&";
    case SEMI:
      if (next === SEMI) return s.charCodeAt(at + 2) === AMP ? ";;&" : ";;";
      return next === AMP ? ";&" : ";";
    case LP:
      return "(";
    case RP:
      return ")";
  }
  return "";
}

/**
 * The redirection operator at `at` (`<<<`, `<<-`, `&>>`, `<<`, `<&`, `<>`, `>>`, `>&`, `>|`,
 * `&>`, `<`, `>`), or `""` when there is none.
 */
export function redirectOperator(s: string, at: number): string {
  const next = s.charCodeAt(at + 1);
  switch (s.charCodeAt(at)) {
    case LT:
      if (next === LT) {
        const third = s.charCodeAt(at + 2);
        return third === LT ? "<<<" : third === DASH ? "<<-" : "<<";
      }
      return next === AMP ? "<&" : next === GT ? "<>" : "<";
    case GT:
      return next === GT ? ">>" : next === AMP ? ">&" : next === PIPE ? ">|" : ">";
    case AMP:
      if (next !== GT) return "";
      return s.charCodeAt(at + 2) === GT ? "&>>" : "&>";
  }
  return "";
}
