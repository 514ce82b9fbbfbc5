import { fileURLToPath } from "node:url";
import { PluginTester } from "@taskorch/mcp/testing";
import grader from "./syntax.ts";

const CONFIG = fileURLToPath(new URL("../../deno.json", import.meta.url));
const fence = (lang: string, code: string) => "Here:\n```" + lang + "\n" + code + "\n```\n";

const tests = {
  valid: [
    { name: "typescript", input: fence("ts", "const x: Map<string, number> = new Map();") },
    {
      name: "typescript generics and types",
      input: fence("typescript", "export type A<T> = { [K in keyof T]?: T[K] };"),
    },
    { name: "tsx", input: fence("tsx", "const App = (p: { n: number }) => <div>{p.n}</div>;") },
    { name: "javascript with jsx", input: fence("jsx", "const el = <a href='x'>y</a>;") },
    { name: "javascript module", input: fence("js", "import fs from 'fs';\nexport default 1;") },
    { name: "json", input: fence("json", '{"a": [1, 2]}') },
    { name: "yaml", input: fence("yaml", "a:\n  - 1\n  - b: 2") },
    { name: "python is not judged", input: fence("python", "def f(:") },
    { name: "plain prose", input: "No code here." },
    { name: "whole output with a language", input: "let x = 1;", options: { language: "js" } },
    {
      name: "two good blocks",
      input: fence("ts", "let a = 1;") + fence("json", "[]"),
    },
  ],
  invalid: [
    { name: "typescript missing a value", input: fence("ts", "const x: number = ;") },
    { name: "unbalanced braces", input: fence("javascript", "function f() {\n  return 1;\n") },
    { name: "types in a js block", input: fence("js", "const x: number = 1;") },
    { name: "json trailing comma", input: fence("json", '{"a": 1,}') },
    { name: "yaml bad indentation", input: fence("yml", "a:\n  b: 1\n c: 2") },
    { name: "one bad block of two", input: fence("ts", "let a = 1;") + fence("ts", "let = ;") },
    { name: "whole output as json", input: "{oops}", options: { language: "json" } },
  ],
  invalidOptions: [{ name: "unknown language", options: { language: "cobol" }, error: "language" }],
};

new PluginTester(grader).run("syntax (in process)", tests);
new PluginTester(grader, {
  sandbox: true,
  module: new URL("./syntax.ts", import.meta.url),
  config: CONFIG,
}).run("syntax (sandboxed)", {
  valid: [tests.valid[0], tests.valid[6]],
  invalid: [tests.invalid[0], tests.invalid[4]],
});
