/**
 * Compiles a match tree (`all` / `any` / `not` over leaf matchers) into one function.
 * Checks what the JSON Schema cannot: exactly one matcher per node, known fields, regexes
 * that compile, known places. Problems are reported through `fail` with the YAML path of
 * the offending node, so the loader can name line and column.
 *
 * @module
 */

import { errorMessage } from "../errors.ts";
import { isKnownField } from "./fields.ts";
import {
  type ArgPosition,
  commandMatcher,
  type CommandTest,
  type StdinSource,
} from "./matchers/command.ts";
import { offtopicLineMatcher } from "./matchers/offtopic_line.ts";
import { pathMatcher, type PathTest } from "./matchers/path.ts";
import { pluginMatcher } from "./matchers/plugin.ts";
import {
  containsMatcher,
  equalsMatcher,
  existsMatcher,
  regexMatcher,
  wordsMatcher,
} from "./matchers/text.ts";
import { type Place, PLACES } from "./places.ts";
import type { Captures, Matcher, RawCommand, RawMatch, RawPath } from "./types.ts";

/** A path into the YAML document, e.g. `["rules", 3, "match", "any", 0]`. */
export type YamlPath = (string | number)[];

/** Reports a problem at a YAML path; never returns. */
export type Fail = (path: YamlPath, message: string) => never;

const KINDS = [
  "all",
  "any",
  "not",
  "regex",
  "contains",
  "words",
  "equals",
  "exists",
  "command",
  "path",
  "offtopic_line",
  "plugin",
] as const;

const list = <T>(value: T | T[] | undefined): T[] | undefined =>
  value === undefined ? undefined : Array.isArray(value) ? value : [value];

/** What a sub-tree reads by default: top level reads event fields, sub-trees their local. */
export interface Scope {
  /** Default field for text matchers. */
  text: string;
  /** Default field for path matchers. */
  path: string;
  /** Default field for command matchers. */
  command: string;
  /** Local fields a parent provides (`arg`, `argv`, `code`, `target`). */
  locals: string[];
}

/** The top-level scope. */
export const TOP: Scope = { text: "text", path: "file_path", command: "command", locals: [] };

function local(name: string): Scope {
  return { text: name, path: name, command: name, locals: [name] };
}

function places(
  value: string | string[] | undefined,
  at: YamlPath,
  fail: Fail,
): Place[] | undefined {
  const items = list(value);
  for (const item of items ?? []) {
    if (!(PLACES as readonly string[]).includes(item)) {
      fail(at, `"${item}" is not a place; use one of ${PLACES.join(", ")}`);
    }
  }
  return items as Place[] | undefined;
}

function compileCommand(raw: RawCommand, at: YamlPath, fail: Fail): CommandTest {
  const flagGroups = (items: string[] | undefined) => items?.map((item) => item.split("|"));
  for (const kind of ["all", "any", "none"] as const) {
    for (const [i, item] of (raw.flags?.[kind] ?? []).entries()) {
      for (const spec of item.split("|")) {
        if (!/^--?[A-Za-z0-9][\w-]*$/.test(spec)) {
          fail(
            [...at, "flags", kind, i],
            `"${spec}" is not a flag spelling like -r or --recursive`,
          );
        }
      }
    }
  }
  const stdin = list(raw.stdin);
  for (const [i, item] of (stdin ?? []).entries()) {
    if (!["terminal", "pipe", "heredoc", "file"].includes(item)) {
      fail(
        [...at, "stdin", ...(Array.isArray(raw.stdin) ? [i] : [])],
        `"${item}" is not a standard input source; use terminal, pipe, heredoc or file`,
      );
    }
  }
  if (
    raw.arg_position !== undefined &&
    !["all", "first", "last", "not_last"].includes(raw.arg_position)
  ) {
    fail([...at, "arg_position"], `"arg_position" must be all, first, last or not_last`);
  }
  if (raw.arg_position !== undefined && raw.args === undefined) {
    fail([...at, "arg_position"], `"arg_position" chooses which arguments "args" tests; add args:`);
  }
  return {
    program: list(raw.program),
    notProgram: list(raw.not_program),
    subcommand: list(raw.subcommand),
    valued: raw.valued,
    flags: raw.flags && {
      all: flagGroups(raw.flags.all),
      any: flagGroups(raw.flags.any),
      none: flagGroups(raw.flags.none),
    },
    args: raw.args && compileMatch(raw.args, [...at, "args"], fail, local("arg")),
    argv: raw.argv && compileMatch(raw.argv, [...at, "argv"], fail, local("argv")),
    code: raw.code && compileMatch(raw.code, [...at, "code"], fail, local("code")),
    language: list(raw.language),
    redirect: raw.redirect && {
      op: list(raw.redirect.op),
      target: raw.redirect.target &&
        compileMatch(raw.redirect.target, [...at, "redirect", "target"], fail, local("target")),
    },
    wrapper: list(raw.wrapper),
    pipedFrom: list(raw.piped_from),
    runsStdin: raw.runs_stdin,
    stdin: stdin as StdinSource[] | undefined,
    argPosition: raw.arg_position as ArgPosition | undefined,
    env: raw.env && compileMatch(raw.env, [...at, "env"], fail, local("env")),
    input: raw.input && compileMatch(raw.input, [...at, "input"], fail, local("input")),
  };
}

