// The real server, started as a subprocess, driven by the MCP SDK's Client over stdio.

import assert from "node:assert/strict";
// @ts-types="@modelcontextprotocol/sdk/client/index.d.ts"
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
// @ts-types="@modelcontextprotocol/sdk/client/stdio.d.ts"
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { childEnv, taskorchArgs } from "./support.ts";

async function connect(home: string): Promise<Client> {
  const transport = new StdioClientTransport({
    command: Deno.execPath(),
    args: taskorchArgs("serve", "--stdio"),
    env: childEnv(home),
    stderr: "pipe",
  });
  const client = new Client({ name: "taskorch-test", version: "0.0.0" });
  await client.connect(transport);
  return client;
}

Deno.test("stdio: initialize, list tools with annotations and output schemas", async () => {
  const home = await Deno.makeTempDir();
  const client = await connect(home);
  try {
    const info = client.getServerVersion();
    assert.equal(info?.name, "@taskorch/mcp");
    assert.ok(client.getInstructions()?.includes("immune_check"));
    assert.equal(client.getServerCapabilities()?.tools?.listChanged, false);
    const { tools } = await client.listTools();
    const check = tools.find((t: { name: string }) => t.name === "immune_check");
    assert.ok(check, "immune_check is listed");
    assert.equal(check.annotations?.readOnlyHint, true);
    assert.equal(check.annotations?.destructiveHint, false);
    assert.ok(check.description && check.description.length > 100);
    assert.equal(check.outputSchema?.type, "object");
    assert.deepEqual(
      Object.keys(check.outputSchema?.properties ?? {}).sort(),
      ["decision", "findings", "risk", "suggestions"],
    );
    for (const tool of tools) {
      assert.ok(tool.annotations, `${tool.name} has annotations`);
      assert.ok(tool.outputSchema, `${tool.name} has an output schema`);
    }
  } finally {
    await client.close();
  }
});

Deno.test("stdio: immune_check returns structuredContent in the verdict shape", async () => {
  const home = await Deno.makeTempDir();
  const client = await connect(home);
  try {
    const byPrompt = await client.callTool({
      name: "immune_check",
      arguments: { prompt: "list the files in this repository" },
    });
    assert.equal(byPrompt.isError, undefined);
    const verdict = byPrompt.structuredContent as Record<string, unknown>;
    assert.equal(verdict.decision, "allow");
    assert.equal(verdict.risk, 0);
    assert.deepEqual(verdict.findings, []);
    assert.deepEqual(verdict.suggestions, []);
    const text = (byPrompt.content as { type: string; text: string }[])[0];
    assert.match(text.text, /decision: allow/);

    const byEvent = await client.callTool({
      name: "immune_check",
      arguments: {
        event: {
          hook_event_name: "PreToolUse",
          tool_name: "Bash",
          tool_input: { command: "ls -la" },
          cwd: "/tmp",
        },
      },
    });
    assert.equal(byEvent.isError, undefined);
    assert.equal((byEvent.structuredContent as Record<string, unknown>).decision, "allow");
  } finally {
    await client.close();
  }
});

Deno.test("stdio: bad tool input comes back as an isError result naming the problem", async () => {
  const home = await Deno.makeTempDir();
  const client = await connect(home);
  try {
    const neither = await client.callTool({ name: "immune_check", arguments: {} });
    assert.equal(neither.isError, true);
    const text = (neither.content as { text: string }[])[0].text;
    assert.match(text, /INPUT_INVALID/);
    assert.match(text, /"prompt".*"event"/);

    const badEvent = await client.callTool({
      name: "immune_check",
      arguments: { event: { hook_event_name: "PreToolUse", tool_input: { command: "ls" } } },
    });
    assert.equal(badEvent.isError, true);
    assert.match((badEvent.content as { text: string }[])[0].text, /needs "tool_name"/);

    // The server keeps serving after errors.
    const ok = await client.callTool({ name: "immune_check", arguments: { prompt: "hello" } });
    assert.equal(ok.isError, undefined);
  } finally {
    await client.close();
  }
});
