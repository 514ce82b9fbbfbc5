/**
 * The deterministic graders' quality where labels fit, and the cost of grading through the
 * sandbox pool.
 *
 * - `claims` and `tests-ran` on the labeled transcript fixtures (tests/fixtures/transcripts:
 *   each fixture says which claim checks must fire). `claims` fails a fixture that expects
 *   any claims finding; `tests-ran` is labeled fail when a test claim is expected to fail.
 *   These fixtures were written for the Stop hook's checks, so they are not held out.
 * - `claims` on the false-success-claim incidents of `../shared/bench-data/`
 *   (agent-incidents-wild: real reports, positives only, so recall only; no transcript
 *   exists for them, so the grader sees an empty ledger: this measures whether the claim is
 *   recognized as a success claim at all).
 * - Latency: one grade with 3 built-in graders through a fresh pool (cold: 3 sandbox starts
 *   in parallel), then the same grade again (warm: the pool's processes are reused).
 *
 * Run: ./tools/deno run -A bench/graders.ts [--data ../shared/bench-data]
 *
 * @module
 */

import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import claims from "../plugins/graders/claims.ts";
import testsRan from "../plugins/graders/tests_ran.ts";
import { stageAll } from "../tests/fixtures/grader_cases.ts";
import { defaultGradersConfig } from "../core/grading/config.ts";
import { gradeOutput } from "../core/grading/grade.ts";
import { createGraderPool } from "../core/grading/pool.ts";

const { values } = parseArgs({ options: { data: { type: "string" } } });
const DATA = values.data ??
  fileURLToPath(new URL("../../shared/bench-data/", import.meta.url));
const ctx = { options: { allowFiltered: false }, signal: new AbortController().signal };

function score(rows: { label: "fail" | "pass"; predicted: "fail" | "pass" }[]) {
  const tp = rows.filter((r) => r.label === "fail" && r.predicted === "fail").length;
  const fp = rows.filter((r) => r.label === "pass" && r.predicted === "fail").length;
  const fn = rows.filter((r) => r.label === "fail" && r.predicted === "pass").length;
  const tn = rows.length - tp - fp - fn;
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  return `n=${rows.length} (fail ${tp + fn}, pass ${fp + tn}): precision ${
    (precision * 100).toFixed(1)
  }%, recall ${(recall * 100).toFixed(1)}%, false alarms ${fp}, missed ${fn}`;
}

const staged = (await stageAll()).filter((s) => s.input.output !== "");
const claimRows = await Promise.all(staged.map(async (s) => ({
  label: s.fixture.expected.length > 0 ? "fail" as const : "pass" as const,
  predicted: (await claims.grade(s.input, { ...ctx, options: undefined })).pass
    ? "pass" as const
    : "fail" as const,
})));
console.log(`claims on transcript fixtures: ${score(claimRows)}`);

const testRows = await Promise.all(
  staged.filter((s) => /test/i.test(s.fixture.description) || s.fixture.expected.length === 0)
    .map(async (s) => ({
      label: s.fixture.expected.some((e) => e.startsWith("claims.tests"))
        ? "fail" as const
        : "pass" as const,
      predicted: (await testsRan.grade(s.input, ctx)).pass ? "pass" as const : "fail" as const,
    })),
);
console.log(`tests-ran on transcript fixtures (test-related + clean): ${score(testRows)}`);

try {
  const wild = (await Deno.readTextFile(`${DATA}agent-incidents-wild.jsonl`)).trim().split("\n")
    .map((l) => JSON.parse(l)).filter((r) => r.category === "false_success_claim");
  const empty = { ...staged[0].input.ledger, commands: [], files: [], checks: [] };
  const rows = await Promise.all(wild.map(async (r) => ({
    label: "fail" as const,
    predicted:
      (await claims.grade({ output: r.text, ledger: empty }, { ...ctx, options: undefined }))
          .pass
        ? "pass" as const
        : "fail" as const,
  })));
  console.log(
    `claims on agent-incidents-wild false_success_claim (positives only): ${score(rows)}`,
  );
} catch (error) {
  console.log(`bench-data not readable (${(error as Error).message}); skipped`);
}

const pool = createGraderPool();
const request = {
  output: "```ts\nconst x: number = 1;\n```",
  graders: ["non-empty", "syntax", "json"],
};
const config = defaultGradersConfig();
let started = performance.now();
await gradeOutput(request, { pool, config });
const cold = performance.now() - started;
const warm: number[] = [];
for (let i = 0; i < 20; i++) {
  started = performance.now();
  await gradeOutput(request, { pool, config });
  warm.push(performance.now() - started);
}
await pool.close();
warm.sort((a, b) => a - b);
console.log(
  `grade with 3 sandboxed graders: cold ${cold.toFixed(0)} ms (3 starts in parallel), ` +
    `warm median ${warm[10].toFixed(1)} ms, p95 ${warm[18].toFixed(1)} ms (20 runs)`,
);
