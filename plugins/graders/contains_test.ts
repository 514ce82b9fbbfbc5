import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { PluginTester } from "@taskorch/mcp/testing";
import grader from "./contains.ts";

const CONFIG = fileURLToPath(new URL("../../deno.json", import.meta.url));

const tests = {
  valid: [
    { name: "the expected answer", input: { output: "The capital is Paris.", expected: "paris" } },
    {
      name: "all, any and none",
      input: "Deployed v2 to staging.",
      options: { all: ["deployed", "staging"], any: ["v1", "v2"], none: ["error"] },
    },
    {
      name: "whitespace runs compare equal",
      input: "exit  code\n0",
      options: { all: ["exit code 0"] },
    },
  ],
  invalid: [
    { name: "lacks the expected answer", input: { output: "It is Lyon.", expected: "Paris" } },
    { name: "lacks one of all", input: "deployed", options: { all: ["deployed", "staging"] } },
    { name: "none of any", input: "deployed", options: { any: ["v1", "v2"] } },
    { name: "a forbidden string", input: "Error: boom", options: { none: ["error"] } },
    {
      name: "case-sensitive",
      input: "paris",
      options: { all: ["Paris"], caseSensitive: true },
    },
  ],
  invalidOptions: [
    { name: "empty string", options: { all: [""] }, error: "all" },
    { name: "unknown option", options: { some: ["x"] } },
  ],
};

new PluginTester(grader).run("contains (in process)", tests);
new PluginTester(grader, {
  sandbox: true,
  module: new URL("./contains.ts", import.meta.url),
  config: CONFIG,
}).run("contains (sandboxed)", { valid: [tests.valid[0]], invalid: [tests.invalid[0]] });

Deno.test("contains: no options and no expected answer is an error, not a pass", () => {
  assert.throws(
    () =>
      grader.grade({ output: "x" }, {
        options: { caseSensitive: false },
        signal: new AbortController().signal,
      }),
    /expected answer/,
  );
});
