/**
 * The inbox over MCP, with the real SDK Client and the real `taskorch serve`: an agent cannot
 * approve its own request. `approve_action` is refused without elicitation (and over stateless
 * HTTP), changes nothing when the user declines or cancels the form, and approves or rejects
 * only with the user's answer.
 */

import assert from "node:assert/strict";
// @ts-types="@modelcontextprotocol/sdk/client/index.d.ts"
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
// @ts-types="@modelcontextprotocol/sdk/client/stdio.d.ts"
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
// @ts-types="@modelcontextprotocol/sdk/client/streamableHttp.d.ts"
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
// @ts-types="@modelcontextprotocol/sdk/types.d.ts"
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { createInbox } from "../core/inbox/inbox.ts";
import { openStore } from "../core/store.ts";
import { childEnv, startServeHttp, taskorchArgs } from "./support.ts";

type Answer = { action: "accept" | "decline" | "cancel"; content?: Record<string, unknown> };

/** Queues `n` items in the KV file and returns their ids. */
async function queue(kv: string, n: number): Promise<string[]> {
  using store = await openStore({ path: kv });
  const inbox = createInbox(store, { learnRejections: false });
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const severity = i === 0 ? "critical" as const : "high" as const;
    const { item } = await inbox.enqueue({
      hook_event_name: "PreToolUse",
      tool_name: "Bash",
      tool_input: { command: `git push --force origin branch-${i}` },
      cwd: "/w",
    }, {
      decision: "ask",
      risk: 0.6,
      suggestions: [],
      findings: [{
        rule: "git.force-push",
        category: "destructive_command",
        severity,
        message: "force push",
      }],
    });
    ids.push(item.id);
  }
  return ids;
}

async function status(kv: string, id: string): Promise<Record<string, unknown> | null> {
  using store = await openStore({ path: kv });
  return await createInbox(store).get(id) as unknown as Record<string, unknown> | null;
}

/** A client over stdio; with `answer`, it declares elicitation and answers forms with it. */
async function connect(
  home: string,
  kv: string,
  answer?: (message: string) => Answer,
): Promise<{ client: Client; forms: string[] }> {
  const transport = new StdioClientTransport({
    command: Deno.execPath(),
    args: taskorchArgs("serve", "--stdio"),
    env: childEnv(home, { TASKORCH_KV: kv, USER: "ana" }),
    stderr: "pipe",
  });
  const forms: string[] = [];
  const client = new Client(
    { name: "taskorch-inbox-test", version: "0.0.0" },
    answer ? { capabilities: { elicitation: { form: {} } } } : {},
  );
  if (answer) {
    client.setRequestHandler(ElicitRequestSchema, (request: { params: unknown }) => {
      const params = request.params as { message: string; requestedSchema?: unknown };
      forms.push(params.message);
      assert.ok(params.requestedSchema, "a form-mode elicitation carries its schema");
      return answer(params.message);
    });
  }
  await client.connect(transport);
  return { client, forms };
}

function text(result: unknown): string {
  const content = (result as { content: { type: string; text: string }[] }).content;
  return content.map((c) => c.text).join("\n");
}

