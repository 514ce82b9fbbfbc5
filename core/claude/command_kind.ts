/**
 * Recognizes what a shell command is for: a test run (and whether it was narrowed to some
 * tests), a build, a lint, a type check. Works on the simple commands the shell parser
 * finds, so `cd app && npx jest -t login 2>&1 | tail` is a filtered jest run.
 *
 * @module
 */

import { parseShell, type SimpleCommand } from "../shell/parse.ts";

/** What a command checks. */
export type CheckKind = "test" | "build" | "lint" | "typecheck";

/** One recognized checking command. */
export interface CommandCheck {
  /** What it checks. */
  kind: CheckKind;
  /** The tool, e.g. `deno test`, `jest`, `pytest`, `npm run build`. */
  tool: string;
  /** For a test run: narrowed to some tests (`-t`, `-k`, `--filter`, a test file, `-run`). */
  filtered: boolean;
  /** What narrowed it, e.g. `-k login` or `tests/a_test.ts`. */
  filter?: string;
}

const SOURCE_FILE = /\.(?:[cm]?[jt]sx?|py|go|rs|rb|php|java|kt|cs|ex|exs|swift)(?::\d+)?$/;

/** Runners that start the program named by their next argument. */
const RUNNERS: Record<string, number> = { npx: 0, bunx: 0, pnpx: 0 };
const RUNNER_SUBS: Record<string, string[]> = {
  yarn: ["dlx", "exec"],
  pnpm: ["dlx", "exec"],
  npm: ["exec"],
  uv: ["run"],
  poetry: ["run"],
  pipenv: ["run"],
  bundle: ["exec"],
  hatch: ["run"],
  pdm: ["run"],
};

/** Strips runners (`npx jest` → `jest`, `python -m pytest` → `pytest`). */
function unwrap(program: string, args: string[]): [string, string[]] {
  for (let depth = 0; depth < 4; depth++) {
    const first = args.findIndex((a) => !a.startsWith("-"));
    if (program in RUNNERS && first !== -1) {
      [program, args] = [args[first], args.slice(first + 1)];
      continue;
    }
    if (RUNNER_SUBS[program]?.includes(args[0]) && args.length > 1) {
      const rest = args.slice(1);
      const at = rest.findIndex((a) => !a.startsWith("-"));
      if (at === -1) break;
      [program, args] = [rest[at], rest.slice(at + 1)];
      continue;
    }
    if (/^python[\d.]*$/.test(program) || program === "py") {
      const m = args.indexOf("-m");
      if (m !== -1 && args[m + 1]) {
        [program, args] = [args[m + 1], args.slice(m + 2)];
        continue;
      }
    }
    break;
  }
  return [program.replace(/\.(?:cmd|exe)$/i, ""), args];
}

/** Positional arguments, skipping flags and the values of the flags listed. */
function positionals(args: string[], valued: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--") continue;
    if (arg.startsWith("-")) {
      if (valued.includes(arg)) i++;
      continue;
    }
    out.push(arg);
  }
  return out;
}

/** The value of the first of `flags` (`-k x`, `-k=x`, `--filter=x`), if any. */
function flagValue(args: string[], flags: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    for (const flag of flags) {
      if (args[i] === flag) return args[i + 1] ?? "";
      if (args[i].startsWith(flag + "=")) return args[i].slice(flag.length + 1);
      if (
        flag.length === 2 && !flag.startsWith("--") && args[i].startsWith(flag) && flag !== "-D"
      ) {
        // `-kname` (pytest) but not `-k=`; only single-letter flags glue their value.
        if (args[i].length > 2 && args[i][2] !== "=") return args[i].slice(2);
      }
    }
  }
  return undefined;
}

function test(tool: string, filter?: string): CommandCheck {
  return filter === undefined
    ? { kind: "test", tool, filtered: false }
    : { kind: "test", tool, filtered: true, filter };
}

/** A test file or `file::test` among positionals narrows a run. */
function fileFilter(pos: string[]): string | undefined {
  return pos.find((p) => SOURCE_FILE.test(p) || p.includes("::"));
}

