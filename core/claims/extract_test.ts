import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { type Claim, extractClaims } from "./extract.ts";

/** A sentence and the claims it makes, as `kind[:detail]` strings. */
type Row = [string, string[]];

function summary(claim: Claim): string {
  switch (claim.kind) {
    case "tests":
      return `tests:${claim.scope}${claim.count !== undefined ? `:${claim.count}` : ""}`;
    case "file":
      return `file:${claim.action}:${claim.path}`;
    case "ran":
      return `ran:${claim.command ?? claim.target}`;
    default:
      return claim.kind;
  }
}

const POSITIVE: Row[] = [
  ["All tests pass.", ["tests:all"]],
  ["All 45 tests pass.", ["tests:all:45"]],
  ["All tests are passing now.", ["tests:all"]],
  ["The test suite is green.", ["tests:all"]],
  ["The suite passes.", ["tests:all"]],
  ["Tests pass.", ["tests:all"]],
  ["The tests passed.", ["tests:all"]],
  ["Everything is green.", ["tests:all"]],
  ["✅ All 12 tests passed", ["tests:all:12"]],
  ["**Tests:** 45 passed, 0 failed.", ["tests:all:45"]],
  ["45/45 tests pass.", ["tests:all:45"]],
  ["The whole test suite passes with no failures.", ["tests:all"]],
  ["The new tests pass.", ["tests:some"]],
  ["The login test passes.", ["tests:some"]],
  ["The tests in `auth_test.ts` pass.", ["tests:some"]],
  ["The regression test for the parser now passes.", ["tests:some"]],
  ["I fixed the failing test and now all tests pass.", ["tests:all"]],
  ["`deno test` passes.", ["tests:all"]],
  ["`npx jest -t login` passes.", ["tests:some"]],
  ["The project builds.", ["build"]],
  ["It compiles cleanly.", ["build"]],
  ["The build succeeds.", ["build"]],
  ["Built successfully.", ["build"]],
  ["`npm run build` succeeded.", ["build"]],
  ["Lint is clean.", ["lint"]],
  ["No lint errors.", ["lint"]],
  ["ESLint passes.", ["lint"]],
  ["Lint is passing and the build is green.", ["build", "lint"]],
  ["Type check passes.", ["typecheck"]],
  ["No type errors.", ["typecheck"]],
  ["`tsc --noEmit` passes.", ["typecheck"]],
  ["Lint and type check are clean.", ["lint", "typecheck"]],
  ["I created `src/auth.ts`.", ["file:create:src/auth.ts"]],
  ["I've added a new file src/utils/date.ts with the helpers.", [
    "file:create:src/utils/date.ts",
  ]],
  ["Created `tests/auth_test.ts` and `src/auth.ts`.", [
    "file:create:tests/auth_test.ts",
    "file:create:src/auth.ts",
  ]],
  ["I updated `README.md` with the new flags.", ["file:edit:README.md"]],
  ["I added a test to `tests/parse_test.ts`.", ["file:edit:tests/parse_test.ts"]],
  ["Fixed the off-by-one bug in `core/range.ts`.", ["file:edit:core/range.ts"]],
  ["I deleted `old/legacy.js`.", ["file:delete:old/legacy.js"]],
  ["`config/dev.yaml` has been removed.", ["file:delete:config/dev.yaml"]],
  ["I ran `cargo test --all`.", ["ran:cargo test --all"]],
  ["I ran the test suite.", ["ran:tests"]],
  ["I ran `deno test` and all 45 tests pass.", ["tests:all:45", "ran:deno test"]],
  ["I verified the fix by running the server.", ["verified"]],
  ["Verified: the endpoint returns 200.", ["verified"]],
  ["The change has been tested.", ["verified"]],
];

const NEGATIVE: string[] = [
  "I did not run the tests.",
  "I didn't run the test suite.",
  "I haven't run the build.",
  "Two tests still fail.",
  "3 tests are failing.",
  "The tests fail on CI because of the timezone.",
  "Tests should pass once the migration runs.",
  "The tests will pass after you set DATABASE_URL.",
  "I couldn't verify the change.",
  "I could not run the linter here.",
  "I was unable to run the tests because Docker is not available.",
  "Do all tests pass?",
  "Can you run the tests?",
  "I will run the tests next.",
  "Next, I'll run `deno test`.",
  "Let me run the tests.",
  "If the tests pass, we can merge.",
  "Run `npm test` to check.",
  "Please run the build and tell me if it compiles.",
  "You can verify with `make test`.",
  "The build is broken.",
  "Lint reports 3 errors.",
  "The type check fails on `src/a.ts`.",
  "I have not verified this on Windows.",
  "Hopefully the tests pass now.",
  "It probably compiles.",
  "The tests might pass.",
  "I ran into a problem with the lockfile.",
  "I didn't create `src/auth.ts` because it already exists.",
  "The tests are not yet written.",
  "This file describes the tests.",
  "I read `src/app.ts` to understand the flow.",
  "The function returns 1.2 seconds.",
  "See https://example.com/docs/tests.html for details.",
  "Tests were skipped.",
  "None of the tests ran.",
  "Tests are untested.",
  "I expect the tests to pass.",
  "The build folders are cleaned.",
  "I cleaned the build directory.",
  "The lint config was cleaned up.",
  "The type definitions are cleaned up and passed to the handler.",
];

Deno.test("extractClaims finds the success claims of each positive sentence", () => {
  const wrong: string[] = [];
  for (const [sentence, expected] of POSITIVE) {
    const got = extractClaims(sentence).map(summary);
    if (JSON.stringify(got) !== JSON.stringify(expected)) {
      wrong.push(
        `${sentence}\n  expected ${JSON.stringify(expected)}\n  got      ${JSON.stringify(got)}`,
      );
    }
  }
  assertEquals(wrong, []);
});

Deno.test("extractClaims finds no claim in honest, hedged, planned or asked sentences", () => {
  const wrong: string[] = [];
  for (const sentence of NEGATIVE) {
    const got = extractClaims(sentence).map(summary);
    if (got.length > 0) wrong.push(`${sentence} -> ${JSON.stringify(got)}`);
  }
  assertEquals(wrong, []);
});

Deno.test("extractClaims reads a multi-paragraph message with bullets and code", () => {
  const message = [
    "## Summary",
    "",
    "- Created `src/auth.ts` with the login handler.",
    "- Updated `src/routes.ts`.",
    "",
    "```",
    "ok | 45 passed | 0 failed",
    "```",
    "",
    "All 45 tests pass. I did not run the linter.",
  ].join("\n");
  assertEquals(extractClaims(message).map(summary), [
    "file:create:src/auth.ts",
    "file:edit:src/routes.ts",
    "tests:all:45",
  ]);
});

Deno.test("extractClaims quotes the sentence that makes the claim", () => {
  const [claim] = extractClaims("Done. **All tests pass** and nothing else changed.");
  assertEquals(claim.quote, "All tests pass and nothing else changed.");
});
