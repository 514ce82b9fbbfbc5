import assert from "node:assert/strict";
import { PluginTester } from "@taskorch/mcp/testing";
import { startFakeAnthropic } from "../../tests/fixtures/fake_providers/anthropic.ts";
import { providerConformance } from "../../tests/fixtures/fake_providers/conformance.ts";
import provider, { mapAnthropicUsage } from "./anthropic.ts";

providerConformance({
  name: "anthropic",
  module: new URL("./anthropic.ts", import.meta.url),
  startFake: startFakeAnthropic,
  grant: { net: ["api.anthropic.com"], env: ["ANTHROPIC_*"] },
  keyEnv: "ANTHROPIC_API_KEY",
  usage: {
    wire: {
      input_tokens: 40,
      output_tokens: 210,
      cache_read_input_tokens: 9000,
      cache_creation_input_tokens: 1200,
      cache_creation: { ephemeral_5m_input_tokens: 1000, ephemeral_1h_input_tokens: 200 },
    },
    mapped: { input: 40, output: 210, cache_read: 9000, cache_write: 1000, cache_write_1h: 200 },
  },
  finish: "max_tokens",
  rateLimited: {
    reply: { status: 429, headers: { "retry-after": "12" } },
    retryAfterMs: 12_000,
  },
  checkRequest(request) {
    assert.equal(request.path, "/v1/messages");
    // The SDK decides the header (x-api-key, or a bearer token in recent versions).
    const auth = request.headers["x-api-key"] ?? request.headers.authorization;
    assert.match(auth ?? "", /test-key-123/);
    assert.ok(request.headers["anthropic-version"], "the SDK sends anthropic-version");
    assert.deepEqual(request.body, {
      model: "model-x",
      max_tokens: 77,
      system: "Answer briefly.",
      temperature: 0.2,
      messages: [
        { role: "user", content: "What is 2+2?" },
        { role: "assistant", content: "4" },
        { role: "user", content: "And 3+3?" },
      ],
    });
  },
});

Deno.test("anthropic: cache writes without a TTL breakdown are 5-minute writes", () => {
  assert.deepEqual(
    mapAnthropicUsage({ input_tokens: 5, output_tokens: 1, cache_creation_input_tokens: 70 }),
    { input: 5, output: 1, cache_write: 70 },
  );
});

new PluginTester(provider).run("anthropic (options)", {
  invalidOptions: [
    { name: "max tokens zero", options: { maxTokens: 0 }, error: "maxTokens" },
    { name: "an empty model", options: { model: "" }, error: "model" },
  ],
});
