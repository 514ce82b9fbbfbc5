/**
 * Recognises the shell's control and redirection operators at a position of the source.
 *
 * @module
 */

const CONTROL = ["||", "|&", "&&", ";;&", ";;", ";&", "|", "&", ";", "(", ")"];
const REDIRECT = ["<<<", "<<-", "&>>", "<<", "<&", "<>", ">>", ">&", ">|", "&>", "<", ">"];

function longest(table: readonly string[], s: string, at: number): string {
  for (const op of table) if (s.startsWith(op, at)) return op;
  return "";
}

/**
 * The control operator at `at` (`||`, `|&`, `&&`, `;;&`, `;;`, `;&`, `|`, `&`, `;`, `(`, `)`),
 * or `""` when there is none.
 */
export function controlOperator(s: string, at: number): string {
  return longest(CONTROL, s, at);
}

/**
 * The redirection operator at `at` (`<<<`, `<<-`, `&>>`, `<<`, `<&`, `<>`, `>>`, `>&`, `>|`,
 * `&>`, `<`, `>`), or `""` when there is none.
 */
export function redirectOperator(s: string, at: number): string {
  return longest(REDIRECT, s, at);
}
