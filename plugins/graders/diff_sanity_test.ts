import { fileURLToPath } from "node:url";
import { PluginTester } from "@taskorch/mcp/testing";
import grader from "./diff_sanity.ts";

const CONFIG = fileURLToPath(new URL("../../deno.json", import.meta.url));
const diff = (path: string, removed: string[], added: string[], context = ["  // ctx"]) =>
  [
    `diff --git a/${path} b/${path}`,
    `--- a/${path}`,
    `+++ b/${path}`,
    `@@ -1,${removed.length + context.length} +1,${added.length + context.length} @@`,
    ...context.map((l) => ` ${l}`),
    ...removed.map((l) => `-${l}`),
    ...added.map((l) => `+${l}`),
  ].join("\n") + "\n";

const tests = {
  valid: [
    { name: "no diff", input: "I changed nothing." },
    { name: "a code change", input: diff("src/a.ts", ["return a + b;"], ["return a - b;"]) },
    {
      name: "a test added",
      input: diff("src/a_test.ts", [], [
        'Deno.test("subtracts", () => {',
        "  assertEquals(sub(3, 1), 2);",
        "});",
      ]),
    },
    {
      name: "an assertion changed, not removed",
      input: diff("tests/a.test.js", ["expect(add(1, 2)).toBe(3);"], [
        "expect(add(1, 2)).toEqual(3);",
      ]),
    },
    {
      name: "a fenced diff",
      input: "Patch:\n```diff\n" + diff("src/a.ts", ["x"], ["y"]) + "```\n",
    },
    {
      name: "a non-test file deleted",
      input:
        "diff --git a/old.js b/old.js\ndeleted file mode 100644\n--- a/old.js\n+++ /dev/null\n@@ -1 +0,0 @@\n-module.exports = 1;\n",
    },
  ],
  invalid: [
    {
      name: "a test file deleted",
      input:
        "diff --git a/src/a_test.ts b/src/a_test.ts\ndeleted file mode 100644\n--- a/src/a_test.ts\n+++ /dev/null\n@@ -1,3 +0,0 @@\n-Deno.test('x', () => {\n-  assert(ok());\n-});\n",
    },
    {
      name: ".skip added",
      input: diff("a.test.ts", ["it('adds', () => {"], ["it.skip('adds', () => {"]),
    },
    {
      name: ".only added",
      input: diff("a.test.ts", ["test('adds', () => {"], ["test.only('adds', () => {"]),
    },
    { name: "xit", input: diff("a.spec.js", ["it('x', f);"], ["xit('x', f);"]) },
    {
      name: "pytest skip",
      input: diff("tests/test_a.py", [], ["@pytest.mark.skip(reason='flaky')"], [
        "def test_a():",
      ]),
    },
    {
      name: "an assertion weakened to assert(true)",
      input: diff("src/a_test.ts", ["  assertEquals(add(1, 2), 3);"], ["  assert(true);"]),
    },
    {
      name: "an expectation deleted",
      input: diff("src/a.test.ts", ["  expect(x).toBe(1);"], []),
    },
    {
      name: "a test case removed",
      input: diff("test/a_test.go", ["func TestAdd(t *testing.T) {", "}"], []),
    },
    {
      name: "Deno.test ignore",
      input: diff("a_test.ts", ['Deno.test("x", fn);'], [
        'Deno.test({ name: "x", ignore: true, fn });',
      ]),
    },
    {
      name: "assertEquals(x, x)",
      input: diff("a_test.ts", ["assertEquals(result, 3);"], ["assertEquals(result, result);"]),
    },
  ],
};

new PluginTester(grader).run("diff-sanity (in process)", tests);
new PluginTester(grader, {
  sandbox: true,
  module: new URL("./diff_sanity.ts", import.meta.url),
  config: CONFIG,
}).run("diff-sanity (sandboxed)", {
  valid: tests.valid.slice(0, 2),
  invalid: tests.invalid.slice(0, 2),
});
