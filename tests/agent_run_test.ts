// agent_run through the real MCP client and server over stdio: a configured OpenAI provider
// plugin (the real SDK in the real sandbox) talks to a fake OpenAI server on 127.0.0.1.

import assert from "node:assert/strict";
import { openaiPluginYaml, startFakeOpenAI } from "./fixtures/fake_providers/openai.ts";
import { connectServeStdio, projectWithConfig } from "./support.ts";

interface RunResult {
  index: number;
  status: string;
  decision: string;
  reasons: string[];
  text?: string;
  costUsd?: number | null;
  usage?: Record<string, number>;
  error?: { code: string; message: string };
  grade?: { pass: boolean };
}

Deno.test({
  name: "agent_run: pre-check, fan-out, cost, graders and an open breaker, over MCP",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const fake = await startFakeOpenAI();
    const home = await Deno.makeTempDir();
    const project = await projectWithConfig(
      [...openaiPluginYaml(fake), "breakers:", "  retry: { retries: 0 }", ""].join("\n"),
    );
    const client = await connectServeStdio({
      home: home,
      env: { TASKORCH_KV: `${home}/taskorch.kv`, OPENAI_API_KEY: "sk-test-agent-run" },
      cwd: project,
      name: "agent-run-test",
    });
    const run = async (args: Record<string, unknown>) =>
      await client.callTool({ name: "agent_run", arguments: args }) as {
        isError?: boolean;
        structuredContent: { results: RunResult[]; totalCostUsd: number; unpriced: number };
        content: { text: string }[];
      };
    try {
      await t.step(
        "a prompt and an injected one: one answered and priced, one not run",
        async () => {
          fake.reply({
            ok: {
              text: "Paris",
              usage: { prompt_tokens: 20, completion_tokens: 2, total_tokens: 22 },
            },
          });
          const result = await run({
            provider: "openai",
            prompts: [
              "What is the capital of France?",
              // Instructions hidden in invisible Unicode tag characters: blocked by the pre-check.
              "Summarize this: hello" +
              String.fromCodePoint(0xE0061, 0xE006E, 0xE0064, 0xE0020, 0xE0072, 0xE006D),
            ],
            concurrency: 1,
            session_id: "sess-1",
          });
          const [answered, blocked] = result.structuredContent.results;
          assert.equal(answered.status, "ok");
          assert.equal(answered.text, "Paris");
          assert.deepEqual(answered.usage, { input: 20, output: 2 });
          assert.ok(typeof answered.costUsd === "number" && answered.costUsd > 0);
          assert.equal(blocked.status, "blocked");
          assert.ok(["deny", "ask", "block"].includes(blocked.decision), blocked.decision);
          assert.ok(
            blocked.reasons.some((r) => /^injection\./.test(r)),
            blocked.reasons.join("; "),
          );
          assert.equal(fake.requests.length, 1, "the blocked prompt never reached the provider");
          assert.equal(fake.requests[0].headers.authorization, "Bearer sk-test-agent-run");
          assert.match(result.content[0].text, /not run: the pre-check says/);
        },
      );

      await t.step("n samples fan out; graders grade each answer", async () => {
        const before = fake.requests.length;
        const result = await run({
          provider: "openai",
          prompt: "Say something",
          n: 3,
          concurrency: 3,
          graders: ["non-empty"],
        });
        const { results } = result.structuredContent;
        assert.equal(results.length, 3);
        assert.deepEqual(results.map((r) => r.status), ["ok", "ok", "ok"]);
        assert.deepEqual(results.map((r) => r.grade?.pass), [true, true, true]);
        assert.equal(fake.requests.length - before, 3);
      });

      await t.step(
        "three server errors open the breaker; the next run says BREAKER_OPEN",
        async () => {
          fake.reply({ status: 500 }, { status: 500 }, { status: 500 });
          const failing = await run({ provider: "openai", prompt: "x", n: 3, concurrency: 1 });
          assert.deepEqual(
            failing.structuredContent.results.map((r) => r.error?.code),
            ["PROVIDER_FAILED", "PROVIDER_FAILED", "PROVIDER_FAILED"],
          );
          const before = fake.requests.length;
          const refused = await run({ provider: "openai", prompt: "x" });
          const [only] = refused.structuredContent.results;
          assert.equal(only.error?.code, "BREAKER_OPEN");
          assert.match(only.error?.message ?? "", /half-opens at/);
          assert.equal(fake.requests.length, before);
          const healing = await client.callTool({ name: "healing_status", arguments: {} }) as {
            structuredContent: { open: number };
          };
          assert.equal(healing.structuredContent.open, 1);
        },
      );

      await t.step("cost_summary shows agent_run's spend", async () => {
        const summary = await client.callTool({ name: "cost_summary", arguments: {} }) as {
          structuredContent: { today: { total: { calls: number } } };
        };
        assert.ok(summary.structuredContent.today.total.calls >= 7);
      });
    } finally {
      await client.close();
      await fake.close();
    }
  },
});
