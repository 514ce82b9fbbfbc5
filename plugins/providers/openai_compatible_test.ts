import assert from "node:assert/strict";
import { PluginTester } from "@taskorch/mcp/testing";
import { startPlugin } from "../../core/sandbox.ts";
import { startFakeOpenAI } from "../../tests/fixtures/fake_providers/openai.ts";
import {
  CONFIG,
  failure,
  providerConformance,
} from "../../tests/fixtures/fake_providers/conformance.ts";
import provider from "./openai_compatible.ts";

const MODULE = new URL("./openai_compatible.ts", import.meta.url);

providerConformance({
  name: "openai-compatible",
  module: MODULE,
  startFake: startFakeOpenAI,
  grant: { env: ["ROUTER_KEY"] },
  keyEnv: "ROUTER_KEY",
  options: { apiKeyEnv: "ROUTER_KEY", model: "llama3.2", label: "router" },
  usage: {
    wire: { prompt_tokens: 30, completion_tokens: 9, prompt_tokens_details: { cached_tokens: 10 } },
    mapped: { input: 20, cache_read: 10, output: 9 },
  },
  finish: "stop",
  rateLimited: { reply: { status: 429, headers: { "retry-after-ms": "250" } }, retryAfterMs: 250 },
  checkRequest(request) {
    assert.equal(request.headers.authorization, "Bearer test-key-123");
    assert.equal((request.body as { model: string }).model, "model-x");
  },
});

Deno.test("openai-compatible: without a key (Ollama) it sends none that matters and uses its model", async () => {
  const fake = await startFakeOpenAI();
  const plugin = await startPlugin(MODULE.href, {
    kind: "provider",
    config: CONFIG,
    grant: { net: [fake.host] },
    options: { baseUrl: fake.url, model: "llama3.2", label: "ollama" },
  });
  try {
    const result = await plugin.complete({ messages: [{ role: "user", content: "hi" }] });
    assert.equal(result.text, "fake answer: hi");
    assert.equal((fake.requests[0].body as { model: string }).model, "llama3.2");
  } finally {
    await plugin.close();
    await fake.close();
  }
});

Deno.test("openai-compatible: a base URL whose host is not granted is unreachable", async () => {
  const fake = await startFakeOpenAI();
  const plugin = await startPlugin(MODULE.href, {
    kind: "provider",
    config: CONFIG,
    grant: { net: ["127.0.0.1:1"] },
    options: { baseUrl: fake.url, model: "llama3.2", label: "ollama" },
  });
  try {
    const info = await failure(plugin.complete({ messages: [{ role: "user", content: "hi" }] }));
    assert.equal(info.kind, "network");
    assert.match(info.message, /ollama: cannot connect.*net access/i);
    assert.equal(fake.requests.length, 0);
  } finally {
    await plugin.close();
    await fake.close();
  }
});

new PluginTester(provider).run("openai-compatible (options)", {
  invalidOptions: [
    { name: "no base URL", options: { model: "m" }, error: "baseUrl" },
    { name: "no model", options: { baseUrl: "http://127.0.0.1:11434/v1" }, error: "model" },
  ],
});
