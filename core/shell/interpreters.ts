/**
 * Finds inline code handed to script interpreters: `python3 -c CODE`, `node -e CODE`,
 * `perl -e CODE`, `ruby -e CODE`, `php -r CODE`, `deno eval CODE`, `bun -e CODE`, or code on
 * standard input (`python3 - <<EOF`, `node <<EOF`).
 *
 * @module
 */

import type { InlineCode, InlineLanguage } from "./types.ts";

/** The interpreter family of a program basename, if it is one we read code from. */
export function languageOf(program: string): InterpreterLanguage | undefined {
  if (!"pnrdb".includes(program[0] ?? "-")) return undefined;
  if (/^(python|pypy)(\d+(\.\d+)?)?$/.test(program)) return "python";
  if (program === "node" || program === "nodejs") return "node";
  if (/^perl(\d+(\.\d+)*)?$/.test(program)) return "perl";
  if (/^ruby(\d+(\.\d+)*)?$/.test(program)) return "ruby";
  if (/^php(\d+(\.\d+)*)?$/.test(program)) return "php";
  if (program === "deno") return "deno";
  if (program === "bun") return "bun";
  return undefined;
}

/** Code from the command line (`code`), from standard input (`stdin`), or neither. */
type Found = { code: string } | "stdin" | "none";

/** Code given as an option's value; "none" when the value is missing. */
function code(value: string | undefined): Found {
  return value === undefined ? "none" : { code: value };
}

function python(args: readonly string[]): Found {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "-") return "stdin";
    if (a === "--") return args.length > i + 1 ? "none" : "stdin";
    if (a.startsWith("--")) continue;
    if (a[0] !== "-" || a.length < 2) return "none";
    for (let k = 1; k < a.length; k++) {
      const ch = a[k];
      if (ch === "c") return code(k + 1 < a.length ? a.slice(k + 1) : args[i + 1]);
      if (ch === "m") return "none";
      if ("WXQ".includes(ch)) {
        if (k + 1 === a.length) i++;
        break;
      }
    }
  }
  return "stdin";
}

const NODE_CODE = ["-e", "--eval", "-p", "--print", "-pe", "-ep"];
const NODE_VALUED = ["-r", "--require", "--import", "--loader", "-C", "--conditions"];

function node(args: readonly string[], bun: boolean): Found {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (NODE_CODE.includes(a)) return code(args[i + 1]);
    const eq = a.indexOf("=");
    if (eq > 0 && ["--eval", "--print"].includes(a.slice(0, eq))) return { code: a.slice(eq + 1) };
    if (NODE_VALUED.includes(a) || a === "--input-type") {
      i++;
      continue;
    }
    if (a === "-") return bun ? "none" : "stdin";
    if (a === "--") return "none";
    if (a[0] !== "-") return "none";
  }
  return bun ? "none" : "stdin";
}

/** perl and ruby: `-e CODE` (repeatable, joined by newlines), also bundled as in `-ne`. */
function perlish(
  args: readonly string[],
  codeLetters: string,
  attached: string,
  separate: string,
): Found {
  const lines: string[] = [];
  let operand = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "-") return lines.length > 0 ? { code: lines.join("\n") } : "stdin";
    if (a === "--" || a[0] !== "-" || a.length < 2) {
      operand = a !== "--" || i + 1 < args.length;
      break;
    }
    if (a.startsWith("--")) continue;
    for (let k = 1; k < a.length; k++) {
      const ch = a[k];
      if (codeLetters.includes(ch)) {
        if (k + 1 < a.length) lines.push(a.slice(k + 1));
        else lines.push(args[++i] ?? "");
        break;
      }
      if (separate.includes(ch) && k + 1 === a.length) {
        i++;
        break;
      }
      if (attached.includes(ch) || separate.includes(ch)) break;
    }
  }
  if (lines.length > 0) return { code: lines.join("\n") };
  return operand ? "none" : "stdin";
}

function php(args: readonly string[]): Found {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "-r") return code(args[i + 1]);
    if (a.startsWith("-r")) return { code: a.slice(2) };
    if (["-c", "-d", "-z", "-t"].includes(a)) i++;
    else if (a === "-f" || a[0] !== "-") return "none";
  }
  return "stdin";
}

