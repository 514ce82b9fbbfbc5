/**
 * The public result types of the shell parser ({@link ./parse.ts}).
 *
 * @module
 */

/** A redirection of a simple command, e.g. `{ op: ">", target: "/dev/sda" }`. */
export interface Redirect {
  /** The operator: `>`, `>>`, `>|`, `<`, `<>`, `<&`, `>&`, `&>`, `&>>`, `<<<`, `<<`, `<<-`. */
  op: string;
  /** The target word, unquoted (for a here-document: its delimiter). */
  target: string;
  /** The explicit file descriptor, e.g. `2` in `2>&1`. */
  fd?: number;
}

/** Languages whose inline code the parser extracts. */
export type InlineLanguage =
  | "python"
  | "node"
  | "perl"
  | "ruby"
  | "php"
  | "shell"
  | "deno"
  | "bun"
  | "powershell"
  | "sql"
  | "mongo";

/** Code handed to an interpreter on its command line or on its standard input. */
export interface InlineCode {
  /** The interpreter family. */
  language: InlineLanguage;
  /** The code, unquoted. */
  code: string;
}

/** One simple command found anywhere in a shell line, after stripping wrappers. */
export interface SimpleCommand {
  /**
   * Basename of the real program after stripping wrappers and assignments (`"rm"` for
   * `sudo /bin/rm -rf x`); the raw text when argv[0] contains a substitution
   * (`"$(echo rm)"`); `""` when there is none (`> file`, `FOO=1`).
   */
  program: string;
  /** argv[0] as written, unquoted, e.g. `"/bin/rm"`. */
  path: string;
  /** The arguments after the program, unquoted. */
  args: string[];
  /**
   * Wrappers stripped from the front, in order, e.g. `["sudo", "xargs"]`. Commands parsed out of
   * a string argument (`sudo bash -c '...'`) or a `find -exec` inherit the wrappers of the
   * command that runs them (not across `ssh`).
   */
  wrappers: string[];
  /** `FOO=bar` prefixes, and `env`/`sudo` `VAR=x` arguments. */
  assignments: Record<string, string>;
  /** Redirections, in order. */
  redirects: Redirect[];
  /** Here-document or here-string body (the last one when there are several). */
  stdin?: string;
  /** Code run by an interpreter: `python3 -c`, `node -e`, `bash -c`, a here-doc fed to `python3 -`. */
  inlineCode?: InlineCode;
  /** True when `xargs` appends more arguments read from standard input. */
  argsFromStdin?: boolean;
  /**
   * True when the program is a shell or interpreter given no script, `-c` string or inline
   * code, so it runs whatever arrives on its standard input (`bash`, `sh -s`, `python3 -`).
   */
  runsStdin?: boolean;
  /**
   * Where standard input comes from, when not inherited: `"pipe"` (an earlier pipeline stage),
   * `"heredoc"` (`<<EOF`, `<<<`), `"file"` (`< file`).
   */
  stdinFrom?: "pipe" | "heredoc" | "file";
  /** Program basenames of the earlier stages of the same pipeline, in order (`curl x | sh`). */
  pipedFrom?: string[];
  /**
   * The folder the command runs in when an earlier `cd`/`pushd` of the same list moved there,
   * as written and relative to the event's working folder (`build`, `/tmp`, `~`, `$DIR`).
   */
  cwd?: string;
  /**
   * How the command was reached, outermost first: `"pipe"` (a stage of a pipeline),
   * `"subshell"`, `"$()"` (command substitution, `$(..)` or backticks), `"<()"` (process
   * substitution), `"bash -c"` (any shell's `-c` string, also `su -c`), `"eval"`, `"xargs"`,
   * `"find -exec"` (also `-execdir`, `-ok`), `"ssh"`, `"container"` (`docker exec`/`run`,
   * `kubectl exec -- CMD`), `"watch"`, `"env -S"`, `"heredoc"` (a
   * here-document or here-string run by a shell), `"stdin"` (text echoed into a shell),
   * `"powershell -c"` (a PowerShell `-Command` string) and `"code"` (a command that inline
   * interpreter code runs: `os.system("...")`, `execSync("...")`, `system("...")`).
   */
  via: string[];
  /** The source text of the simple command (best effort; relative to the nested string). */
  text: string;
}

/** What `parseShell` returns. */
export interface ParsedShell {
  /** Every simple command, flattened, in source order (an outer command before its nested ones). */
  commands: SimpleCommand[];
  /** Problems met while parsing; the commands are a best effort when this is not empty. */
  errors: string[];
}

/** Options of `parseShell`. */
export interface ParseOptions {
  /** How many levels of nested sources (`$()`, `bash -c`, `eval`, ...) to parse. Default 8. */
  maxDepth?: number;
}
