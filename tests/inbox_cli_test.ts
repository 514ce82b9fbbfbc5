/**
 * The approval inbox end to end through real `taskorch` processes sharing one KV file:
 * `taskorch hook` queues an ask, `taskorch inbox` decides, the retried hook call passes once.
 */

import assert from "node:assert/strict";
import { hookContractErrors } from "../core/claude/hook_contract.ts";
import { childEnv, runTaskorch, startServeHttp } from "./support.ts";

const PUSH = {
  hook_event_name: "PreToolUse",
  session_id: "s-inbox",
  cwd: "/tmp/inbox-project",
  tool_name: "Bash",
  tool_input: { command: "git push --force origin main", description: "Push" },
};

/** Not inside an agent's shell, whatever runs the tests. */
const HUMAN = { USER: "ana" };

async function setup(): Promise<{ home: string; env: Record<string, string> }> {
  const home = await Deno.makeTempDir({ prefix: "taskorch-inbox-" });
  return {
    home,
    env: { ...HUMAN, TASKORCH_KV: `${home}/taskorch.kv`, TASKORCH_RECORD_CHECKS: "0" },
  };
}

async function hook(
  home: string,
  env: Record<string, string>,
  payload: unknown = PUSH,
): Promise<{ hookSpecificOutput?: Record<string, string>; systemMessage?: string }> {
  const run = await runTaskorch(["hook"], { stdin: JSON.stringify(payload), home, env });
  assert.equal(run.code, 0, run.stderr);
  const output = JSON.parse(run.stdout);
  assert.deepEqual(hookContractErrors("PreToolUse", output), [], run.stdout);
  return output;
}

async function inbox(
  home: string,
  env: Record<string, string>,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  return await runTaskorch(["inbox", ...args], { home, env });
}

