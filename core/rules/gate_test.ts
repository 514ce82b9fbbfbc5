import assert from "node:assert/strict";
import { passesGate, programGate } from "./gate.ts";
import type { RawMatch } from "./types.ts";

Deno.test("programGate reads the programs a tree needs, or none when it can match without", () => {
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
    ["any with a text branch: no gate", {
      any: [{ command: { program: "rm" } }, { regex: "rm -rf" }],
    }, undefined],
    ["a program glob: no gate", { command: { program: ["python*"] } }, undefined],
    ["a command without program: no gate", { command: { redirect: { op: [">"] } } }, undefined],
    ["not: no gate", { not: { command: { program: "rm" } } }, undefined],
    ["branches on different fields: no gate", {
      any: [{ command: { program: "rm" } }, {
        command: { program: "rm" },
        field: "tool_input.script",
      }],
    }, undefined],
  ];
  for (const [name, match, expected] of table) {
    const gate = programGate(match);
    assert.deepEqual(gate && [...gate.programs], expected, name);
  }
});

Deno.test("passesGate looks at every program of the parsed command line", () => {
  const gate = programGate({ command: { program: ["rm", "shred"] } })!;
  const context = (command: string) => ({
    event: { hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command } },
    places: { home: "/home/u", cwd: "/home/u/p" },
    cache: new Map(),
  });
  assert.ok(passesGate(gate, context("cd /tmp && sudo rm -rf x")));
  assert.ok(passesGate(gate, context("bash -c 'shred -u key.pem'")));
  assert.ok(passesGate(gate, context("rm.exe -r C:\\x")));
  assert.ok(!passesGate(gate, context("echo rm -rf / && git push")));
});