function deno(args: readonly string[]): Found {
  if (args[0] !== "eval") return "none";
  for (let i = 1; i < args.length; i++) {
    const a = args[i];
    if (a === "--ext" || a === "--config" || a === "-c") {
      i++;
      continue;
    }
    if (a[0] !== "-") return { code: a };
  }
  return "none";
}

/** The interpreter families {@link languageOf} recognises. */
export type InterpreterLanguage = Exclude<InlineLanguage, "shell">;

function findCode(language: InterpreterLanguage, args: readonly string[]): Found {
  switch (language) {
    case "python":
      return python(args);
    case "node":
      return node(args, false);
    case "bun":
      return node(args, true);
    case "perl":
      return perlish(args, "eE", "ilI0xFCdDmM", "");
    case "ruby":
      return perlish(args, "e", "EFTxKWSl0", "rIC");
    case "php":
      return php(args);
    default:
      return deno(args);
  }
}

function find(
  program: string,
  args: readonly string[],
): { language: InterpreterLanguage; found: Found } | undefined {
  const language = languageOf(program);
  if (language === undefined) return undefined;
  return { language, found: findCode(language, args) };
}

function asksVersionOrHelp(args: readonly string[]): boolean {
  return args.some((a) => /^(?:-[vV]|-VV|--version|-h|--help|-\?)$/.test(a));
}

function codeOf(
  language: InterpreterLanguage,
  found: Found,
  stdin: string | undefined,
): InlineCode | undefined {
  if (found === "none") return undefined;
  if (found === "stdin") return stdin === undefined ? undefined : { language, code: stdin };
  return { language, code: found.code };
}

/** What an interpreter invocation runs, as found by {@link interpreterRun}. */
export interface InterpreterRun {
  /** The inline code (see {@link inlineCodeOf}). */
  code: InlineCode | undefined;
  /** Whether it runs its program from standard input (see {@link readsProgramFromStdin}). */
  readsStdin: boolean;
}

/**
 * {@link inlineCodeOf} and {@link readsProgramFromStdin} at once, for a program whose
 * {@link languageOf} is `language`.
 */
export function interpreterRun(
  language: InterpreterLanguage,
  args: readonly string[],
  stdin: string | undefined,
): InterpreterRun {
  const found = findCode(language, args);
  return {
    code: codeOf(language, found, stdin),
    readsStdin: found === "stdin" && !asksVersionOrHelp(args),
  };
}

/**
 * Whether an interpreter invocation runs its program from standard input (`python3`,
 * `python3 -`, `node`, `perl`), as opposed to inline code or a script file. Undefined when
 * `program` is not an interpreter we know.
 *
 * @example
 * ```ts
 * import { readsProgramFromStdin } from "./interpreters.ts";
 * console.assert(readsProgramFromStdin("python3", ["-"]) === true);
 * console.assert(readsProgramFromStdin("python3", ["app.py"]) === false);
 * ```
 */
export function readsProgramFromStdin(
  program: string,
  args: readonly string[],
): boolean | undefined {
  const hit = find(program, args);
  if (hit === undefined) return undefined;
  return hit.found === "stdin" && !asksVersionOrHelp(args);
}

/**
 * The inline code of an interpreter invocation, or undefined. `stdin` is the text known to
 * arrive on standard input (a here-document, or text echoed into a pipe), used when the
 * interpreter reads its program from there.
 *
 * @example
 * ```ts
 * import { inlineCodeOf } from "./interpreters.ts";
 * const code = inlineCodeOf("python3", ["-c", "print(1)"], undefined);
 * console.assert(code?.language === "python" && code.code === "print(1)");
 * ```
 */
export function inlineCodeOf(
  program: string,
  args: readonly string[],
  stdin: string | undefined,
): InlineCode | undefined {
  const hit = find(program, args);
  if (hit === undefined) return sqlCodeOf(program, args, stdin);
  return codeOf(hit.language, hit.found, stdin);
}

