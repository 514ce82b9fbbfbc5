// The LLM judges against the real OpenAI provider plugin in its sandbox, pointed at a fake
// OpenAI server on 127.0.0.1 speaking the Chat Completions wire format.

import assert from "node:assert/strict";
import { TaskorchError } from "../../errors.ts";
import { startPlugin } from "../../sandbox.ts";
import { openStore } from "../../store.ts";
import { startFakeOpenAI } from "../../../tests/fixtures/fake_providers/openai.ts";
import { CONFIG } from "../../../tests/fixtures/fake_providers/conformance.ts";
import { defaultGradersConfig } from "../config.ts";
import { gradeOutput } from "../grade.ts";
import { createGraderPool } from "../pool.ts";
import { createJudgeGraders, type Judge } from "./judges.ts";

const fake = await startFakeOpenAI();
const provider = await startPlugin(
  new URL("../../../plugins/providers/openai.ts", import.meta.url).href,
  {
    kind: "provider",
    config: CONFIG,
    grant: { net: ["api.openai.com", fake.host], env: ["OPENAI_API_KEY"] },
    env: { OPENAI_API_KEY: "test-key" },
    options: { baseUrl: fake.url },
    timeoutMs: 10_000,
  },
);
const judge: Judge = { complete: (request) => provider.complete(request) };
const ok = (text: string) => ({ ok: { text } });

Deno.test({
  name: "judges through the openai plugin and a fake server",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    try {
      await t.step("rubric: temperature 0, JSON asked, the verdict validated", async () => {
        const judges = createJudgeGraders(judge, { model: "judge-model" });
        fake.reply(
          ok('{"score": 0.8, "pass": true, "reason": "Answers the task.", "evidence": ["4"]}'),
        );
        const before = fake.requests.length;
        const result = await judges.rubric.grade({ output: "4", task: "What is 2+2?" }, {});
        assert.equal(result.pass, true);
        assert.equal(result.score, 0.8);
        const body = fake.requests[before].body as Record<string, unknown>;
        assert.equal(body.temperature, 0);
        assert.deepEqual(body.response_format, { type: "json_object" });
        assert.equal(body.model, "judge-model");
      });

      await t.step(
        "a malformed answer is asked again once; twice malformed fails to grade",
        async () => {
          const judges = createJudgeGraders(judge);
          fake.reply(
            ok("I think it is fine"),
            ok('{"score": 0.2, "pass": false, "reason": "Wrong."}'),
          );
          const before = fake.requests.length;
          const result = await judges.instructions.grade({ output: "x", task: "Say y." }, {});
          assert.equal(result.pass, false);
          assert.equal(fake.requests.length - before, 2);
          fake.reply(ok("nope"), ok('{"score": 7}'));
          await assert.rejects(
            judges.instructions.grade({ output: "x", task: "Say z." }, {}),
            /malformed JSON twice/,
          );
        },
      );

      await t.step("faithfulness decomposes into claims; one unsupported fails", async () => {
        const judges = createJudgeGraders(judge);
        fake.reply(ok(JSON.stringify({
          claims: [
            { claim: "The API returns JSON", supported: true, quote: "returns JSON" },
            { claim: "It supports XML", supported: false },
          ],
          reason: "one claim unsupported",
        })));
        const result = await judges.faithfulness.grade({
          output: "The API returns JSON and supports XML.",
          context: "The API returns JSON.",
        }, {});
        assert.equal(result.pass, false);
        assert.equal(result.score, 0.5);
        assert.deepEqual(result.evidence, ["unsupported: It supports XML"]);
      });

      await t.step("answers are cached by judge, version and inputs", async () => {
        using store = await openStore({ path: ":memory:" });
        const judges = createJudgeGraders(judge, { store });
        fake.reply(ok('{"score": 1, "pass": true, "reason": "Fine."}'));
        const before = fake.requests.length;
        const input = { output: "done", task: "Finish it." };
        await judges.rubric.grade(input, {});
        const again = await judges.rubric.grade(input, {});
        assert.equal(fake.requests.length - before, 1, "the second answer came from the cache");
        assert.ok(again.evidence?.includes("(cached)"));
        fake.reply(ok('{"score": 0, "pass": false, "reason": "No."}'));
        const other = await judges.rubric.grade({ ...input, output: "not done" }, {});
        assert.equal(other.pass, false, "other inputs are not served from the cache");
      });

      await t.step(
        "a provider error makes the judge fail to grade, with the provider's message",
        async () => {
          const judges = createJudgeGraders(judge);
          fake.reply({ status: 500, body: { error: { message: "boom" } } });
          const pool = createGraderPool();
          const report = await gradeOutput({ output: "x", task: "y", graders: ["rubric"] }, {
            pool,
            config: defaultGradersConfig(),
            hostGraders: judges,
          });
          await pool.close();
          assert.equal(report.graders[0].status, "error");
          assert.match(report.graders[0].reason, /could not call its provider/);
        },
      );
    } finally {
      await provider.close();
      await fake.close();
    }
  },
});

Deno.test("an open breaker skips the judge and falls back to the deterministic tier, saying so", async () => {
  const open: Judge = {
    complete: () => Promise.reject(new TaskorchError("BREAKER_OPEN", "openai/gpt: open for 30 s")),
  };
  const pool = createGraderPool();
  try {
    const report = await gradeOutput(
      {
        output: "The API returns XML.",
        context: "The API returns JSON.",
        graders: ["faithfulness"],
      },
      { pool, config: defaultGradersConfig(), hostGraders: createJudgeGraders(open) },
    );
    assert.equal(report.graders[0].status, "skipped");
    assert.match(report.graders[0].reason, /circuit breaker is open/);
    assert.deepEqual(report.graders.slice(1).map((g) => g.grader), [
      "non-empty",
      "syntax",
      "paths-exist",
    ]);
    assert.ok(report.graders.slice(1).every((g) => g.status === "graded"));
    assert.match(
      report.reducedAssurance!,
      /Reduced assurance: faithfulness: its provider's breaker is open/,
    );
  } finally {
    await pool.close();
  }
});
