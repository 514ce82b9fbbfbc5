/**
 * Reads the summary line of a test runner's output: how many tests passed and failed.
 * Knows Deno, Jest, Vitest, pytest, Mocha, Go, Cargo, RSpec, PHPUnit, .NET, Maven and
 * Gradle, and falls back to a generic `N passed` / `N failed`.
 *
 * @module
 */

/** Counts read from a test run's output. */
export interface TestCounts {
  /** Tests that passed, when the output says. */
  passed?: number;
  /** Tests that failed (errors included), when the output says. */
  failed?: number;
  /** The summary line the counts came from, trimmed. */
  summary?: string;
}

function num(text: string | undefined): number | undefined {
  return text === undefined ? undefined : Number(text);
}

// deno: "ok | 12 passed (3 steps) | 0 failed" / "FAILED | 10 passed | 2 failed"
const DENO = /^(?:ok|FAILED) \| (\d+) passed(?: \(\d+ steps?\))? \| (\d+) failed/m;
// jest: "Tests:       3 failed, 1 skipped, 10 passed, 14 total"
const JEST = /^Tests:\s+(.*\d+ total)/m;
// vitest: "      Tests  2 failed | 8 passed (10)"
const VITEST = /^\s*Tests\s+((?:\d+ \w+(?: \| )?)+)\(\d+\)/m;
// pytest: "===== 2 failed, 30 passed, 1 warning in 1.20s =====" or "30 passed in 0.5s"
const PYTEST =
  /^=*\s*((?:\d+ (?:passed|failed|errors?|skipped|xfailed|xpassed|warnings?|deselected)(?:, )?)+) in [\d.]+m?s/m;
// mocha: "  30 passing (2s)" and "  2 failing"
const MOCHA_PASS = /^\s+(\d+) passing\b/m;
const MOCHA_FAIL = /^\s+(\d+) failing\b/m;
// cargo: "test result: ok. 12 passed; 0 failed; ..." (one per crate: summed)
const CARGO = /^test result: (?:ok|FAILED)\. (\d+) passed; (\d+) failed/gm;
// rspec: "30 examples, 2 failures"
const RSPEC = /^(\d+) examples?, (\d+) failures?/m;
// phpunit: "OK (30 tests, 50 assertions)" / "Tests: 30, Assertions: 50, Failures: 2, Errors: 1."
const PHPUNIT_OK = /^OK \((\d+) tests?, /m;
const PHPUNIT_BAD = /^Tests: (\d+), Assertions: \d+(?:, Errors: (\d+))?(?:, Failures: (\d+))?/m;
// dotnet: "Passed!  - Failed:     0, Passed:    12, Skipped: ..." / "Failed!  - Failed: 2, Passed: 10"
const DOTNET = /(?:Passed|Failed)!\s+-\s+Failed:\s+(\d+),\s+Passed:\s+(\d+)/m;
// maven: "Tests run: 12, Failures: 1, Errors: 0, Skipped: 0" (the last one is the total)
const MAVEN = /Tests run: (\d+), Failures: (\d+), Errors: (\d+)/g;
// gradle: "12 tests completed, 2 failed"
const GRADLE = /(\d+) tests completed, (\d+) failed/m;
// go: "--- FAIL: TestX", "FAIL\tpkg", "ok  \tpkg\t0.01s"
const GO_FAIL = /^(?:--- FAIL: |FAIL\s)/m;
const GO_OK = /^ok\s+\S+\s+(?:[\d.]+s|\(cached\))/m;
const GENERIC_PASS = /\b(\d+) (?:tests? )?pass(?:ed|ing)\b/i;
const GENERIC_FAIL = /\b(\d+) (?:tests? )?fail(?:ed|ing|ures?)?\b/i;

function line(text: string, at: number): string {
  const start = text.lastIndexOf("\n", at) + 1;
  const end = text.indexOf("\n", at);
  return text.slice(start, end === -1 ? undefined : end).trim();
}

function countIn(list: string, word: RegExp): number | undefined {
  const m = list.match(new RegExp(`(\\d+) ${word.source}`));
  return num(m?.[1]);
}

/**
 * Reads pass and fail counts from a test run's output; `{}` when there is no summary.
 *
 * @example
 * ```ts
 * import { parseTestCounts } from "./test_output.ts";
 * const counts = parseTestCounts("Tests:       3 failed, 10 passed, 13 total");
 * console.assert(counts.failed === 3 && counts.passed === 10);
 * console.assert(parseTestCounts("test result: ok. 12 passed; 0 failed; 0 ignored").passed === 12);
 * ```
 */
export function parseTestCounts(output: string): TestCounts {
  let m: RegExpMatchArray | null;
  if ((m = output.match(DENO))) {
    return { passed: num(m[1]), failed: num(m[2]), summary: line(output, m.index!) };
  }
  if ((m = output.match(JEST)) || (m = output.match(VITEST))) {
    const list = m[1];
    return {
      passed: countIn(list, /passed/) ?? 0,
      failed: countIn(list, /failed/) ?? 0,
      summary: line(output, m.index!),
    };
  }
  const cargo = [...output.matchAll(CARGO)];
  if (cargo.length > 0) {
    return {
      passed: cargo.reduce((s, c) => s + Number(c[1]), 0),
      failed: cargo.reduce((s, c) => s + Number(c[2]), 0),
      summary: line(output, cargo[cargo.length - 1].index!),
    };
  }
  if ((m = output.match(PYTEST))) {
    const list = m[1];
    return {
      passed: countIn(list, /passed/) ?? 0,
      failed: (countIn(list, /failed/) ?? 0) + (countIn(list, /errors?/) ?? 0),
      summary: line(output, m.index!),
    };
  }
  const pass = output.match(MOCHA_PASS);
  if (pass) {
    const fail = output.match(MOCHA_FAIL);
    return {
      passed: num(pass[1]),
      failed: num(fail?.[1]) ?? 0,
      summary: line(output, pass.index!),
    };
  }
  if ((m = output.match(RSPEC))) {
    const total = Number(m[1]);
    const failed = Number(m[2]);
    return { passed: total - failed, failed, summary: line(output, m.index!) };
  }
  if ((m = output.match(PHPUNIT_OK))) {
    return { passed: num(m[1]), failed: 0, summary: line(output, m.index!) };
  }
  if ((m = output.match(PHPUNIT_BAD))) {
    const failed = (num(m[2]) ?? 0) + (num(m[3]) ?? 0);
    return { passed: Number(m[1]) - failed, failed, summary: line(output, m.index!) };
  }
  if ((m = output.match(DOTNET))) {
    return { passed: num(m[2]), failed: num(m[1]), summary: line(output, m.index!) };
  }
  const maven = [...output.matchAll(MAVEN)];
  if (maven.length > 0) {
    const last = maven[maven.length - 1];
    const failed = Number(last[2]) + Number(last[3]);
    return { passed: Number(last[1]) - failed, failed, summary: line(output, last.index!) };
  }
  if ((m = output.match(GRADLE))) {
    const failed = Number(m[2]);
    return { passed: Number(m[1]) - failed, failed, summary: line(output, m.index!) };
  }
  if ((m = output.match(GO_FAIL))) return { failed: 1, summary: line(output, m.index!) };
  if ((m = output.match(GO_OK))) return { failed: 0, summary: line(output, m.index!) };
  const p = output.match(GENERIC_PASS);
  const f = output.match(GENERIC_FAIL);
  if (p || f) {
    return {
      passed: num(p?.[1]),
      failed: num(f?.[1]),
      summary: line(output, (p ?? f)!.index!),
    };
  }
  return {};
}