/** Values of `-x V`, `-xV`, `--long V`, `--long=V` options among `args`, joined by newlines. */
function optionValues(
  args: readonly string[],
  shorts: string,
  longs: readonly string[],
): { values: string[]; file: boolean; operands: string[] } {
  const values: string[] = [];
  const operands: string[] = [];
  let file = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      if (longs.includes(name)) {
        const v = eq > 0 ? a.slice(eq + 1) : args[++i];
        if (v !== undefined) values.push(v);
      } else if (name === "file") file = true;
      continue;
    }
    if (a[0] === "-" && a.length > 1) {
      const letter = a[1];
      if (shorts.includes(letter)) {
        const v = a.length > 2 ? a.slice(2) : args[++i];
        if (v !== undefined) values.push(v);
      } else if (letter === "f" && a.length === 2) {
        file = true;
        i++;
      }
      continue;
    }
    operands.push(a);
  }
  return { values, file, operands };
}

const SQL_CLIENTS: Record<string, { shorts: string; longs: string[] }> = {
  psql: { shorts: "c", longs: ["command"] },
  mysql: { shorts: "e", longs: ["execute"] },
  mariadb: { shorts: "e", longs: ["execute"] },
  "clickhouse-client": { shorts: "q", longs: ["query"] },
  sqlcmd: { shorts: "Qq", longs: ["query"] },
  duckdb: { shorts: "c", longs: [] },
  cqlsh: { shorts: "e", longs: ["execute"] },
};

const SQL_SPECIAL: ReadonlySet<string> = new Set([
  "mongosh",
  "mongo",
  "sqlite3",
  "sqlite",
  "cockroach",
  "clickhouse",
]);

/** Every database client name {@link sqlCodeOf} knows (without an `.exe` suffix). */
export const SQL_NAMES: readonly string[] = [...SQL_SPECIAL, ...Object.keys(SQL_CLIENTS)];

/**
 * Whether {@link sqlCodeOf} can find anything for `program` (whatever its arguments): a cheap
 * test to run once per program name.
 */
export function maybeSqlClient(program: string): boolean {
  const name = program.replace(/\.exe$/i, "");
  return SQL_SPECIAL.has(name) || Object.hasOwn(SQL_CLIENTS, name);
}

/**
 * SQL (or MongoDB shell code) handed to a database client: `psql -c`, `mysql -e`,
 * `sqlite3 db.sqlite "SQL"`, `clickhouse-client -q`, `sqlcmd -Q`, `cockroach sql -e`,
 * `mongosh --eval`, or statements on standard input (a here-document or echoed text).
 */
export function sqlCodeOf(
  program: string,
  args: readonly string[],
  stdin: string | undefined,
): InlineCode | undefined {
  const name = program.replace(/\.exe$/i, "");
  if (name === "mongosh" || name === "mongo") {
    const { values, file } = optionValues(args, "", ["eval"]);
    if (values.length > 0) return { language: "mongo", code: values.join("\n") };
    return !file && stdin !== undefined ? { language: "mongo", code: stdin } : undefined;
  }
  if (name === "sqlite3" || name === "sqlite") {
    const cmds: string[] = [];
    const operands: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === "-cmd" || a === "--cmd") {
        if (args[i + 1] !== undefined) cmds.push(args[++i]);
      } else if (a === "-separator" || a === "-newline" || a === "-nullvalue") i++;
      else if (a[0] !== "-" || a === "-") operands.push(a);
    }
    const sql = [...cmds, ...operands.slice(1)];
    if (sql.length > 0) return { language: "sql", code: sql.join("\n") };
    return stdin !== undefined ? { language: "sql", code: stdin } : undefined;
  }
  let rest = args;
  let spec = Object.hasOwn(SQL_CLIENTS, name) ? SQL_CLIENTS[name] : undefined;
  if (name === "cockroach" && args[0] === "sql") {
    spec = { shorts: "e", longs: ["execute"] };
    rest = args.slice(1);
  } else if (name === "clickhouse" && args[0] === "client") {
    spec = SQL_CLIENTS["clickhouse-client"];
    rest = args.slice(1);
  }
  if (spec === undefined) return undefined;
  const { values, file } = optionValues(rest, spec.shorts, spec.longs);
  if (values.length > 0) return { language: "sql", code: values.join("\n") };
  return !file && stdin !== undefined ? { language: "sql", code: stdin } : undefined;
}
