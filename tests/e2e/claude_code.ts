/**
 * End to end with the real Claude Code: `taskorch init claude --user` into a temporary HOME,
 * then `claude -p` against a local stand-in for the Anthropic Messages API (no network, no
 * account) that makes the agent call Bash and then claim success. Checks, from Claude Code's
 * own transcript and taskorch's store, that every event went through taskorch:
 *
 * 1. SessionStart prints the canary line; a force push is stopped at PreToolUse: `claude -p`
 *    is headless, so it is queued in the approval inbox and denied with its #ID; after
 *    `taskorch inbox approve ID` the same call passes;
 * 2. "all tests pass" with no test run is blocked at Stop twice, then the agent is let stop;
 * 3. a failing `ls` reaches PostToolUseFailure and is recorded under `["outcomes", ...]`.
 *
 * Not part of `deno test` (it needs Claude Code, from npm):
 *
 *     npm install --prefix /tmp/cc @anthropic-ai/claude-code@2.1.197
 *     ./tools/deno run -A tests/e2e/claude_code.ts --claude /tmp/cc/node_modules/.bin/claude
 *
 * @module
 */

import assert from "node:assert/strict";
import { parseArgs } from "node:util";
import { MOD, ROOT } from "../support.ts";

const { values } = parseArgs({ options: { claude: { type: "string" } } });
if (!values.claude) throw new Error("pass --claude PATH (Claude Code's `claude` binary)");

const scenario = { command: "", final: "" };

type Block = { type: "text"; text: string } | {
  type: "tool_use";
  id: string;
  name: string;
  input: unknown;
};

function sse(content: Block[], stop: string): Response {
  const events: [string, unknown][] = [["message_start", {
    type: "message_start",
    message: {
      id: `msg_${crypto.randomUUID().slice(0, 8)}`,
      type: "message",
      role: "assistant",
      model: "claude-sonnet-4-5",
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 10, output_tokens: 1 },
    },
  }]];
  content.forEach((block, index) => {
    const start = block.type === "text" ? { type: "text", text: "" } : { ...block, input: {} };
    events.push(["content_block_start", {
      type: "content_block_start",
      index,
      content_block: start,
    }]);
    const delta = block.type === "text"
      ? { type: "text_delta", text: block.text }
      : { type: "input_json_delta", partial_json: JSON.stringify(block.input) };
    events.push(["content_block_delta", { type: "content_block_delta", index, delta }]);
    events.push(["content_block_stop", { type: "content_block_stop", index }]);
  });
  events.push(["message_delta", {
    type: "message_delta",
    delta: { stop_reason: stop, stop_sequence: null },
    usage: { output_tokens: 5 },
  }]);
  events.push(["message_stop", { type: "message_stop" }]);
  const body = events.map(([e, d]) => `event: ${e}\ndata: ${JSON.stringify(d)}\n\n`).join("");
  return new Response(body, { headers: { "content-type": "text/event-stream" } });
}

const api = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (request) => {
  const body = await request.json().catch(() => ({}));
  if (!new URL(request.url).pathname.endsWith("/messages")) return Response.json({});
  const last = JSON.stringify(body.messages?.at?.(-1)?.content ?? "");
  const toolTurn = Array.isArray(body.tools) && body.tools.length > 0 &&
    !last.includes("tool_result");
  const content: Block[] = toolTurn
    ? [{
      type: "tool_use",
      id: `toolu_${crypto.randomUUID().slice(0, 8)}`,
      name: "Bash",
      input: { command: scenario.command, description: "run" },
    }]
    : [{ type: "text", text: scenario.final }];
  const stop = toolTurn ? "tool_use" : "end_turn";
  if (body.stream) return sse(content, stop);
  return Response.json({
    id: "msg_x",
    type: "message",
    role: "assistant",
    model: "claude-sonnet-4-5",
    content,
    stop_reason: stop,
    stop_sequence: null,
    usage: { input_tokens: 10, output_tokens: 5 },
  });
});

