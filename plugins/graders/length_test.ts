import { fileURLToPath } from "node:url";
import { PluginTester } from "@taskorch/mcp/testing";
import grader from "./length.ts";

const CONFIG = fileURLToPath(new URL("../../deno.json", import.meta.url));

const tests = {
  valid: [
    { name: "any text by default", input: { output: "ok" } },
    { name: "a plain string", input: "fine" },
    { name: "within char bounds", input: "abc def", options: { minChars: 3, maxChars: 10 } },
    { name: "within word bounds", input: "one two three", options: { minWords: 2, maxWords: 3 } },
  ],
  invalid: [
    { name: "empty", input: { output: "" } },
    { name: "whitespace", input: " \n " },
    { name: "too long", input: "a".repeat(20), options: { maxChars: 10 } },
    { name: "too few words", input: "one", options: { minWords: 2 } },
    { name: "too many words", input: "a b c d", options: { maxWords: 3 } },
  ],
  invalidOptions: [
    { name: "negative", options: { maxChars: -1 }, error: "maxChars" },
    { name: "unknown option", options: { max: 3 }, error: "max" },
  ],
};

new PluginTester(grader).run("length (in process)", tests);
new PluginTester(grader, {
  sandbox: true,
  module: new URL("./length.ts", import.meta.url),
  config: CONFIG,
}).run("length (sandboxed)", {
  valid: tests.valid.slice(0, 2),
  invalid: tests.invalid.slice(0, 2),
});