/** Classifies a script name (`npm run X`, `deno task X`, `make X`). */
function scriptKinds(tool: string, script: string, extra: string[]): CommandCheck[] {
  const name = script.toLowerCase();
  const out: CommandCheck[] = [];
  if (/(?:^|[:_-])(?:test|tests|spec|e2e|unit)(?:$|[:_-])/.test(name) || name === "t") {
    const filter = extra.length > 0 ? extra.join(" ") : undefined;
    const narrowed = /[:_-](?:unit|e2e|integration|only|watch)$/.test(name) ? script : undefined;
    out.push(test(`${tool} ${script}`, filter ?? narrowed));
  }
  if (/(?:^|[:_-])(?:build|compile|bundle|dist)(?:$|[:_-])/.test(name)) {
    out.push({ kind: "build", tool: `${tool} ${script}`, filtered: false });
  }
  if (/(?:^|[:_-])(?:lint|check|ci|verify|validate)(?:$|[:_-])/.test(name)) {
    out.push({ kind: "lint", tool: `${tool} ${script}`, filtered: false });
  }
  if (/(?:^|[:_-])(?:typecheck|type-check|types|tsc|check|ci|verify)(?:$|[:_-])/.test(name)) {
    out.push({ kind: "typecheck", tool: `${tool} ${script}`, filtered: false });
  }
  return out;
}

