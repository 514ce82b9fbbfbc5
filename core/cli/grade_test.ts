import assert from "node:assert/strict";
import { createEngine } from "../engine.ts";
import { createMemoryChecker } from "../memory/checker.ts";
import { openStore } from "../store.ts";
import { stageAll } from "../../tests/fixtures/grader_cases.ts";
import type { CliIO } from "./args.ts";
import { gradeCommand } from "./grade.ts";

/** Runs `taskorch grade` in process with captured output. */
async function grade(args: string[], stdin = ""): Promise<{ code: number; out: string }> {
  const chunks: string[] = [];
  const decoder = new TextDecoder();
  const sink = () =>
    new WritableStream<Uint8Array>({ write: (c) => void chunks.push(decoder.decode(c)) });
  const io: CliIO = {
    stdout: sink(),
    stderr: sink(),
    stdin: new Blob([stdin]).stream(),
    stdinIsTerminal: stdin === "",
  };
  const code = await gradeCommand.run(args, io);
  return { code, out: chunks.join("") };
}

Deno.test("taskorch grade: a failing output exits 1 with each grader's reason; a passing one exits 0", async () => {
  const bad = await grade(["--graders", "json,non-empty", "--no-learn", '{"a": 1,}']);
  assert.equal(bad.code, 1);
  assert.match(bad.out, /^FAIL \(score 0\.50, policy all\): 1 of 2 graders fail: json/);
  assert.match(bad.out, /- json: fail \(0\.00\) The output is not valid JSON/);
  const good = await grade(["--graders", "json", "--no-learn", "--json"], '{"a": 1}');
  assert.equal(good.code, 0);
  const report = JSON.parse(good.out);
  assert.equal(report.pass, true);
  assert.deepEqual(report.learned, []);
});

Deno.test("taskorch grade: usage errors name the problem", async () => {
  await assert.rejects(grade(["--graders", ",", "x"]), /--graders names no grader/);
  await assert.rejects(grade(["a", "b"]), /one argument/);
  await assert.rejects(grade([]), /no output/);
  await assert.rejects(grade(["--graders", "nope", "x"]), /Unknown grader "nope"/);
});

Deno.test("taskorch grade: a failed grade is learned, and the next similar prompt is warned by the engine", async () => {
  const staged = await stageAll();
  const never = staged.find((s) => s.fixture.file === "tests_never_ran.jsonl")!.input;
  const dir = await Deno.makeTempDir();
  const kv = `${dir}/taskorch.kv`;
  try {
    const task = "Add the empty-password check to the login handler in src/auth.ts";
    const { code, out } = await grade([
      "--transcript",
      never.transcript_path,
      "--cwd",
      never.cwd,
      "--task",
      task,
      "--kv",
      kv,
      "--json",
      "--graders",
      "claims,tests-ran",
      never.output,
    ]);
    assert.equal(code, 1);
    const run = JSON.parse(out);
    assert.deepEqual(run.learned.map((l: { grader: string }) => l.grader), ["claims", "tests-ran"]);
    assert.ok(run.learned.every((l: { pattern?: string }) => l.pattern), out);

    using store = await openStore({ path: kv });
    const memory = createMemoryChecker({ store });
    const engine = createEngine({ checkers: [memory] });
    const verdict = await engine.evaluate({
      hook_event_name: "UserPromptSubmit",
      prompt: "Add an empty-password check to the login handler in src/auth.ts",
      cwd: never.cwd,
    });
    const finding = verdict.findings.find((f) => f.source === "memory");
    assert.ok(finding, JSON.stringify(verdict));
    assert.equal(finding.category, "false_success_claim");
    assert.notEqual(verdict.decision, "allow");
    await memory.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("taskorch grade --calibrate: thresholds by balanced accuracy and F1, written keeping comments", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const labels = `${dir}/labels.jsonl`;
    const lines = [
      { output: "a b c d e f g h", label: "pass" },
      { output: "a b c d e f", label: "pass" },
      { output: "a b c d e", label: "pass" },
      { output: "a b", label: "fail" },
      { output: "a", label: "fail" },
      { output: "a b c", label: "fail" },
    ];
    await Deno.writeTextFile(labels, lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
    const config = `${dir}/.taskorch/config.yaml`;
    await Deno.mkdir(`${dir}/.taskorch`);
    await Deno.writeTextFile(
      config,
      "# my settings\ngraders:\n  policy: all # strict\n  options:\n    length: { minChars: 10 }\n",
    );
    const { code, out } = await grade([
      "--calibrate",
      labels,
      "--graders",
      "length,non-empty",
      "--cwd",
      dir,
    ]);
    assert.equal(code, 0, out);
    assert.match(out, /6 labeled examples; thresholds by balanced-accuracy:/);
    assert.match(out, /length: 6 graded; balanced accuracy 100\.0% at ≥ 0\.5 \(F1 100\.0%\)/);
    assert.match(out, /non-empty: no threshold \(every score is 1: no signal/);
    const text = await Deno.readTextFile(config);
    assert.match(text, /# my settings/);
    assert.match(text, /policy: all # strict/);
    assert.match(text, /thresholds:\n\s+length: 0\.5/);
    const dry = await grade([
      "--calibrate",
      labels,
      "--graders",
      "length",
      "--cwd",
      dir,
      "--json",
      "--dry-run",
    ]);
    const report = JSON.parse(dry.out);
    assert.equal(report.written, null);
    assert.equal(report.graders[0].bestF1.threshold, 0.5);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
