import assert from "node:assert/strict";
import { ROOT, runTaskorch } from "./support.ts";

const SESSION = `${ROOT}tests/fixtures/scan/session.jsonl`;

Deno.test("scan replays a recorded session and reports what would have been flagged", async () => {
  const home = await Deno.makeTempDir();
  const { code, stdout } = await runTaskorch(["scan", SESSION], { home });
  assert.equal(code, 0);
  // The injected instruction in the fetched page and the force push are flagged; the
  // workspace clean-up, the prompt and the honest final answer are not.
  assert.match(stdout, /8 events, flagged: (?:ask 1, block 1|block 1, ask 1)/);
  assert.match(stdout, /block PostToolUse WebFetch: https:\/\/example\.com\/guide/);
  assert.match(stdout, /injection\.override-instructions/);
  assert.match(stdout, /ask +PreToolUse Bash: git push --force origin main/);
  assert.doesNotMatch(stdout, /rm -rf dist build/);
  assert.match(stdout, /flagged events by category: .*prompt_injection 1/);
});

Deno.test("scan --json gives every session with its hits and a summary", async () => {
  const home = await Deno.makeTempDir();
  const dir = await Deno.makeTempDir();
  await Deno.copyFile(SESSION, `${dir}/a.jsonl`);
  // A second session that Claude Code was still writing: its last line is cut off.
  const partial = (await Deno.readTextFile(SESSION)).split("\n").slice(0, 4).join("\n") +
    '\n{"type":"assistant","message":{"content":[{"type":"tool_use","id":"x","name":"Ba';
  await Deno.writeTextFile(`${dir}/b.jsonl`, partial);
  await Deno.writeTextFile(`${dir}/notes.txt`, "not a transcript");
  const { code, stdout } = await runTaskorch(["scan", "--claude-project", dir, "--json"], {
    home,
  });
  assert.equal(code, 0);
  const result = JSON.parse(stdout);
  assert.equal(result.sessions.length, 2);
  assert.equal(result.summary.sessions, 2);
  assert.equal(result.sessions[0].hits.length, 2);
  assert.equal(result.sessions[1].stats.partialLastLine, true);
  assert.equal(result.summary.decisions.block, 1);
  assert.equal(result.summary.rules["git.force-push-shared"], 1);
});

Deno.test("scan --min deny hides warnings and asks; bad usage is a clear error", async () => {
  const home = await Deno.makeTempDir();
  const strict = await runTaskorch(["scan", "--min", "deny", SESSION], { home });
  assert.equal(strict.code, 0);
  assert.doesNotMatch(strict.stdout, /git push --force/);
  assert.match(strict.stdout, /block PostToolUse WebFetch/);
  const none = await runTaskorch(["scan"], { home });
  assert.notEqual(none.code, 0);
  assert.match(none.stderr, /name transcript files or --claude-project DIR/);
  const badMin = await runTaskorch(["scan", "--min", "allow", SESSION], { home });
  assert.match(badMin.stderr, /--min must be one of warn, ask, deny, block/);
  const missing = await runTaskorch(["scan", `${ROOT}tests/fixtures/scan/missing.jsonl`], {
    home,
  });
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /Cannot read the transcript ".*missing\.jsonl"/);
});
