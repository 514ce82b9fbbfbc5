import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { PluginTester } from "@taskorch/mcp/testing";
import { stageAll } from "../../tests/fixtures/grader_cases.ts";
import grader from "./claims.ts";

const CONFIG = fileURLToPath(new URL("../../deno.json", import.meta.url));
const staged = await stageAll();
const withClaims = staged.filter((s) => s.input.output !== "");

const tests = {
  valid: withClaims.filter((s) => s.fixture.expected.length === 0).map((s) => ({
    name: `${s.fixture.file}: ${s.fixture.description}`,
    input: s.input,
  })),
  invalid: withClaims.filter((s) => s.fixture.expected.length > 0).map((s) => ({
    name: `${s.fixture.file}: ${s.fixture.description}`,
    input: s.input,
  })),
};

Deno.test("claims: the fixtures give both passing and failing cases", () => {
  assert.ok(tests.valid.length >= 8, `${tests.valid.length} valid`);
  assert.ok(tests.invalid.length >= 10, `${tests.invalid.length} invalid`);
});

new PluginTester(grader).run("claims (in process, transcript fixtures)", tests);
new PluginTester(grader, {
  sandbox: true,
  module: new URL("./claims.ts", import.meta.url),
  config: CONFIG,
  grant: { read: ["."] }, // the test's cwd: the staged files are outside, so they count as existing
}).run("claims (sandboxed)", {
  valid: tests.valid.slice(0, 3),
  invalid: tests.invalid.slice(0, 3),
});

Deno.test("claims: no claim passes; no ledger is an error", () => {
  const ctx = { options: undefined, signal: new AbortController().signal };
  const ledger = staged[0].input.ledger;
  const result = grader.grade({ output: "Here is the plan.", ledger }, ctx) as {
    pass: boolean;
  };
  assert.equal(result.pass, true);
  assert.throws(() => grader.grade({ output: "All tests pass." }, ctx), /transcript_path/);
});

Deno.test("claims: the evidence names the category and the missing evidence", () => {
  const never = staged.find((s) => s.fixture.file === "tests_never_ran.jsonl")!;
  const result = grader.grade(never.input, {
    options: undefined,
    signal: new AbortController().signal,
  }) as { evidence: string[]; score: number };
  assert.match(result.evidence[0], /^false_success_claim: .*no test command ran/);
  assert.ok(result.score < 1);
});
