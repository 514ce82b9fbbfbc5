// LLM judges switched on end to end: graders.judge names a configured provider (the real
// OpenAI plugin in its sandbox, pointed at a fake OpenAI server on 127.0.0.1); grade_output
// over the real MCP client and `taskorch grade` run the judges through the providers' call
// path, so each judge call is in the cost ledger (caller grader:<name>, the session), the
// grade's cost is the ledger's, and an open breaker skips the judge with reduced assurance.

import assert from "node:assert/strict";
import type { LedgerEntry } from "../core/cost/types.ts";
import { openStore } from "../core/store.ts";
import {
  type FakeProvider,
  openaiPluginYaml,
  startFakeOpenAI,
} from "./fixtures/fake_providers/openai.ts";
import { connectServeStdio, projectWithConfig, runTaskorch } from "./support.ts";

interface Outcome {
  grader: string;
  status: string;
  pass: boolean;
  score: number;
  reason: string;
  cost: number;
  reducedAssurance?: string;
}
interface GradeRun {
  pass: boolean;
  cost: number;
  graders: Outcome[];
  reducedAssurance?: string;
}

const verdict = (pass: boolean, reason: string) => ({
  ok: {
    text: JSON.stringify({ score: pass ? 0.9 : 0.2, pass, reason, evidence: [] }),
    usage: { prompt_tokens: 400, completion_tokens: 60, total_tokens: 460 },
  },
});

/** A workspace whose config has the openai provider and a judge on it. */
function project(fake: FakeProvider, judge = true): Promise<string> {
  return projectWithConfig(
    [
      ...openaiPluginYaml(fake),
      "breakers:",
      "  retry: { retries: 0 }",
      ...(judge ? ["graders:", "  judge: { provider: openai, model: gpt-5-mini }"] : []),
      "",
    ].join("\n"),
  );
}

async function ledger(kv: string): Promise<LedgerEntry[]> {
  using store = await openStore({ path: kv });
  return (await store.list<LedgerEntry>(["ledger"])).map((e) => e.value);
}

Deno.test({
  name: "grade_output with LLM judges over MCP: ledger, cost, agent_run grading, open breaker",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const fake = await startFakeOpenAI();
    const home = await Deno.makeTempDir();
    const cwd = await project(fake);
    const kv = `${home}/taskorch.kv`;
    const client = await connectServeStdio({
      home,
      env: { TASKORCH_KV: kv, OPENAI_API_KEY: "sk-test-judges" },
      cwd,
      name: "grade-judges-test",
    });
    const call = async (name: string, args: Record<string, unknown>) =>
      await client.callTool({ name, arguments: args }) as {
        isError?: boolean;
        structuredContent: Record<string, unknown>;
        content: { text: string }[];
      };
    const grade = async (args: Record<string, unknown>) => {
      const result = await call("grade_output", { learn: false, ...args });
      assert.ok(!result.isError, result.content[0].text);
      return result.structuredContent as unknown as GradeRun;
    };
    let gradeCost = 0;
    try {
      await t.step("rubric: asked at temperature 0 on the judge model, priced", async () => {
        fake.reply(verdict(true, "Answers the question."));
        const before = fake.requests.length;
        const run = await grade({
          output: "Paris",
          task: "What is the capital of France?",
          graders: ["rubric"],
          session_id: "sess-judge",
        });
        assert.equal(run.pass, true);
        assert.equal(run.graders[0].status, "graded");
        assert.equal(run.graders[0].reason, "Answers the question.");
        assert.ok(run.cost > 0, `a priced judge call costs something: ${run.cost}`);
        assert.equal(run.cost, run.graders[0].cost);
        assert.equal(fake.requests.length - before, 1);
        const body = fake.requests[before].body as Record<string, unknown>;
        assert.equal(body.temperature, 0);
        assert.equal(body.model, "gpt-5-mini");
        assert.equal(fake.requests[before].headers.authorization, "Bearer sk-test-judges");
        gradeCost += run.cost;
      });

      await t.step("cost_summary shows the judge's call and its cost", async () => {
        const summary = await call("cost_summary", {});
        const today = (summary.structuredContent.today as {
          total: { calls: number; costUsd: number };
        }).total;
        assert.equal(today.calls, 1);
        assert.ok(Math.abs(today.costUsd - gradeCost) < 1e-9, `${today.costUsd} vs ${gradeCost}`);
      });

      await t.step("agent_run grades each answer with a judge on the same providers", async () => {
        fake.reply(
          { ok: { text: "Berlin", usage: { prompt_tokens: 20, completion_tokens: 2 } } },
          verdict(false, "Berlin is not the capital of France."),
        );
        const result = await call("agent_run", {
          provider: "openai",
          prompt: "What is the capital of France?",
          graders: ["rubric"],
          session_id: "sess-run",
        });
        const [only] = result.structuredContent.results as {
          status: string;
          grade?: { pass: boolean; reason: string; cost?: number };
        }[];
        assert.equal(only.status, "ok");
        assert.equal(only.grade?.pass, false);
        assert.match(only.grade?.reason ?? "", /rubric/);
        assert.ok((only.grade?.cost ?? 0) > 0);
        assert.match(result.content[0].text, /grade: fail .* \(judges: \$/);
      });

      await t.step(
        "three 500s open the breaker: the judge is then skipped and the deterministic tier decides",
        async () => {
          for (let i = 0; i < 3; i++) {
            fake.reply({ status: 500 });
            const run = await grade({
              output: `attempt ${i}`,
              context: "The API returns JSON.",
              graders: ["faithfulness"],
            });
            assert.equal(run.graders[0].status, "error", run.graders[0].reason);
            assert.match(run.graders[0].reason, /could not call its provider.*500/);
            assert.match(run.reducedAssurance ?? "", /faithfulness failed to grade/);
          }
          const before = fake.requests.length;
          const run = await grade({
            output: "The API returns XML.",
            context: "The API returns JSON.",
            graders: ["faithfulness"],
          });
          assert.equal(fake.requests.length, before, "an open breaker sends nothing");
          assert.equal(run.graders[0].status, "skipped");
          assert.match(run.graders[0].reason, /circuit breaker is open/);
          assert.deepEqual(run.graders.slice(1).map((g) => g.grader), [
            "non-empty",
            "syntax",
            "paths-exist",
          ]);
          assert.equal(run.pass, true, "the deterministic graders decide");
          assert.equal(run.cost, 0);
          assert.match(
            run.reducedAssurance ?? "",
            /^Reduced assurance: faithfulness: its provider's breaker is open/,
          );
          const healing = await call("healing_status", {});
          assert.equal(healing.structuredContent.open, 1);
        },
      );
    } finally {
      await client.close();
      await fake.close();
    }

    // Read after the server closed its store: every judge call is in the ledger.
    const entries = await ledger(kv);
    const judged = entries.filter((e) => e.caller.startsWith("grader:"));
    assert.deepEqual(
      judged.map((e) => [e.caller, e.session ?? null, e.ok]),
      [
        ["grader:rubric", "sess-judge", true],
        ["grader:rubric", "sess-run", true],
        ["grader:faithfulness", null, false],
        ["grader:faithfulness", null, false],
        ["grader:faithfulness", null, false],
      ],
    );
    assert.equal(judged[0].costUsd, gradeCost);
    assert.ok(entries.some((e) => e.caller === "agent_run" && e.session === "sess-run"));
  },
});

