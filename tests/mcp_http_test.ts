// The real server over Streamable HTTP, started as a subprocess: the SDK's Client with a
// token, and raw requests that must be refused (401, 403, 405) while it keeps serving.

import assert from "node:assert/strict";
// @ts-types="@modelcontextprotocol/sdk/client/index.d.ts"
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
// @ts-types="@modelcontextprotocol/sdk/client/streamableHttp.d.ts"
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { startServeHttp } from "./support.ts";

interface Server {
  url: string;
  token: string;
  tokenFile: string;
  stop(): Promise<void>;
}

async function startServer(): Promise<Server> {
  const server = await startServeHttp({ home: await Deno.makeTempDir() });
  return {
    ...server,
    async stop() {
      assert.equal(await server.stop(), 0, "server exits cleanly on SIGTERM");
    },
  };
}

const INIT = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: {
    protocolVersion: "2025-06-18",
    capabilities: {},
    clientInfo: { name: "raw", version: "0" },
  },
};

function post(server: Server, body: string, headers: Record<string, string> = {}) {
  return fetch(server.url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      authorization: `Bearer ${server.token}`,
      ...headers,
    },
    body,
  });
}

Deno.test("http: the SDK client lists and calls tools with the bearer token", async () => {
  const server = await startServer();
  try {
    const stat = await Deno.stat(server.tokenFile);
    assert.equal(stat.mode! & 0o777, 0o600, "token file is mode 0600");
    const client = new Client({ name: "taskorch-test", version: "0.0.0" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(server.url), {
        requestInit: { headers: { authorization: `Bearer ${server.token}` } },
      }),
    );
    const { tools } = await client.listTools();
    assert.ok(tools.some((t: { name: string }) => t.name === "immune_check"));
    const result = await client.callTool({ name: "immune_check", arguments: { prompt: "hi" } });
    assert.equal((result.structuredContent as { decision: string }).decision, "allow");
    await client.close();
  } finally {
    await server.stop();
  }
});

Deno.test("http: missing or wrong token is 401, foreign Origin or Host is 403, GET is 405", async () => {
  const server = await startServer();
  try {
    const missing = await post(server, JSON.stringify(INIT), { authorization: "" });
    assert.equal(missing.status, 401);
    assert.match(missing.headers.get("www-authenticate") ?? "", /^Bearer/);
    assert.match((await missing.json()).error.message, /token is required/);

    const wrong = await post(server, JSON.stringify(INIT), { authorization: "Bearer nope" });
    assert.equal(wrong.status, 401);
    assert.match((await wrong.json()).error.message, /token is wrong/);

    const origin = await post(server, JSON.stringify(INIT), { origin: "https://evil.example" });
    assert.equal(origin.status, 403);
    assert.match((await origin.json()).error.message, /Origin "https:\/\/evil.example"/);

    const sameOrigin = await post(server, JSON.stringify(INIT), {
      origin: new URL(server.url).origin,
    });
    assert.equal(sameOrigin.status, 200, "the server's own origin is allowed");
    await sameOrigin.body?.cancel();

    const get = await fetch(server.url, {
      headers: { authorization: `Bearer ${server.token}`, accept: "text/event-stream" },
    });
    assert.equal(get.status, 405);
    assert.equal(get.headers.get("allow"), "POST");
    await get.body?.cancel();

    // fetch cannot forge Host, so speak HTTP/1.1 on a raw socket as a rebinding page would.
    const { port } = new URL(server.url);
    const conn = await Deno.connect({ hostname: "127.0.0.1", port: Number(port) });
    const body = JSON.stringify(INIT);
    await conn.write(new TextEncoder().encode(
      `POST /mcp HTTP/1.1\r\nHost: attacker.example:${port}\r\nAuthorization: Bearer ${server.token}\r\n` +
        `Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n` +
        `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    ));
    const raw = new TextDecoder().decode(
      await new Response(conn.readable).arrayBuffer(),
    );
    assert.match(raw, /^HTTP\/1\.1 403/);
    assert.match(raw, /Host \\"attacker\.example/);

    const health = await fetch(server.url.replace("/mcp", "/healthz"));
    assert.equal(health.status, 200);
    assert.equal((await health.json()).ok, true);
  } finally {
    await server.stop();
  }
});

Deno.test("http: malformed JSON-RPC gets an error and the server keeps serving", async () => {
  const server = await startServer();
  try {
    const notJson = await post(server, "{this is not json");
    assert.equal(notJson.status, 400);
    const parsed = await notJson.json();
    assert.equal(parsed.error.code, -32700, "JSON-RPC parse error");

    const notRpc = await post(server, JSON.stringify({ hello: "world" }));
    assert.ok(notRpc.status >= 400 && notRpc.status < 500);
    assert.ok((await notRpc.json()).error, "an error object comes back");

    const unknownTool = await post(
      server,
      JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "nope" } }),
    );
    const unknownBody = await unknownTool.json();
    assert.ok(unknownBody.error || unknownBody.result?.isError, "unknown tool is an error");

    const init = await post(server, JSON.stringify(INIT));
    assert.equal(init.status, 200);
    const answer = await init.json();
    assert.equal(answer.result.serverInfo.name, "@taskorch/mcp");
  } finally {
    await server.stop();
  }
});

Deno.test("http: a failure recorded over MCP is in the memory POST /hook and immune_check read (one store, even :memory:)", async () => {
  const server = await startServer();
  try {
    const client = new Client({ name: "taskorch-test", version: "0.0.0" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(server.url), {
        requestInit: { headers: { authorization: `Bearer ${server.token}` } },
      }),
    );
    const recorded = await client.callTool({
      name: "immune_record_failure",
      arguments: {
        category: "destructive_command",
        text: "terraform apply -auto-approve on the staging stack",
        description: "replaced the staging database without a plan review",
        scope: "global",
      },
    });
    assert.equal(recorded.isError, undefined);
    const prompt = "Deploy the staging stack with terraform apply -auto-approve";
    const checked = await client.callTool({ name: "immune_check", arguments: { prompt } });
    assert.equal((checked.structuredContent as { decision: string }).decision, "warn");
    await client.close();
    const hook = await fetch(server.url.replace(/\/mcp$/, "/hook"), {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${server.token}` },
      body: JSON.stringify({ hook_event_name: "UserPromptSubmit", session_id: "s", prompt }),
    });
    const output = await hook.json();
    assert.match(output.hookSpecificOutput.additionalContext, /replaced the staging database/);
  } finally {
    await server.stop();
  }
});
