/**
 * What the server-wide provider pool saves: `agent_run` and `grade_output` with an LLM judge
 * over a real `taskorch serve --stdio`, the real `openai` provider plugin in its sandbox,
 * against the local fake OpenAI server. The first call starts the plugin (cold start); the
 * calls after it reuse the running process.
 *
 *   ./tools/deno run -A bench/provider_pool.ts [--calls 20]
 *
 * @module
 */

import { parseArgs } from "node:util";
import { openaiPluginYaml, startFakeOpenAI } from "../tests/fixtures/fake_providers/openai.ts";
import { connectServeStdio, projectWithConfig } from "../tests/support.ts";

const { values } = parseArgs({ args: Deno.args, options: { calls: { type: "string" } } });
const calls = Number(values.calls ?? 20);

const fake = await startFakeOpenAI();
const home = await Deno.makeTempDir();
const cwd = await projectWithConfig(
  [...openaiPluginYaml(fake), "graders:", "  judge: { provider: openai, cache_ttl_hours: 0 }", ""]
    .join("\n"),
);
const client = await connectServeStdio({
  home,
  env: { TASKORCH_KV: `${home}/taskorch.kv`, OPENAI_API_KEY: "sk-bench" },
  cwd,
  name: "bench-provider-pool",
});

async function time(what: () => Promise<unknown>): Promise<number> {
  const began = performance.now();
  await what();
  return performance.now() - began;
}
const run = () =>
  client.callTool({ name: "agent_run", arguments: { provider: "openai", prompt: "hi" } });
const verdict = JSON.stringify({ score: 1, pass: true, reason: "ok", evidence: [] });
const judge = (i: number) => {
  fake.reply({ ok: { text: verdict } });
  return client.callTool({
    name: "grade_output",
    arguments: { output: `answer ${i}`, task: "answer", graders: ["rubric"], learn: false },
  });
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)];
try {
  const first = await time(run);
  const warm: number[] = [];
  for (let i = 0; i < calls; i++) warm.push(await time(run));
  const judged: number[] = [];
  for (let i = 0; i < calls; i++) judged.push(await time(() => judge(i)));
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  console.log(`| call over serve --stdio | first | median | p90 |`);
  console.log(`| --- | --- | --- | --- |`);
  console.log(`| agent_run (1 prompt) | ${ms(first)} | ${ms(median(warm))} | ${ms(p90(warm))} |`);
  console.log(
    `| grade_output, rubric judge (after agent_run started the plugin) | - | ${
      ms(median(judged))
    } | ${ms(p90(judged))} |`,
  );
  console.log(`(${calls} calls each)`);
} finally {
  await client.close();
  await fake.close();
}
