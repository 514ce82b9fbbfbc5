// Breakers across processes: state written by this process is seen by another process (a
// gate in a child Deno, and the healing_status tool of a real MCP server over stdio).

import assert from "node:assert/strict";
import { createBreakers } from "../core/breakers/breakers.ts";
import { openStore } from "../core/store.ts";
import { connectServeStdio, ROOT } from "./support.ts";

const GATE = `
import { createBreakers } from "${ROOT}core/breakers/breakers.ts";
import { openStore } from "${ROOT}core/store.ts";
using store = await openStore({ path: Deno.args[0] });
const breakers = createBreakers(store);
try {
  await breakers.gate("openai", "gpt-5-mini");
  if (Deno.args[1] === "succeed") await breakers.record("openai", "gpt-5-mini", { ok: true });
  console.log("passed");
} catch (error) {
  console.log(error.code + " " + error.message);
}
`;

async function gateInChild(kv: string, then = ""): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--config", `${ROOT}deno.json`, "--unstable-kv", GATE, kv, then],
    stdout: "piped",
    stderr: "piped",
  }).output();
  return new TextDecoder().decode(out.stdout).trim() + new TextDecoder().decode(out.stderr);
}

Deno.test("breakers: another process sees an open breaker, and its trial call closes it for us", async () => {
  const dir = await Deno.makeTempDir();
  const kv = `${dir}/taskorch.kv`;
  using store = await openStore({ path: kv });
  let now = Date.now();
  const breakers = createBreakers(store, { now: () => now });
  for (let i = 0; i < 3; i++) {
    await breakers.record("openai", "gpt-5-mini", { ok: false, error: "server 503: down" });
  }
  assert.match(await gateInChild(kv), /^BREAKER_OPEN .*open after 3 failures.*server 503/);
  // Make it due (as if 30 s passed): the other process's clock is the real one.
  now -= 31_000;
  const record = await store.get<Record<string, unknown>>(["breakers", "openai", "gpt-5-mini"]);
  const value = record.value as {
    halfOpenAt: number;
    openedAt: number;
    policy: { ownState: { openedAt: number } };
  };
  value.halfOpenAt -= 31_000;
  value.openedAt -= 31_000;
  value.policy.ownState.openedAt -= 31_000;
  await store.set(["breakers", "openai", "gpt-5-mini"], value);
  assert.equal(await gateInChild(kv, "succeed"), "passed");
  now = Date.now();
  assert.equal((await breakers.get("openai", "gpt-5-mini"))?.state, "closed");
});

Deno.test({
  name: "healing_status: the MCP tool shows breakers other processes wrote",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const home = await Deno.makeTempDir();
    const kv = `${home}/shared.kv`;
    {
      using store = await openStore({ path: kv });
      const breakers = createBreakers(store);
      for (let i = 0; i < 3; i++) {
        await breakers.record("anthropic", "claude-haiku-4-5", {
          ok: false,
          error: "rate_limit 429: slow down",
        });
      }
      await breakers.record("openai", "gpt-5-mini", { ok: false, error: "timeout" });
    }
    const client = await connectServeStdio({
      home: home,
      env: { TASKORCH_KV: kv },
      name: "healing-test",
    });
    try {
      const result = await client.callTool({ name: "healing_status", arguments: {} }) as {
        structuredContent: {
          breakers: {
            provider: string;
            state: string;
            consecutiveFailures: number;
            lastError: string | null;
            halfOpenAt: string | null;
          }[];
          open: number;
          settings: { failureThreshold: number; halfOpenAfterMs: number };
        };
        content: { text: string }[];
      };
      const { breakers, open, settings } = result.structuredContent;
      assert.equal(open, 1);
      assert.deepEqual(settings.failureThreshold, 3);
      assert.deepEqual(settings.halfOpenAfterMs, 30_000);
      const anthropic = breakers.find((b) => b.provider === "anthropic");
      assert.equal(anthropic?.state, "open");
      assert.match(anthropic?.lastError ?? "", /429/);
      assert.ok(anthropic?.halfOpenAt);
      assert.equal(breakers.find((b) => b.provider === "openai")?.state, "closed");
      assert.match(result.content[0].text, /anthropic\/claude-haiku-4-5: open until/);
      const filtered = await client.callTool({
        name: "healing_status",
        arguments: { provider: "openai" },
      }) as { structuredContent: { breakers: unknown[] } };
      assert.equal(filtered.structuredContent.breakers.length, 1);
    } finally {
      await client.close();
    }
  },
});
