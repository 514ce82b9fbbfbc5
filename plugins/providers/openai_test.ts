import assert from "node:assert/strict";
import { PluginTester } from "@taskorch/mcp/testing";
import { startFakeOpenAI } from "../../tests/fixtures/fake_providers/openai.ts";
import { CONFIG, providerConformance } from "../../tests/fixtures/fake_providers/conformance.ts";
import { mapOpenAIUsage } from "./openai_chat.ts";
import provider from "./openai.ts";

const MODULE = new URL("./openai.ts", import.meta.url);

providerConformance({
  name: "openai",
  module: MODULE,
  startFake: startFakeOpenAI,
  grant: { net: ["api.openai.com"], env: ["OPENAI_API_KEY"] },
  keyEnv: "OPENAI_API_KEY",
  usage: {
    wire: {
      prompt_tokens: 2000,
      completion_tokens: 500,
      total_tokens: 2500,
      prompt_tokens_details: { cached_tokens: 1536 },
      completion_tokens_details: { reasoning_tokens: 320 },
    },
    mapped: { input: 464, cache_read: 1536, output: 180, reasoning: 320 },
  },
  finish: "length",
  rateLimited: { reply: { status: 429, headers: { "retry-after": "7" } }, retryAfterMs: 7000 },
  checkRequest(request) {
    assert.equal(request.path, "/v1/chat/completions");
    assert.equal(request.headers.authorization, "Bearer test-key-123");
    assert.deepEqual(request.body, {
      model: "model-x",
      messages: [
        { role: "system", content: "Answer briefly." },
        { role: "user", content: "What is 2+2?" },
        { role: "assistant", content: "4" },
        { role: "user", content: "And 3+3?" },
      ],
      max_completion_tokens: 77,
      temperature: 0.2,
    });
  },
});

Deno.test("openai: usage without details has no cache or reasoning keys", () => {
  assert.deepEqual(mapOpenAIUsage({ prompt_tokens: 10, completion_tokens: 3 }), {
    input: 10,
    output: 3,
  });
  assert.deepEqual(mapOpenAIUsage(null), { input: 0, output: 0 });
});

new PluginTester(provider).run("openai (options)", {
  invalidOptions: [
    { name: "a base URL that is not a URL", options: { baseUrl: "api" }, error: "baseUrl" },
    { name: "a key variable with a space", options: { apiKeyEnv: "A B" }, error: "apiKeyEnv" },
    { name: "an unknown option", options: { modle: "x" }, error: "modle" },
  ],
});

Deno.test("openai: PluginTester through the sandbox against the fake", async () => {
  const fake = await startFakeOpenAI();
  try {
    const outcomes = await new PluginTester(provider, {
      sandbox: true,
      module: MODULE,
      config: CONFIG,
      // PluginTester passes no environment: PATH stands in for a set key variable.
      grant: { net: ["api.openai.com", fake.host], env: ["OPENAI_API_KEY", "PATH"] },
      options: { baseUrl: fake.url, apiKeyEnv: "PATH" },
    }).runCases({
      valid: [
        { name: "one message", input: { messages: [{ role: "user", content: "hi" }] } },
        {
          name: "json asked",
          input: { messages: [{ role: "user", content: "{}" }], response_format: "json" },
        },
      ],
    });
    assert.deepEqual(outcomes.filter((o) => !o.ok), []);
    assert.ok(outcomes.length >= 2);
    const json = fake.requests.find((r) => JSON.stringify(r.body).includes("json_object"));
    assert.ok(json, "response_format json reached the wire as json_object");
  } finally {
    await fake.close();
  }
});
