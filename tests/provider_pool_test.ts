// The server-wide provider pool: `taskorch serve` (stdio and HTTP) starts a configured
// provider plugin on first use and keeps it, shared by agent_run and the LLM judges; the
// runtime closes it on shutdown. The provider fixture answers with its own process id, so
// "started once" is what the client sees, not an internal counter.

import assert from "node:assert/strict";
// @ts-types="@modelcontextprotocol/sdk/client/index.d.ts"
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
// @ts-types="@modelcontextprotocol/sdk/client/streamableHttp.d.ts"
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { applyConfig, defaultConfig } from "../core/config.ts";
import { createRuntime } from "../core/runtime.ts";
import { childEnv, connectServeStdio, projectWithConfig, ROOT, startServeHttp } from "./support.ts";

const PID_PROVIDER = `${ROOT}tests/fixtures/plugins/pid_provider.ts`;

/** A workspace with the pid provider, also the LLM judges' provider. */
function project(): Promise<string> {
  return projectWithConfig(
    [
      "plugins:",
      `  - { from: ${PID_PROVIDER}, kind: provider, name: local }`,
      "graders:",
      "  judge: { provider: local, cache_ttl_hours: 0 }",
      "",
    ].join("\n"),
  );
}

type Call = (name: string, args: Record<string, unknown>) => Promise<{
  isError?: boolean;
  structuredContent: Record<string, unknown>;
  content: { text: string }[];
}>;

function caller(client: Client): Call {
  return async (name, args) =>
    await client.callTool({ name, arguments: args }) as Awaited<
      ReturnType<Call>
    >;
}

/** The pid in one agent_run answer. */
async function runPid(call: Call): Promise<number> {
  const result = await call("agent_run", { provider: "local", prompt: "which process?" });
  const [only] = result.structuredContent.results as { status: string; text?: string }[];
  assert.equal(only.status, "ok", result.content[0].text);
  const pid = Number(/^pid (\d+)$/.exec(only.text ?? "")?.[1]);
  assert.ok(pid > 0, only.text);
  return pid;
}

const alive = async (pid: number) => await Deno.stat(`/proc/${pid}`).then(() => true, () => false);

Deno.test({
  name: "serve --stdio: two agent_run calls and a judge share one provider process",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const home = await Deno.makeTempDir();
    const client = await connectServeStdio({
      home: home,
      env: { TASKORCH_KV: `${home}/taskorch.kv` },
      cwd: await project(),
      name: "provider-pool-test",
    });
    let pid: number;
    try {
      const call = caller(client);
      pid = await runPid(call);
      assert.equal(await runPid(call), pid, "the second agent_run reached the same process");
      const graded = await call("grade_output", {
        output: "4",
        task: "What is 2+2?",
        graders: ["rubric"],
        learn: false,
      });
      const [rubric] = (graded.structuredContent as {
        graders: { status: string; reason: string; evidence: string[] }[];
      }).graders;
      assert.equal(rubric.status, "graded", rubric.reason);
      assert.equal(rubric.reason, `pid ${pid}`, "the judge called the same provider process");
      assert.ok(
        rubric.evidence.some((e) => /^unpriced: local\/pid-model has no price/.test(e)),
        rubric.evidence.join("; "),
      );
      assert.ok(await alive(pid), "kept between calls");
      // plugins_list shows the running provider, its meta and its calls.
      const listed = await call("plugins_list", {});
      const [local] = (listed.structuredContent as {
        plugins: { name: string; state: string; meta: { name: string } | null; calls: unknown }[];
      }).plugins;
      assert.equal(local.name, "local");
      assert.equal(local.state, "running");
      assert.ok(local.meta?.name, "its meta, from its hello");
      assert.deepEqual(local.calls, { ok: 3, timeouts: 0, failed: 0 });
    } finally {
      await client.close();
    }
  },
});

Deno.test({
  name: "serve --http: stateless requests share one provider process",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const home = await Deno.makeTempDir();
    const server = await startServeHttp({
      home,
      cwd: await project(),
      env: childEnv(home, { TASKORCH_KV: `${home}/taskorch.kv` }),
    });
    let pid = 0;
    try {
      // A fresh client (and connection) per call: nothing but the server's pool is shared.
      for (let i = 0; i < 2; i++) {
        const client = new Client({ name: "provider-pool-http", version: "0.0.0" });
        await client.connect(
          new StreamableHTTPClientTransport(new URL(server.url), {
            requestInit: { headers: { authorization: `Bearer ${server.token}` } },
          }),
        );
        try {
          const seen = await runPid(caller(client));
          if (i === 0) pid = seen;
          else assert.equal(seen, pid, "the second request reached the same process");
        } finally {
          await client.close();
        }
      }
      assert.ok(await alive(pid));
    } finally {
      assert.equal(await server.stop(), 0);
    }
    assert.equal(await alive(pid), false, "closed on server shutdown");
  },
});

Deno.test({
  name: "the runtime starts its providers on first use and closes them with itself",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const home = await Deno.makeTempDir();
    const config = applyConfig(defaultConfig(), {
      plugins: [{ from: PID_PROVIDER, kind: "provider", name: "local" }],
    }, `${home}/.taskorch/config.yaml`);
    const runtime = await createRuntime({ kv: ":memory:", config, noBuiltins: true });
    const providers = await runtime.providers();
    assert.equal(await runtime.providers(), providers, "one instance for the runtime's life");
    const answer = await providers.complete("local", {
      messages: [{ role: "user", content: "pid?" }],
    }, { caller: "test" });
    const pid = Number(answer.text.slice(4));
    assert.ok(await alive(pid));
    await runtime.close();
    assert.equal(await alive(pid), false, "the provider process ended with the runtime");
    await assert.rejects(runtime.providers(), /closed/);
  },
});