/** Classifies one simple command; empty when it checks nothing. */
export function classifySimple(command: SimpleCommand): CommandCheck[] {
  const [program, args] = unwrap(command.program, command.args);
  const sub = args[0];
  const rest = args.slice(1);
  switch (program) {
    case "deno":
      if (sub === "test") {
        const filter = flagValue(rest, ["--filter"]);
        const pos = positionals(rest, [
          "--filter",
          "--config",
          "-c",
          "--reporter",
          "--import-map",
          "--lock",
          "--location",
          "--seed",
          "--junit-path",
          "--env-file",
        ]);
        const file = pos.find((p) => p !== "." && p !== "./" && SOURCE_FILE.test(p));
        return [test("deno test", filter !== undefined ? `--filter ${filter}` : file)];
      }
      if (sub === "task" && args[1]) return scriptKinds("deno task", args[1], args.slice(2));
      if (sub === "check") return [{ kind: "typecheck", tool: "deno check", filtered: false }];
      if (sub === "lint") return [{ kind: "lint", tool: "deno lint", filtered: false }];
      if (sub === "compile" || sub === "bundle") {
        return [{ kind: "build", tool: `deno ${sub}`, filtered: false }];
      }
      return [];
    case "npm":
    case "pnpm":
    case "yarn":
    case "bun": {
      if (sub === "test" || sub === "t" || (sub === "run" && args[1] === "test")) {
        const after = args.slice(sub === "run" ? 2 : 1).filter((a) => a !== "--");
        if (program === "bun" && sub === "test") {
          const filter = flagValue(after, ["-t", "--test-name-pattern"]) ??
            fileFilter(positionals(after, ["-t", "--test-name-pattern", "--timeout"]));
          return [test("bun test", filter)];
        }
        const filter = flagValue(after, ["-t", "--testNamePattern", "--grep", "-g"]) ??
          fileFilter(positionals(after, ["-t", "--testNamePattern", "--grep", "-g"]));
        return [test(`${program} test`, filter)];
      }
      if (sub === "run" && args[1]) {
        return scriptKinds(`${program} run`, args[1], args.slice(2).filter((a) => a !== "--"));
      }
      if ((program === "yarn" || program === "pnpm") && sub && !sub.startsWith("-")) {
        return scriptKinds(program, sub, rest.filter((a) => a !== "--"));
      }
      if (program === "bun" && sub === "build") {
        return [{ kind: "build", tool: "bun build", filtered: false }];
      }
      return [];
    }
    case "jest":
    case "vitest":
    case "mocha":
    case "ava":
    case "jasmine":
    case "playwright":
    case "cypress": {
      if (program === "playwright" && sub !== "test") return [];
      if (program === "cypress" && sub !== "run") return [];
      const valued = ["-t", "--testNamePattern", "--grep", "-g", "--config", "-c", "--project"];
      const filter = flagValue(args, ["-t", "--testNamePattern", "--grep", "-g", "--spec"]) ??
        fileFilter(positionals(args, valued).filter((p) => !["run", "test"].includes(p)));
      return [test(program, filter)];
    }
    case "pytest":
    case "py.test": {
      const filter = flagValue(args, ["-k", "-m"]) ??
        fileFilter(positionals(args, ["-k", "-m", "-c", "-p", "--rootdir", "-n", "--maxfail"]));
      return [test("pytest", filter)];
    }
    case "unittest": {
      const pos = positionals(args, ["-k", "-p", "-s", "-t"]);
      const filter = flagValue(args, ["-k"]) ?? pos.find((p) => p !== "discover");
      return [test("python -m unittest", filter)];
    }
    case "tox":
    case "nox":
      return [test(program, flagValue(args, ["-e", "-s", "-k"]))];
    case "go":
      if (sub === "test") return [test("go test", flagValue(rest, ["-run"]))];
      if (sub === "build") return [{ kind: "build", tool: "go build", filtered: false }];
      if (sub === "vet") return [{ kind: "lint", tool: "go vet", filtered: false }];
      return [];
    case "cargo":
      if (sub === "test" || sub === "nextest") {
        const after = sub === "nextest" ? args.slice(2) : rest;
        const cut = after.indexOf("--");
        const pos = positionals(cut === -1 ? after : after.slice(0, cut), [
          "-p",
          "--package",
          "--features",
          "--target",
          "--manifest-path",
          "-j",
        ]);
        const filter = flagValue(after, ["--test"]) ?? pos[0];
        return [test("cargo test", filter)];
      }
      if (sub === "build") return [{ kind: "build", tool: "cargo build", filtered: false }];
      if (sub === "check") return [{ kind: "typecheck", tool: "cargo check", filtered: false }];
      if (sub === "clippy") return [{ kind: "lint", tool: "cargo clippy", filtered: false }];
      return [];
    case "mvn":
    case "mvnw":
    case "gradle":
    case "gradlew": {
      const tool = program.replace(/w$/, "");
      const goals = args.filter((a) => !a.startsWith("-"));
      const out: CommandCheck[] = [];
      if (goals.some((g) => /(?:^|:)(?:test|check|verify)$/.test(g))) {
        const filter = flagValue(args, ["--tests"]) ??
          args.find((a) => a.startsWith("-Dtest="))?.slice(7);
        out.push(test(`${tool} test`, filter));
      }
      if (goals.some((g) => /(?:^|:)(?:build|package|compile|assemble|install)$/.test(g))) {
        out.push({ kind: "build", tool: `${tool} build`, filtered: false });
      }
      return out;
    }
    case "rspec":
      return [test("rspec", flagValue(args, ["-e", "--example"]) ?? fileFilter(args))];
    case "rake":
      return sub === "test" || sub === "spec" ? [test("rake test")] : [];
    case "phpunit":
    case "pest":
      return [test(program, flagValue(args, ["--filter"]) ?? fileFilter(positionals(args, [])))];
    case "dotnet":
      if (sub === "test") return [test("dotnet test", flagValue(rest, ["--filter"]))];
      if (sub === "build") return [{ kind: "build", tool: "dotnet build", filtered: false }];
      return [];
    case "mix":
      return sub === "test" ? [test("mix test", fileFilter(rest))] : [];
    case "swift":
      return sub === "test" ? [test("swift test", flagValue(rest, ["--filter"]))] : [];
    case "make":
    case "just":
    case "task": {
      const targets = positionals(args, ["-C", "-f", "-j"]).filter((a) => !a.includes("="));
      if (targets.length === 0) {
        return program === "make" ? [{ kind: "build", tool: "make", filtered: false }] : [];
      }
      return targets.flatMap((t) => scriptKinds(program, t, []));
    }
    case "tsc":
    case "vue-tsc":
      return args.includes("--noEmit") ? [{ kind: "typecheck", tool: program, filtered: false }] : [
        { kind: "typecheck", tool: program, filtered: false },
        { kind: "build", tool: program, filtered: false },
      ];
    case "mypy":
    case "pyright":
    case "basedpyright":
    case "flow":
      return [{ kind: "typecheck", tool: program, filtered: false }];
    case "eslint":
    case "ruff":
    case "flake8":
    case "pylint":
    case "golangci-lint":
    case "biome":
    case "oxlint":
    case "rubocop":
    case "stylelint":
    case "shellcheck":
    case "clippy-driver":
      return [{ kind: "lint", tool: program, filtered: false }];
    case "webpack":
    case "vite":
    case "rollup":
    case "esbuild":
    case "next":
    case "cmake":
    case "ninja":
    case "bazel":
      if (program === "vite" && sub !== "build") return [];
      if (program === "next" && sub !== "build") return [];
      if (program === "bazel" && sub === "test") return [test("bazel test")];
      return [{ kind: "build", tool: program, filtered: false }];
  }
  // A script named for tests: ./run_tests.sh, scripts/test.sh, .ci/run-tests.
  const base = command.path.split("/").pop() ?? "";
  if (command.path.includes("/") && /(?:^|[_-])tests?(?:[_.-]|$)/.test(base)) {
    return [test(base, fileFilter(args))];
  }
  return [];
}

/**
 * Classifies a shell command line: every checking command it runs, in order.
 *
 * @example
 * ```ts
 * import { classifyCommand } from "./command_kind.ts";
 * const [check] = classifyCommand("cd app && npx jest -t login 2>&1 | tail -20");
 * console.assert(check.kind === "test" && check.filtered && check.filter === "login");
 * console.assert(classifyCommand("ls -la").length === 0);
 * ```
 */
export function classifyCommand(line: string): CommandCheck[] {
  return parseShell(line).commands.flatMap(classifySimple);
}
