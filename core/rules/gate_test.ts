import assert from "node:assert/strict";
import { commandGate, passesGate } from "./gate.ts";
import type { RawMatch } from "./types.ts";

Deno.test("commandGate reads what a tree needs on the command line, or nothing", () => {
  const show = (match: RawMatch) => {
    const gate = commandGate(match);
    if (!gate) return undefined;
    const needs = [...gate.programs, ...gate.globs.map((g) => g.source)];
    for (const kind of ["redirects", "inline", "piped", "stdinRunners"] as const) {
      if (gate[kind]) needs.push(kind);
    }
    return needs;
  };
  const table: [string, RawMatch, string[] | undefined][] = [
    ["one command", { command: { program: "rm" } }, ["rm"]],
    ["any of commands: the union", {
      any: [{ command: { program: ["rm", "unlink"] } }, { command: { program: "shred" } }],
    }, ["rm", "unlink", "shred"]],
    ["all: the narrowest part", {
      all: [{ command: { program: ["cp", "mv", "rsync"] } }, { command: { program: "curl" } }],
    }, ["curl"]],
    ["all with a text part keeps the command's gate", {
      all: [{ regex: "x" }, { command: { program: "git" } }],
    }, ["git"]],
    ["a program glob", { command: { program: ["python*"] } }, ["^python[^/]*$"]],
    ["a redirect test", { command: { redirect: { op: [">"] } } }, ["redirects"]],
    ["programs or a redirect", {
      any: [{ command: { program: "dd" } }, { command: { redirect: { op: [">"] } } }],
    }, ["dd", "redirects"]],
    ["inline code, a pipe, a program reading its input", {
      any: [
        { command: { language: "python" } },
        { command: { piped_from: "curl" } },
        { command: { runs_stdin: true } },
      ],
    }, ["inline", "piped", "stdinRunners"]],
    ["any with a text branch: nothing", {
      any: [{ command: { program: "rm" } }, { regex: "rm -rf" }],
    }, undefined],
    ["a command test on every command: nothing", { command: { argv: { regex: "x" } } }, undefined],
    ["runs_stdin: false needs nothing", { command: { runs_stdin: false } }, undefined],
    ["not: nothing", { not: { command: { program: "rm" } } }, undefined],
    ["branches on different fields: nothing", {
      any: [{ command: { program: "rm" } }, {
        command: { program: "rm" },
        field: "tool_input.script",
      }],
    }, undefined],
  ];
  for (const [name, match, expected] of table) assert.deepEqual(show(match), expected, name);
});

Deno.test("passesGate looks at every program of the parsed command line", () => {
  const gate = commandGate({
    any: [{ command: { program: ["rm", "shred"] } }, { command: { redirect: {} } }],
  })!;
  const context = (command: string) => ({
    event: { hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command } },
    places: { home: "/home/u", cwd: "/home/u/p" },
    cache: new Map(),
  });
  assert.ok(passesGate(gate, context("cd /tmp && sudo rm -rf x")));
  assert.ok(passesGate(gate, context("bash -c 'shred -u key.pem'")));
  assert.ok(passesGate(gate, context("rm.exe -r C:\\x")));
  assert.ok(passesGate(gate, context("echo hi > /etc/motd")));
  assert.ok(!passesGate(gate, context("echo rm -rf / && git push")));
});
