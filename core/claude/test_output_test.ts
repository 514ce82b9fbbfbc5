import assert from "node:assert/strict";
import { parseTestCounts } from "./test_output.ts";

const CASES: [string, string, number | undefined, number | undefined][] = [
  ["deno ok", "running 3 tests\nok | 12 passed (4 steps) | 0 failed (1s)", 12, 0],
  ["deno failed", "FAILED | 10 passed | 2 failed (1s)", 10, 2],
  ["jest", "Tests:       3 failed, 1 skipped, 10 passed, 14 total\nTime: 1s", 10, 3],
  ["vitest", "      Tests  2 failed | 8 passed (10)", 8, 2],
  ["pytest", "===== 2 failed, 30 passed, 1 warning in 1.20s =====", 30, 2],
  ["pytest errors", "=== 1 passed, 2 errors in 0.3s ===", 1, 2],
  ["pytest short", "30 passed in 0.51s", 30, 0],
  ["mocha", "  30 passing (2s)\n  2 failing\n", 30, 2],
  [
    "cargo sums crates",
    "test result: ok. 12 passed; 0 failed; 0 ignored\ntest result: FAILED. 3 passed; 1 failed;",
    15,
    1,
  ],
  ["rspec", "Finished in 1s\n30 examples, 2 failures", 28, 2],
  ["phpunit ok", "OK (30 tests, 50 assertions)", 30, 0],
  ["phpunit failures", "Tests: 30, Assertions: 50, Failures: 2.", 28, 2],
  ["dotnet", "Failed!  - Failed:     2, Passed:    10, Skipped: 0, Total: 12", 10, 2],
  [
    "maven total",
    "Tests run: 3, Failures: 0, Errors: 0\nTests run: 12, Failures: 1, Errors: 1, Skipped: 0",
    10,
    2,
  ],
  ["gradle", "12 tests completed, 2 failed", 10, 2],
  ["go ok", "ok  \texample.com/pkg\t0.012s", undefined, 0],
  ["go fail", "--- FAIL: TestLogin (0.00s)\nFAIL\texample.com/pkg\t0.01s", undefined, 1],
  ["nothing", "Compiling...\nDone.", undefined, undefined],
];

Deno.test("parseTestCounts reads each runner's summary", () => {
  for (const [name, output, passed, failed] of CASES) {
    const counts = parseTestCounts(output);
    assert.equal(counts.passed, passed, `${name}: passed`);
    assert.equal(counts.failed, failed, `${name}: failed`);
  }
});
