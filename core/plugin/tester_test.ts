import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import echoGuard from "../../tests/fixtures/plugins/echo_guard.ts";
import { defineGrader, defineGuard } from "./define.ts";
import { PluginTester } from "./tester.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const prompt = (text: string) => ({ hook_event_name: "UserPromptSubmit", prompt: text });

const TABLES = {
  valid: [{ name: "calm", event: prompt("all calm") }],
  invalid: [
    {
      name: "danger",
      event: prompt("danger"),
      findings: [{ rule: "echo.word", message: "danger" }],
    },
    { name: "custom word", event: prompt("rm it"), options: { word: "rm" }, findings: 1 },
  ],
  invalidOptions: [{ name: "word must be a string", options: { word: 1 }, error: "word" }],
};

Deno.test("PluginTester: in-process tables of valid, invalid and options cases", async () => {
  const outcomes = await new PluginTester(echoGuard).runCases(TABLES);
  assert.deepEqual(outcomes.filter((o) => !o.ok), []);
  assert.deepEqual(outcomes.map((o) => o.name), [
    "meta",
    "invalid options: word must be a string",
    "valid: calm",
    "invalid: danger",
    "invalid: custom word",
  ]);
});

Deno.test("PluginTester: the same tables through the real sandbox", async () => {
  const tester = new PluginTester(echoGuard, {
    sandbox: true,
    module: `${ROOT}tests/fixtures/plugins/echo_guard.ts`,
    config: `${ROOT}deno.json`,
  });
  const outcomes = await tester.runCases(TABLES);
  assert.deepEqual(outcomes.filter((o) => !o.ok), []);
});

Deno.test("PluginTester: reports wrong expectations, bad meta and bad result shapes", async () => {
  const wrong = await new PluginTester(echoGuard).runCases({
    valid: [{ name: "not calm", event: prompt("danger") }],
    invalid: [{ name: "wrong rule", event: prompt("danger"), findings: [{ rule: "other" }] }],
  });
  assert.match(wrong[1].error!, /expected no findings/);
  assert.match(wrong[2].error!, /expected rule other, got echo\.word/);

  const badMeta = defineGuard({
    meta: { name: "Bad", version: "1", description: "" },
    check: () => ({ findings: [] }),
  });
  const [meta] = await new PluginTester(badMeta).runCases({});
  assert.equal(meta.ok, false);
  assert.match(meta.error!, /meta\.name/);

  const badShape = defineGrader({
    meta: { name: "bad-shape", version: "1.0.0", description: "Returns a bad score." },
    grade: () => ({ pass: true, score: 7, reason: "r" }),
  });
  const outcomes = await new PluginTester(badShape).runCases({
    valid: [{ name: "x", input: {} }],
  });
  assert.match(outcomes[1].error!, /score: expected a number from 0 to 1/);
});

new PluginTester(echoGuard).run("PluginTester.run registers a Deno test with steps", TABLES);
