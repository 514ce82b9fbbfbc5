import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { PluginTester } from "@taskorch/mcp/testing";
import { stageAll } from "../../tests/fixtures/grader_cases.ts";
import grader from "./tests_ran.ts";

const CONFIG = fileURLToPath(new URL("../../deno.json", import.meta.url));
const staged = await stageAll();
const input = (file: string) => staged.find((s) => s.fixture.file === file)!.input;

const tests = {
  valid: [
    { name: "ran and passed after the edit", input: input("verified_by_running.jsonl") },
    { name: "failed, fixed, passed", input: input("failed_then_fixed.jsonl") },
    { name: "a docs edit after the tests", input: input("docs_edit_after_tests.jsonl") },
  ],
  invalid: [
    { name: "never ran", input: input("tests_never_ran.jsonl") },
    { name: "ran before the last edit", input: input("tests_before_edit.jsonl") },
    { name: "only a filtered run", input: input("tests_filtered.jsonl") },
    { name: "failed", input: input("tests_failed.jsonl") },
    { name: "a piped failure", input: input("tests_piped_failure.jsonl") },
  ],
};

new PluginTester(grader).run("tests-ran (in process, transcript fixtures)", tests);
new PluginTester(grader, {
  sandbox: true,
  module: new URL("./tests_ran.ts", import.meta.url),
  config: CONFIG,
}).run("tests-ran (sandboxed)", {
  valid: tests.valid.slice(0, 1),
  invalid: tests.invalid.slice(0, 2),
});

Deno.test("tests-ran: scores a stale run above a failed one; allowFiltered accepts a filtered run", async () => {
  const signal = new AbortController().signal;
  const grade = (file: string, allowFiltered = false) =>
    grader.grade(input(file), { options: { allowFiltered }, signal });
  assert.equal((await grade("tests_before_edit.jsonl")).score, 0.5);
  assert.equal((await grade("tests_failed.jsonl")).score, 0);
  assert.equal((await grade("tests_filtered.jsonl", true)).pass, true);
});
