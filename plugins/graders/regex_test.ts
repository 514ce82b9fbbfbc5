import { fileURLToPath } from "node:url";
import { PluginTester } from "@taskorch/mcp/testing";
import grader from "./regex.ts";

const CONFIG = fileURLToPath(new URL("../../deno.json", import.meta.url));

const tests = {
  valid: [
    { name: "matches", input: "Result: 42", options: { pattern: "Result: \\d+" } },
    { name: "case-insensitive", input: "DONE", options: { pattern: "done", flags: "i" } },
    {
      name: "must not match, does not",
      input: "all good",
      options: { pattern: "TODO|FIXME", mustMatch: false },
    },
  ],
  invalid: [
    { name: "no match", input: "Result: none", options: { pattern: "Result: \\d+" } },
    { name: "case matters", input: "DONE", options: { pattern: "done" } },
    {
      name: "must not match, does",
      input: "// TODO: finish",
      options: { pattern: "TODO|FIXME", mustMatch: false },
    },
  ],
  invalidOptions: [
    { name: "no pattern", options: {}, error: "pattern" },
    { name: "a broken pattern", options: { pattern: "(" }, error: "regular expression" },
    { name: "bad flags", options: { pattern: "a", flags: "q" }, error: "flags" },
  ],
};

new PluginTester(grader).run("regex (in process)", tests);
new PluginTester(grader, {
  sandbox: true,
  module: new URL("./regex.ts", import.meta.url),
  config: CONFIG,
  options: { pattern: "Result: \\d+" },
}).run("regex (sandboxed)", {
  valid: [{ name: "matches", input: "Result: 7" }],
  invalid: [{ name: "no match", input: "nothing" }],
});