function compilePath(raw: RawPath, at: YamlPath, fail: Fail): PathTest {
  return {
    is: places(raw.is, [...at, "is"], fail),
    in: places(raw.in, [...at, "in"], fail),
    notIn: places(raw.not_in, [...at, "not_in"], fail),
    exists: raw.exists,
    glob: list(raw.glob),
  };
}

/**
 * Compiles one match node.
 *
 * @example
 * ```ts
 * import { compileMatch, TOP } from "./compile.ts";
 * const match = compileMatch({ regex: "rm\\s+-rf" }, [], (_, m) => { throw new Error(m); }, TOP);
 * const hit = match({
 *   event: { hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command: "rm -rf x" } },
 *   places: { home: "/home/u", cwd: "/home/u/p" },
 *   cache: new Map(),
 * });
 * console.assert(hit?.match === "rm -rf");
 * ```
 */
export function compileMatch(raw: RawMatch, at: YamlPath, fail: Fail, scope: Scope): Matcher {
  const kinds = KINDS.filter((k) => raw[k] !== undefined);
  if (kinds.length !== 1) {
    fail(
      at,
      kinds.length === 0
        ? `a match needs one of ${KINDS.join(", ")}`
        : `a match takes one matcher, found ${kinds.join(" and ")}; wrap them in all: or any:`,
    );
  }
  const kind = kinds[0];
  const field = raw.field;
  if (field !== undefined && !scope.locals.includes(field) && !isKnownField(field)) {
    fail(
      [...at, "field"],
      `unknown field "${field}"; use text, command, content, file_path, response, url or a path like tool_input.command`,
    );
  }
  if (field !== undefined && ["all", "any", "not"].includes(kind)) {
    fail([...at, "field"], `"field" goes on the matchers inside ${kind}:, not on ${kind}: itself`);
  }
  switch (kind) {
    case "all": {
      const parts = raw.all!.map((m, i) => compileMatch(m, [...at, "all", i], fail, scope));
      return (context) => {
        const captures: Captures = {};
        for (const part of parts) {
          const found = part(context);
          if (!found) return null;
          Object.assign(captures, found);
        }
        return captures;
      };
    }
    case "any": {
      const parts = raw.any!.map((m, i) => compileMatch(m, [...at, "any", i], fail, scope));
      return (context) => {
        for (const part of parts) {
          const found = part(context);
          if (found) return found;
        }
        return null;
      };
    }
    case "not": {
      const inner = compileMatch(raw.not!, [...at, "not"], fail, scope);
      return (context) => (inner(context) ? null : {});
    }
    case "regex":
      try {
        return regexMatcher(field ?? scope.text, raw.regex!, raw.flags ?? "", raw.min_entropy);
      } catch (error) {
        return fail([...at, "regex"], `the regex does not compile: ${errorMessage(error)}`);
      }
    case "contains":
      return containsMatcher(field ?? scope.text, list(raw.contains)!, raw.case_sensitive ?? false);
    case "words":
      return wordsMatcher(field ?? scope.text, list(raw.words)!, raw.case_sensitive ?? false);
    case "equals":
      return equalsMatcher(field ?? scope.text, list(raw.equals)!);
    case "exists":
      return existsMatcher(field ?? scope.text, raw.exists!);
    case "command":
      return commandMatcher(
        field ?? scope.command,
        compileCommand(raw.command!, [...at, "command"], fail),
      );
    case "path":
      return pathMatcher(field ?? scope.path, compilePath(raw.path!, [...at, "path"], fail));
    case "offtopic_line": {
      const o = raw.offtopic_line!;
      try {
        return offtopicLineMatcher(field ?? scope.text, {
          line: o.line,
          flags: o.flags,
          minWords: o.min_words,
          maxShared: o.max_shared,
          minContext: o.min_context,
          maxCandidates: o.max_candidates,
          maxSentences: o.max_sentences,
        });
      } catch (error) {
        return fail(
          [...at, "offtopic_line", "line"],
          `the regex does not compile: ${errorMessage(error)}`,
        );
      }
    }
    case "plugin": {
      const name = raw.plugin!;
      if (typeof name !== "string" || !/^[\w@][\w@/.:-]*$/.test(name)) {
        fail([...at, "plugin"], `"plugin" must name a configured plugin, like packages`);
      }
      const options = raw.options;
      if (
        options !== undefined &&
        (typeof options !== "object" || options === null || Array.isArray(options))
      ) {
        fail([...at, "options"], `"options" must be a mapping of the plugin's options`);
      }
      if (field !== undefined) {
        fail([...at, "field"], `a plugin reads the whole event; "field" does not apply`);
      }
      return pluginMatcher(name, options);
    }
  }
  return fail(at, "unreachable");
}
