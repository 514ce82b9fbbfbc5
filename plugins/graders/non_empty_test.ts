import { fileURLToPath } from "node:url";
import { PluginTester } from "@taskorch/mcp/testing";
import grader from "./non_empty.ts";

const CONFIG = fileURLToPath(new URL("../../deno.json", import.meta.url));

const tests = {
  valid: [
    { name: "some text", input: "done: 3 files changed" },
    { name: "an output field", input: { output: "ok" } },
    { name: "long enough", input: "a b c", options: { minChars: 3 } },
  ],
  invalid: [
    { name: "empty", input: "" },
    { name: "whitespace only", input: " \n\t " },
    { name: "no output field", input: { result: "x" } },
    { name: "too short", input: "ab", options: { minChars: 3 } },
  ],
  invalidOptions: [
    { name: "zero", options: { minChars: 0 }, error: "minChars" },
    { name: "not a number", options: { minChars: "1" }, error: "minChars" },
  ],
};

new PluginTester(grader).run("non-empty (in process)", tests);
new PluginTester(grader, {
  sandbox: true,
  module: new URL("./non_empty.ts", import.meta.url),
  config: CONFIG,
}).run("non-empty (sandboxed)", { valid: tests.valid, invalid: tests.invalid });
