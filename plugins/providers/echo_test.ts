import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { PluginTester } from "@taskorch/mcp/testing";
import { startPlugin } from "../../core/sandbox.ts";
import provider from "./echo.ts";

const CONFIG = fileURLToPath(new URL("../../deno.json", import.meta.url));
const MODULE = new URL("./echo.ts", import.meta.url);

const tests = {
  valid: [
    { name: "a prompt", input: { prompt: "hello" } },
    {
      name: "chat messages",
      input: {
        messages: [{ role: "user", content: "a" }, { role: "assistant", content: "b" }],
      },
    },
    { name: "an empty request", input: {} },
  ],
  invalidOptions: [{ name: "prefix not text", options: { prefix: 1 }, error: "prefix" }],
};

new PluginTester(provider).run("echo (in process)", tests);
new PluginTester(provider, { sandbox: true, module: MODULE, config: CONFIG })
  .run("echo (sandboxed)", { valid: tests.valid });

Deno.test("echo: through the sandbox it answers with the last user message and the prefix", async () => {
  const sandboxed = await startPlugin(MODULE.href, {
    kind: "provider",
    config: CONFIG,
    options: { prefix: "> " },
  });
  try {
    const result = await sandboxed.complete({
      messages: [
        { role: "user", content: "first question" },
        { role: "assistant", content: "an answer" },
        { role: "user", content: "second question" },
      ],
    });
    assert.deepEqual(result, {
      text: "> second question",
      usage: { input: 2, output: 3 },
      model: "echo",
    });
  } finally {
    await sandboxed.close();
  }
});
