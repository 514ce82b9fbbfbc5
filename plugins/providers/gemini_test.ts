import assert from "node:assert/strict";
import { PluginTester } from "@taskorch/mcp/testing";
import { startFakeGemini } from "../../tests/fixtures/fake_providers/gemini.ts";
import { providerConformance } from "../../tests/fixtures/fake_providers/conformance.ts";
import provider, { mapGeminiUsage } from "./gemini.ts";

providerConformance({
  name: "gemini",
  module: new URL("./gemini.ts", import.meta.url),
  startFake: startFakeGemini,
  grant: { net: ["generativelanguage.googleapis.com"], env: ["GEMINI_API_KEY"] },
  keyEnv: "GEMINI_API_KEY",
  usage: {
    wire: {
      promptTokenCount: 3000,
      cachedContentTokenCount: 2048,
      candidatesTokenCount: 64,
      thoughtsTokenCount: 400,
      totalTokenCount: 3464,
    },
    mapped: { input: 952, cache_read: 2048, output: 64, reasoning: 400 },
  },
  finish: "MAX_TOKENS",
  rateLimited: {
    // Gemini says when to retry in the error body (google.rpc.RetryInfo), not in a header.
    reply: {
      status: 429,
      body: {
        error: {
          code: 429,
          message: "Resource has been exhausted (e.g. check quota).",
          status: "RESOURCE_EXHAUSTED",
          details: [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "17s" }],
        },
      },
    },
    retryAfterMs: 17_000,
  },
  checkRequest(request) {
    assert.equal(request.path, "/v1beta/models/model-x:generateContent");
    assert.equal(request.headers["x-goog-api-key"], "test-key-123");
    const body = request.body as Record<string, unknown>;
    assert.deepEqual(body.contents, [
      { role: "user", parts: [{ text: "What is 2+2?" }] },
      { role: "model", parts: [{ text: "4" }] },
      { role: "user", parts: [{ text: "And 3+3?" }] },
    ]);
    assert.deepEqual(body.systemInstruction, {
      parts: [{ text: "Answer briefly." }],
      role: "user",
    });
    assert.deepEqual(body.generationConfig, { maxOutputTokens: 77, temperature: 0.2 });
  },
});

Deno.test("gemini: tool-use prompt tokens are input", () => {
  assert.deepEqual(
    mapGeminiUsage({ promptTokenCount: 10, toolUsePromptTokenCount: 5, candidatesTokenCount: 2 }),
    { input: 15, output: 2 },
  );
});

new PluginTester(provider).run("gemini (options)", {
  invalidOptions: [{ name: "timeout negative", options: { timeoutMs: -1 }, error: "timeoutMs" }],
});