Deno.test("approve_action: refused without elicitation, declined or cancelled changes nothing, accepted decides", async () => {
  const home = await Deno.makeTempDir({ prefix: "taskorch-inbox-mcp-" });
  const kv = `${home}/taskorch.kv`;
  const [critical, second, third] = await queue(kv, 3);
  try {
    // 1. A client that never declared elicitation: the agent's own call is refused.
    {
      const { client } = await connect(home, kv);
      try {
        const result = await client.callTool({
          name: "approve_action",
          arguments: { id: critical, reason: "I need to push" },
        });
        assert.equal(result.isError, true);
        assert.match(text(result), /INBOX_FORBIDDEN.*elicitation.*taskorch inbox approve ID/s);
        assert.equal((await status(kv, critical))?.status, "PENDING");

        // inbox_status: filters by risk and status; history.
        const listed = await client.callTool({
          name: "inbox_status",
          arguments: { min_risk: "CRITICAL" },
        });
        const content = listed.structuredContent as { pending: number; items: { id: string }[] };
        assert.equal(content.pending, 3);
        assert.deepEqual(content.items.map((i) => i.id), [critical]);
      } finally {
        await client.close();
      }
    }
    // 2. The user declines, then cancels: nothing changes.
    for (const action of ["decline", "cancel"] as const) {
      const { client, forms } = await connect(home, kv, () => ({ action }));
      try {
        const result = await client.callTool({
          name: "approve_action",
          arguments: { id: critical },
        });
        assert.equal(result.isError, undefined, text(result));
        assert.equal(
          (result.structuredContent as { outcome: string }).outcome,
          action === "decline" ? "declined" : "cancelled",
        );
        assert.match(forms[0], new RegExp(`#${critical} \\(risk CRITICAL\\)`));
        assert.match(forms[0], /git push --force origin branch-0/);
        assert.equal((await status(kv, critical))?.status, "PENDING");
      } finally {
        await client.close();
      }
    }
    // 3. The user accepts: their choice decides, whatever the agent suggested.
    {
      const { client } = await connect(
        home,
        kv,
        (message) =>
          message.includes(`#${second} `)
            ? { action: "accept", content: { decision: "approve" } }
            : { action: "accept", content: { decision: "reject", reason: "not today" } },
      );
      try {
        const approved = await client.callTool({
          name: "approve_action",
          arguments: { id: `#${second.toLowerCase()}`, decision: "reject" },
        });
        assert.equal(
          (approved.structuredContent as { outcome: string }).outcome,
          "approved",
          text(approved),
        );
        const rejected = await client.callTool({
          name: "approve_action",
          arguments: { id: third },
        });
        assert.equal((rejected.structuredContent as { outcome: string }).outcome, "rejected");
        const decided = await status(kv, second);
        assert.equal(decided?.status, "APPROVED");
        assert.equal(decided?.channel, "mcp");
        assert.equal(decided?.decidedBy, "ana (MCP elicitation)");
        assert.equal((await status(kv, third))?.reason, "not today");

        const again = await client.callTool({ name: "approve_action", arguments: { id: second } });
        assert.equal(again.isError, true);
        assert.match(text(again), /INBOX_ALREADY_DECIDED/);

        const history = await client.callTool({
          name: "inbox_status",
          arguments: { history: true, status: ["APPROVED", "REJECTED"] },
        });
        const items = (history.structuredContent as { items: { id: string; status: string }[] })
          .items;
        assert.deepEqual(items.map((i) => i.status).sort(), ["APPROVED", "REJECTED"]);
        const one = await client.callTool({ name: "inbox_status", arguments: { id: third } });
        assert.equal(
          (one.structuredContent as { items: { reason: string }[] }).items[0].reason,
          "not today",
        );
      } finally {
        await client.close();
      }
    }
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("approve_action over stateless HTTP is refused: it cannot elicit", async () => {
  const home = await Deno.makeTempDir({ prefix: "taskorch-inbox-mcp-http-" });
  const kv = `${home}/taskorch.kv`;
  const [id] = await queue(kv, 1);
  const server = await startServeHttp({ home, env: childEnv(home, { TASKORCH_KV: kv }) });
  const client = new Client(
    { name: "taskorch-inbox-http-test", version: "0.0.0" },
    { capabilities: { elicitation: { form: {} } } },
  );
  client.setRequestHandler(ElicitRequestSchema, () => ({
    action: "accept",
    content: { decision: "approve" },
  }));
  try {
    await client.connect(
      new StreamableHTTPClientTransport(new URL(server.url), {
        requestInit: { headers: { authorization: `Bearer ${server.token}` } },
      }),
    );
    const result = await client.callTool({ name: "approve_action", arguments: { id } });
    assert.equal(result.isError, true);
    assert.match(text(result), /INBOX_FORBIDDEN.*stateless HTTP/);
    assert.equal((await status(kv, id))?.status, "PENDING");
  } finally {
    await client.close();
    await server.stop();
    await Deno.remove(home, { recursive: true });
  }
});
