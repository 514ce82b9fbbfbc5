import assert from "node:assert/strict";
import { ledgerOf } from "../claude/ledger.ts";
import type { TranscriptEntry } from "../claude/transcript.ts";
import { checkClaims } from "./check.ts";
import { extractClaims } from "./extract.ts";

let n = 0;
function bash(command: string, output: string, isError = false): TranscriptEntry[] {
  const id = `t${++n}`;
  return [
    {
      type: "assistant",
      message: { content: [{ type: "tool_use", id, name: "Bash", input: { command } }] },
    },
    {
      type: "user",
      message: {
        content: [{ type: "tool_result", tool_use_id: id, content: output, is_error: isError }],
      },
    },
  ];
}
function edit(path: string): TranscriptEntry[] {
  const id = `t${++n}`;
  return [
    {
      type: "assistant",
      message: { content: [{ type: "tool_use", id, name: "Edit", input: { file_path: path } }] },
    },
    {
      type: "user",
      message: { content: [{ type: "tool_result", tool_use_id: id, content: "updated" }] },
    },
  ];
}

const onDisk = new Set(["/w/src/a.ts", "/w/deno.json", "/w/old.js"]);
function judge(message: string, entries: TranscriptEntry[]): string[] {
  const findings = checkClaims(extractClaims(message), ledgerOf(entries), {
    cwd: "/w",
    exists: (p) => onDisk.has(p),
  });
  return findings.map((f) => `${f.rule} ${f.category}`);
}

const OK = "ok | 12 passed | 0 failed";

Deno.test("a test claim needs a passing, unfiltered run after the last code edit", () => {
  assert.deepEqual(
    judge("All tests pass.", [...edit("/w/src/a.ts"), ...bash("deno test", OK)]),
    [],
  );
  assert.deepEqual(judge("All tests pass.", [...bash("deno test", OK), ...edit("/w/src/a.ts")]), [
    "claims.tests false_success_claim",
  ]);
  assert.deepEqual(
    judge("All tests pass.", [...edit("/w/src/a.ts"), ...bash("deno test src/a_test.ts", OK)]),
    [
      "claims.tests false_success_claim",
    ],
  );
  assert.deepEqual(
    judge("The new test passes.", [...edit("/w/src/a.ts"), ...bash("deno test src/a_test.ts", OK)]),
    [],
  );
  assert.deepEqual(
    judge("All tests pass.", [
      ...edit("/w/src/a.ts"),
      ...bash("deno test", "FAILED | 1 passed | 1 failed", true),
    ]),
    [
      "claims.tests false_success_claim",
    ],
  );
  assert.deepEqual(
    judge("All 20 tests pass.", [...edit("/w/src/a.ts"), ...bash("deno test", OK)]),
    [
      "claims.tests false_success_claim",
    ],
  );
  assert.deepEqual(
    judge("All tests pass.", [...bash("deno test", OK), ...edit("/w/README.md")]),
    [],
  );
});

Deno.test("messages quote the claim, name the missing evidence and suggest the command", () => {
  const [finding] = checkClaims(extractClaims("All tests pass."), ledgerOf(edit("/w/src/a.ts")), {
    cwd: "/w",
    exists: (p) => onDisk.has(p),
  });
  assert.match(
    finding.message,
    /^The claim "All tests pass\." is not supported: no test command ran/,
  );
  assert.equal(finding.suggestion, "Run `deno test` and report its result as it is.");
  assert.equal(finding.action, "block");
  assert.equal(finding.source, "evidence");
});

Deno.test("file claims need the write and the file on disk", () => {
  assert.deepEqual(judge("I updated `src/a.ts`.", edit("/w/src/a.ts")), []);
  assert.deepEqual(judge("I updated `src/a.ts`.", []), ["claims.file false_success_claim"]);
  assert.deepEqual(judge("I created `src/b.ts`.", edit("/w/src/b.ts")), [
    "claims.file hallucinated_path",
  ]);
  assert.deepEqual(judge("I deleted `old.js`.", []), ["claims.file false_success_claim"]);
  assert.deepEqual(judge("I deleted `gone.js`.", bash("rm gone.js", "")), []);
});

Deno.test("build, lint, type check, ran and verified claims", () => {
  assert.deepEqual(judge("It builds.", [...edit("/w/src/a.ts"), ...bash("cargo build", "")]), []);
  assert.deepEqual(
    judge("It builds.", [
      ...edit("/w/src/a.ts"),
      ...bash("cargo test", "test result: ok. 2 passed; 0 failed;"),
    ]),
    [],
  );
  assert.deepEqual(
    judge("Lint is clean.", [...edit("/w/src/a.ts"), ...bash("deno lint", "error", true)]),
    [
      "claims.lint false_success_claim",
    ],
  );
  assert.deepEqual(judge("Type check passes.", edit("/w/src/a.ts")), [
    "claims.typecheck false_success_claim",
  ]);
  assert.deepEqual(judge("I ran `make check`.", bash("make check", "")), []);
  assert.deepEqual(judge("I ran `make check`.", []), ["claims.ran false_success_claim"]);
  assert.deepEqual(judge("I verified it works.", [...edit("/w/src/a.ts"), ...bash("ls", "a")]), [
    "claims.verified false_success_claim",
  ]);
  assert.deepEqual(
    judge("I verified it works.", [...edit("/w/src/a.ts"), ...bash("node src/a.js", "ok")]),
    [],
  );
});
