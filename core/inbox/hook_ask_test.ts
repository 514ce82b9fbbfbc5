import assert from "node:assert/strict";
import { hookContractErrors } from "../claude/hook_contract.ts";
import type { AgentEvent } from "../event.ts";
import { hookOutput } from "../hook_output.ts";
import { openStore } from "../store.ts";
import type { Verdict } from "../verdict.ts";
import { answerAsk } from "./hook_ask.ts";
import { createInbox } from "./inbox.ts";
import { defaultInboxSettings, type InboxSettings } from "./settings.ts";

const EVENT: AgentEvent = {
  hook_event_name: "PreToolUse",
  tool_name: "Bash",
  tool_input: { command: "terraform destroy" },
  cwd: "/w",
};
const VERDICT: Verdict = {
  decision: "ask",
  risk: 0.6,
  suggestions: [],
  findings: [{
    rule: "iac.destroy",
    category: "destructive_command",
    severity: "high",
    message: "destroys",
  }],
};

Deno.test("answerAsk: every outcome is valid hook output, saying what happened", async () => {
  using store = await openStore({ path: ":memory:" });
  let t = Date.parse("2026-03-01T10:00:00Z");
  const now = () => new Date(t);
  const answer = (settings: InboxSettings, env: Record<string, string> = {}) =>
    answerAsk(EVENT, VERDICT, hookOutput(EVENT, VERDICT), store, {
      settings: () => Promise.resolve(settings),
      env: (name) => env[name],
      now,
    });
  const check = (out: Awaited<ReturnType<typeof answer>>) => {
    assert.deepEqual(hookContractErrors("PreToolUse", out), []);
    return out.hookSpecificOutput!;
  };
  const asked = check(await answer(defaultInboxSettings(), { CLAUDE_CODE_ENTRYPOINT: "cli" }));
  assert.equal(asked.permissionDecision, "ask");
  const id = /taskorch inbox #([0-9A-Z]{4})/.exec(asked.permissionDecisionReason!)![1];
  assert.match(asked.permissionDecisionReason!, /^taskorch ask: the user must approve/);

  // A per-rule mode queues even interactively; the same item is reused.
  const perRule = {
    ...defaultInboxSettings(),
    rules: { "iac.destroy": { mode: "queue" as const } },
  };
  const queued = check(await answer(perRule, { CLAUDE_CODE_ENTRYPOINT: "cli" }));
  assert.equal(queued.permissionDecision, "deny");
  assert.match(queued.permissionDecisionReason!, new RegExp(`queued as #${id} \\(risk HIGH`));

  // It expires unanswered (deny): the next ask queues a new item and says so.
  t += 61 * 60_000;
  const requeued = check(await answer(defaultInboxSettings(), { CI: "true" }));
  assert.match(
    requeued.permissionDecisionReason!,
    new RegExp(`the earlier request #${id} expired unanswered`),
  );
  const next = /queued as #([0-9A-Z]{4})/.exec(requeued.permissionDecisionReason!)![1];

  const inbox = createInbox(store, { now, learnRejections: false });
  await inbox.decide(next, { decision: "reject", by: "ana", reason: "not prod", channel: "web" });
  const rejected = check(await answer(defaultInboxSettings()));
  assert.equal(rejected.permissionDecision, "deny");
  assert.match(
    rejected.permissionDecisionReason!,
    /the user rejected this exact Bash call .*by ana via web.*: "not prod"/,
  );
});