Deno.test("headless: hook queues and denies, inbox approve, the retry passes once, then asks again", async () => {
  const { home, env } = await setup();
  const headless = { ...env, CLAUDE_CODE_ENTRYPOINT: "sdk-cli" };
  try {
    const first = await hook(home, headless);
    const spec = first.hookSpecificOutput!;
    assert.equal(spec.permissionDecision, "deny");
    const id = /queued as #([0-9A-Z]{4})/.exec(spec.permissionDecisionReason)?.[1];
    assert.ok(id, spec.permissionDecisionReason);
    assert.match(spec.permissionDecisionReason, new RegExp(`taskorch inbox approve ${id}`));

    // The same call again reuses the item.
    const again = await hook(home, headless);
    assert.match(again.hookSpecificOutput!.permissionDecisionReason, new RegExp(`#${id}`));

    const listed = await inbox(home, env, "list", "--json");
    assert.equal(listed.code, 0, listed.stderr);
    const items = JSON.parse(listed.stdout).items;
    assert.equal(items.length, 1);
    assert.equal(items[0].id, id);
    assert.equal(items[0].asks, 2);
    assert.equal(items[0].risk, "HIGH");

    const text = await inbox(home, env, "list");
    assert.match(text.stdout, new RegExp(`^#${id}  PENDING  HIGH .*git push --force origin main`));

    // A different call is not approved by this item.
    const approve = await inbox(home, env, "approve", `#${id.toLowerCase()}`, "--reason", "ok");
    assert.equal(approve.code, 0, approve.stderr);
    assert.match(approve.stdout, new RegExp(`Approved #${id} .* as ana`));
    const other = await hook(home, headless, {
      ...PUSH,
      tool_input: { command: "git push --force origin dev" },
    });
    assert.equal(other.hookSpecificOutput!.permissionDecision, "deny");
    assert.doesNotMatch(other.hookSpecificOutput!.permissionDecisionReason, new RegExp(`#${id}`));

    // The retry of the exact call (reworded description, other session) passes once.
    const retry = await hook(home, headless, {
      ...PUSH,
      session_id: "s-other",
      tool_input: { command: "git push --force origin main", description: "Retry the push" },
    });
    assert.equal(retry.hookSpecificOutput!.permissionDecision, "allow");
    assert.match(retry.hookSpecificOutput!.additionalContext, new RegExp(`approved .* #${id}`));

    const after = await hook(home, headless);
    assert.equal(after.hookSpecificOutput!.permissionDecision, "deny");
    const next = /queued as #([0-9A-Z]{4})/.exec(after.hookSpecificOutput!.permissionDecisionReason)
      ?.[1];
    assert.ok(next && next !== id);

    const shown = await inbox(home, env, "show", id, "--json");
    const item = JSON.parse(shown.stdout);
    assert.equal(item.status, "APPROVED");
    assert.equal(item.decidedBy, "ana");
    assert.equal(item.channel, "cli");
    assert.ok(item.consumedAt);
    const twice = await inbox(home, env, "approve", id);
    assert.equal(twice.code, 1);
    assert.match(twice.stderr, /already approved by ana via cli.*\[INBOX_ALREADY_DECIDED\]/);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("a rejection denies the retry with the human's reason", async () => {
  const { home, env } = await setup();
  const headless = { ...env, TASKORCH_INBOX_MODE: "queue" };
  try {
    const first = await hook(home, headless);
    const id = /queued as #([0-9A-Z]{4})/.exec(
      first.hookSpecificOutput!.permissionDecisionReason,
    )![1];
    const reject = await inbox(home, env, "reject", id, "--reason", "never force-push main");
    assert.equal(reject.code, 0, reject.stderr);
    assert.match(reject.stdout, /learned as memory pattern/);
    const retry = await hook(home, headless);
    assert.equal(retry.hookSpecificOutput!.permissionDecision, "deny");
    assert.match(
      retry.hookSpecificOutput!.permissionDecisionReason,
      new RegExp(
        `rejected this exact Bash call \\(#${id}, by ana via cli .*"never force-push main"`,
      ),
    );
    const history = await inbox(home, env, "list", "--all");
    assert.match(history.stdout, new RegExp(`#${id}  REJECTED`));
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("interactive: Claude Code keeps asking, naming the inbox id", async () => {
  const { home, env } = await setup();
  try {
    const out = await hook(home, { ...env, CLAUDE_CODE_ENTRYPOINT: "cli" });
    assert.equal(out.hookSpecificOutput!.permissionDecision, "ask");
    assert.match(
      out.hookSpecificOutput!.permissionDecisionReason,
      /taskorch ask: the user must approve[\s\S]*taskorch inbox #[0-9A-Z]{4}/,
    );
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("inbox approve refuses inside an agent's shell", async () => {
  const { home, env } = await setup();
  try {
    const first = await hook(home, { ...env, TASKORCH_INBOX_MODE: "queue" });
    const id = /queued as #([0-9A-Z]{4})/.exec(
      first.hookSpecificOutput!.permissionDecisionReason,
    )![1];
    const agent = await inbox(home, { ...env, CLAUDECODE: "1" }, "approve", id);
    assert.equal(agent.code, 1);
    assert.match(agent.stderr, /agent's shell .*\[INBOX_FORBIDDEN\]/);
    const shown = JSON.parse((await inbox(home, env, "show", id, "--json")).stdout);
    assert.equal(shown.status, "PENDING");
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("inbox usage errors", async () => {
  const { home, env } = await setup();
  try {
    const cases: [string[], RegExp, number][] = [
      [["approve"], /approve needs an ID/, 2],
      [["frobnicate"], /unknown action "frobnicate"/, 2],
      [["list", "--risk", "HUGE"], /--risk must be one or more of LOW, MEDIUM, HIGH, CRITICAL/, 2],
      [["show", "nope!"], /"nope!" is not an inbox id/, 2],
      [["show", "ZZZZ"], /No inbox item #ZZZZ/, 1],
    ];
    for (const [args, message, code] of cases) {
      const run = await inbox(home, env, ...args);
      assert.equal(run.code, code, `${args.join(" ")}: ${run.stderr}`);
      assert.match(run.stderr, message);
    }
    const empty = await inbox(home, env);
    assert.equal(empty.stdout, "No pending items (--all shows history).\n");
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("POST /hook shares the inbox: queued, approved from the CLI, the retry passes once", async () => {
  const { home, env } = await setup();
  const server = await startServeHttp({
    home,
    env: childEnv(home, { ...env, TASKORCH_INBOX_MODE: "queue" }),
  });
  const post = async () => {
    const response = await fetch(server.url.replace(/\/mcp$/, "/hook"), {
      method: "POST",
      headers: { authorization: `Bearer ${server.token}`, "content-type": "application/json" },
      body: JSON.stringify(PUSH),
    });
    const output = await response.json();
    assert.deepEqual(hookContractErrors("PreToolUse", output), []);
    return output.hookSpecificOutput as Record<string, string>;
  };
  try {
    const first = await post();
    assert.equal(first.permissionDecision, "deny");
    const id = /queued as #([0-9A-Z]{4})/.exec(first.permissionDecisionReason)![1];
    const approve = await inbox(home, env, "approve", id);
    assert.equal(approve.code, 0, approve.stderr);
    assert.equal((await post()).permissionDecision, "allow");
    assert.equal((await post()).permissionDecision, "deny");
  } finally {
    await server.stop();
    await Deno.remove(home, { recursive: true });
  }
});