const home = await Deno.makeTempDir({ prefix: "taskorch-e2e-home-" });
const project = await Deno.makeTempDir({ prefix: "taskorch-e2e-project-" });
const kv = `${home}/taskorch.kv`;
const env: Record<string, string> = {
  ...Deno.env.toObject(),
  HOME: home,
  DENO_DIR: Deno.env.get("DENO_DIR") ?? `${Deno.env.get("HOME")}/.cache/deno`,
  TASKORCH_HOME: `${home}/.taskorch`,
  TASKORCH_KV: kv,
  ANTHROPIC_BASE_URL: `http://127.0.0.1:${api.addr.port}`,
  ANTHROPIC_API_KEY: "sk-ant-e2e-dummy",
  CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
};
delete env.CLAUDE_CONFIG_DIR; // Claude Code reads an empty value as a folder: unset it

async function run(
  program: string,
  args: string[],
  extra: Record<string, string> = {},
): Promise<string> {
  const out = await new Deno.Command(program, {
    args,
    cwd: project,
    env: { ...env, ...extra },
    stdin: "null",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  assert.equal(
    out.code,
    0,
    `${program} ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`,
  );
  return text;
}

interface Entry {
  type?: string;
  message?: { content?: unknown };
  attachment?: { type?: string; hookName?: string; stdout?: string; content?: string };
}

async function session(prompt: string, command: string, final: string): Promise<Entry[]> {
  scenario.command = command;
  scenario.final = final;
  const result = JSON.parse(
    await run(values.claude!, [
      "-p",
      prompt,
      "--allowedTools",
      "Bash(ls:*)",
      "--output-format",
      "json",
    ]),
  );
  const slug = project.replaceAll("/", "-");
  const file = `${home}/.claude/projects/${slug}/${result.session_id}.jsonl`;
  return (await Deno.readTextFile(file)).trim().split("\n").map((line) => JSON.parse(line));
}

const hooks = (entries: Entry[]) =>
  entries.filter((e) => e.attachment?.hookName).map((e) =>
    `${e.attachment!.hookName} ${e.attachment!.type} ${
      e.attachment!.stdout ?? e.attachment!.content ?? ""
    }`
  );

try {
  await run(Deno.execPath(), [
    "run",
    "-A",
    "--config",
    `${ROOT}deno.json`,
    MOD,
    "init",
    "claude",
    "--user",
  ]);
  console.log(await run(values.claude, ["mcp", "list"]));

  const push = await session("push my work", "git push --force origin main", "Done.");
  const pushHooks = hooks(push);
  assert.ok(pushHooks.some((h) => /^SessionStart:startup .*taskorch active: \d+ rules/.test(h)));
  // Headless (claude -p): the ask is queued in the inbox and denied with its id.
  const queued = /queued as #([0-9A-Z]{4})/.exec(JSON.stringify(push));
  assert.ok(queued, "the force push is queued as #ID");
  console.log(`1. canary and PreToolUse (queued as #${queued[1]}): ok`);

  // The human approves from a terminal (not an agent's shell); the same call then passes once.
  await run(Deno.execPath(), [
    "run",
    "-A",
    "--config",
    `${ROOT}deno.json`,
    MOD,
    "inbox",
    "approve",
    queued[1],
  ], { CLAUDECODE: "", AI_AGENT: "" });
  const retried = await session("push my work", "git push --force origin main", "Done.");
  assert.match(
    JSON.stringify(retried),
    new RegExp(`the user approved this exact Bash call as #${queued[1]}`),
  );
  assert.ok(hooks(retried).some((h) => /^PreToolUse:Bash .*"permissionDecision":"allow"/.test(h)));
  console.log("1b. approved with taskorch inbox approve, the retry passed: ok");

  const claim = await session("run the tests", "ls", "Done: all tests pass.");
  const stops = hooks(claim).filter((h) => h.startsWith("Stop "));
  assert.equal(stops.filter((h) => h.includes("hook_blocking_error")).length, 2, stops.join("\n"));
  assert.ok(stops.some((h) => /let the agent stop: it already blocked 2 Stop/.test(h)));
  console.log("2. Stop blocked twice, then let stop: ok");

  const failed = await session("list the file", "ls ./missing-file", "The file is missing.");
  assert.ok(hooks(failed).some((h) => h.startsWith("PostToolUseFailure:Bash")));
  const store = await Deno.openKv(kv);
  const outcomes = await Array.fromAsync(store.list<{ error: string }>({ prefix: ["outcomes"] }));
  store.close();
  assert.ok(outcomes.some((o) => /missing-file/.test(o.value.error)));
  console.log("3. PostToolUseFailure recorded as an outcome: ok");
} finally {
  await api.shutdown();
}
