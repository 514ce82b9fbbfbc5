import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import type { PluginConfig } from "../config.ts";
import { stageAll } from "../../tests/fixtures/grader_cases.ts";
import { defaultGradersConfig, type GradersConfig } from "./config.ts";
import { gradeOutput, type HostGrader } from "./grade.ts";
import { createGraderPool } from "./pool.ts";

const HOSTILE = fileURLToPath(
  new URL("../../tests/fixtures/plugins/hostile_grader.ts", import.meta.url),
);
const hostile: PluginConfig = {
  name: "hostile",
  named: true,
  from: HOSTILE,
  grant: {},
  options: {},
  kind: "grader",
  timeoutMs: 1500,
  enabled: true,
  hook: false,
  at: { file: "test", line: 1, column: 1 },
};
const config = (over: Partial<GradersConfig> = {}): GradersConfig => ({
  ...defaultGradersConfig(),
  timeoutMs: 1500,
  ...over,
});

Deno.test("gradeOutput: built-in graders by name, each answering; the policy combines them", async () => {
  const pool = createGraderPool();
  try {
    const report = await gradeOutput(
      { output: '```json\n{"a": 1,}\n```', graders: ["non-empty", "json", "syntax"] },
      { pool, config: config() },
    );
    assert.deepEqual(report.graders.map((g) => [g.grader, g.status, g.pass]), [
      ["non-empty", "graded", true],
      ["json", "graded", false],
      ["syntax", "graded", false],
    ]);
    assert.equal(report.pass, false);
    assert.match(report.reason, /2 of 3 graders fail: json, syntax/);
    const any = await gradeOutput(
      { output: '```json\n{"a": 1,}\n```', graders: ["non-empty", "json"] },
      { pool, config: config({ policy: "any" }) },
    );
    assert.equal(any.pass, true);
    assert.equal(pool.size, 3, "each grader started once and kept alive");
  } finally {
    await pool.close();
  }
});

Deno.test("gradeOutput: a per-grader threshold decides pass from the score", async () => {
  const pool = createGraderPool();
  try {
    const request = { output: '{"a": 1}', graders: ["json"] };
    const strict = await gradeOutput(request, { pool, config: config() });
    assert.equal(strict.pass, true);
    const shortText = await gradeOutput(
      { output: "ab", graders: ["length"] },
      {
        pool,
        config: config({ thresholds: { length: 0.5 }, options: { length: { minChars: 3 } } }),
      },
    );
    assert.equal(shortText.graders[0].score.toFixed(2), "0.67");
    assert.equal(shortText.graders[0].pass, true, "0.67 ≥ threshold 0.5");
    assert.equal(shortText.graders[0].threshold, 0.5);
  } finally {
    await pool.close();
  }
});

Deno.test("gradeOutput: a grader that loops, exits, throws or answers garbage fails to grade and says so", async () => {
  const cases = [
    ["loop", /PLUGIN_TIMEOUT|did not answer/],
    ["exit", /PLUGIN_CRASHED|exit code 9/],
    ["throw", /grader bug/],
    ["bad", /score/],
  ] as const;
  for (const [output, pattern] of cases) {
    // A fresh pool per case: the sandbox marks a plugin broken after 3 failures in a row.
    const pool = createGraderPool();
    try {
      const report = await gradeOutput(
        { output, graders: ["hostile", "non-empty"] },
        { pool, config: config(), plugins: [hostile] },
      );
      const [bad, fine] = report.graders;
      assert.equal(bad.status, "error", output);
      assert.match(bad.reason, /failed to grade/);
      assert.match(bad.reason, pattern, `${output}: ${bad.reason}`);
      assert.equal(fine.status, "graded");
      assert.equal(report.pass, true, "on_error ignore: the other grader decides");
      assert.match(report.reducedAssurance!, /hostile failed to grade/);
      const strict = await gradeOutput(
        { output, graders: ["hostile", "non-empty"] },
        { pool, config: config({ onError: "fail" }), plugins: [hostile] },
      );
      assert.equal(strict.pass, false, `${output}: on_error fail`);
    } finally {
      await pool.close();
    }
  }
});

Deno.test("gradeOutput: claims and tests-ran read the transcript's ledger; without one they are skipped", async () => {
  const staged = await stageAll();
  const never = staged.find((s) => s.fixture.file === "tests_never_ran.jsonl")!.input;
  const verified = staged.find((s) => s.fixture.file === "verified_by_running.jsonl")!.input;
  const pool = createGraderPool();
  try {
    const failing = await gradeOutput(
      { output: never.output, transcript_path: never.transcript_path, cwd: never.cwd },
      { pool, config: config() },
    );
    const by = Object.fromEntries(failing.graders.map((g) => [g.grader, g]));
    assert.deepEqual(Object.keys(by), [
      "non-empty",
      "syntax",
      "paths-exist",
      "claims",
      "tests-ran",
    ]);
    assert.equal(by.claims.pass, false);
    assert.equal(by.claims.category, "false_success_claim");
    assert.equal(by["tests-ran"].pass, false);
    assert.equal(by["paths-exist"].pass, true, "src/auth.ts exists in the staged workspace");
    assert.equal(failing.pass, false);

    const passing = await gradeOutput(
      { output: verified.output, transcript_path: verified.transcript_path, cwd: verified.cwd },
      { pool, config: config() },
    );
    assert.equal(passing.pass, true, JSON.stringify(passing.graders));

    const none = await gradeOutput({ output: "All tests pass.", graders: ["claims"] }, {
      pool,
      config: config(),
    });
    assert.equal(none.graders[0].status, "skipped");
    assert.match(none.graders[0].reason, /transcript_path/);

    const unreadable = await gradeOutput(
      { output: "All tests pass.", graders: ["claims"], transcript_path: "/nonexistent/t.jsonl" },
      { pool, config: config() },
    );
    assert.equal(unreadable.graders[0].status, "error");
    assert.match(unreadable.graders[0].reason, /cannot read the transcript/);
  } finally {
    await pool.close();
  }
});

Deno.test("gradeOutput: an unknown grader is an input error naming the known ones", async () => {
  const pool = createGraderPool();
  await assert.rejects(
    gradeOutput({ output: "x", graders: ["nope"] }, { pool, config: config() }),
    /Unknown grader "nope". Known graders: non-empty, length, json/,
  );
  await pool.close();
});

Deno.test("gradeOutput: host graders run in process and can report reduced assurance", async () => {
  const judge: HostGrader = {
    name: "rubric",
    category: "other",
    needs: { task: true },
    grade: () =>
      Promise.resolve({
        pass: true,
        score: 0.9,
        reason: "fine",
        reducedAssurance: "the provider's breaker is open: deterministic tier only",
      }),
  };
  const pool = createGraderPool();
  const skipped = await gradeOutput({ output: "x", graders: ["rubric"] }, {
    pool,
    config: config(),
    hostGraders: { rubric: judge },
  });
  assert.equal(skipped.graders[0].status, "skipped");
  const report = await gradeOutput({ output: "x", task: "do x", graders: ["rubric"] }, {
    pool,
    config: config(),
    hostGraders: { rubric: judge },
  });
  assert.equal(report.pass, true);
  assert.match(report.reducedAssurance!, /breaker is open/);
  await pool.close();
});
