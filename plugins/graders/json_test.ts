import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { PluginTester } from "@taskorch/mcp/testing";
import grader from "./json.ts";

const CONFIG = fileURLToPath(new URL("../../deno.json", import.meta.url));
const schema = {
  type: "object",
  required: ["status", "files"],
  properties: {
    status: { enum: ["ok", "failed"] },
    files: { type: "array", items: { type: "string" } },
  },
};

const tests = {
  valid: [
    { name: "an object", input: { output: '{"a": 1}' } },
    { name: "an array with spaces", input: "  [1, 2]\n" },
    { name: "a fenced json block", input: 'Here it is:\n```json\n{"ok": true}\n```\n' },
    {
      name: "conforms to the schema",
      input: '{"status": "ok", "files": ["a.ts"]}',
      options: { schema },
    },
  ],
  invalid: [
    { name: "prose", input: "The answer is 42." },
    { name: "a trailing comma", input: '{"a": 1,}' },
    { name: "truncated", input: '{"a": [1, 2' },
    { name: "missing a required field", input: '{"status": "ok"}', options: { schema } },
    {
      name: "wrong enum and item type",
      input: '{"status": "done", "files": [1]}',
      options: { schema },
    },
  ],
  invalidOptions: [
    { name: "schema not an object", options: { schema: "object" }, error: "schema" },
  ],
};

new PluginTester(grader).run("json (in process)", tests);
new PluginTester(grader, {
  sandbox: true,
  module: new URL("./json.ts", import.meta.url),
  config: CONFIG,
}).run("json (sandboxed)", {
  valid: [tests.valid[3]],
  invalid: [tests.invalid[0], tests.invalid[3]],
});

Deno.test("json: schema errors are listed in the evidence", async () => {
  const result = await grader.grade({ output: '{"status": "done", "files": [1]}' }, {
    options: { schema },
    signal: new AbortController().signal,
  });
  assert.equal(result.score, 0.5);
  assert.ok(result.evidence!.some((e) => e.includes("/status")), String(result.evidence));
  assert.ok(result.evidence!.some((e) => e.includes("/files/0")), String(result.evidence));
});