Deno.test({
  name: "taskorch grade runs a judge through the ledger; without graders.judge it says what to set",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const fake = await startFakeOpenAI();
    const home = await Deno.makeTempDir();
    const kv = `${home}/taskorch.kv`;
    const env = { TASKORCH_KV: kv, OPENAI_API_KEY: "sk-test-cli" };
    try {
      const cwd = await project(fake);
      fake.reply(verdict(false, "Misses the second instruction."));
      const args = ["--graders", "instructions,non-empty", "--no-learn", "--session", "s-cli"];
      const graded = await runTaskorch(
        ["grade", ...args, "--json", "--task", "Say hi, then say bye.", "hi"],
        { home, env, cwd },
      );
      assert.equal(graded.code, 1, graded.stderr);
      const run = JSON.parse(graded.stdout) as GradeRun;
      assert.deepEqual(run.graders.map((g) => [g.grader, g.status, g.pass]), [
        ["instructions", "graded", false],
        ["non-empty", "graded", true],
      ]);
      assert.ok(run.cost > 0);

      const summary = await runTaskorch(["cost", "summary", "--json"], { home, env, cwd });
      const today = JSON.parse(summary.stdout).today.total as { calls: number; costUsd: number };
      assert.equal(today.calls, 1);
      assert.ok(Math.abs(today.costUsd - run.cost) < 1e-9);
      const [entry] = await ledger(kv);
      assert.equal(entry.caller, "grader:instructions");
      assert.equal(entry.session, "s-cli");

      const listed = await runTaskorch(["grade", "--list"], { home, env, cwd });
      assert.match(listed.stdout, /^rubric +judge +LLM judge on openai \(gpt-5-mini\)$/m);

      const bare = await project(fake, false);
      const refused = await runTaskorch(
        ["grade", "--graders", "rubric", "--task", "t", "x"],
        { home, env, cwd: bare },
      );
      assert.equal(refused.code, 2, "a usage error, like an unknown grader");
      assert.match(refused.stderr, /The LLM judge rubric needs graders\.judge\.provider/);
    } finally {
      await fake.close();
    }
  },
});
