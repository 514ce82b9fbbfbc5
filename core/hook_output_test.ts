import assert from "node:assert/strict";
import type { AgentEvent } from "./event.ts";
import { hookOutput } from "./hook_output.ts";
import type { Decision, Verdict } from "./verdict.ts";

const verdict = (decision: Decision): Verdict => ({
  decision,
  risk: decision === "allow" ? 0 : 0.6,
  findings: decision === "allow" ? [] : [{
    rule: "git.force-push",
    category: "destructive_command",
    severity: "high",
    message: "force-pushes main",
  }],
  suggestions: decision === "allow" ? [] : ["push to a branch"],
});

const pre: AgentEvent = { hook_event_name: "PreToolUse", tool_name: "Bash" };
const post: AgentEvent = { hook_event_name: "PostToolUse", tool_name: "WebFetch" };
const stop: AgentEvent = { hook_event_name: "Stop" };

Deno.test("allow says nothing, so Claude Code's own permissions still apply", () => {
  for (const event of [pre, post, stop]) assert.deepEqual(hookOutput(event, verdict("allow")), {});
});

Deno.test("PreToolUse: warn adds context, ask and deny set permissionDecision", () => {
  const warn = hookOutput(pre, verdict("warn"));
  assert.equal(warn.hookSpecificOutput?.permissionDecision, undefined);
  assert.match(warn.hookSpecificOutput?.additionalContext ?? "", /git.force-push/);
  const ask = hookOutput(pre, verdict("ask"));
  assert.equal(ask.hookSpecificOutput?.permissionDecision, "ask");
  assert.equal(ask.hookSpecificOutput?.hookEventName, "PreToolUse");
  const deny = hookOutput(pre, verdict("deny"));
  assert.equal(deny.hookSpecificOutput?.permissionDecision, "deny");
  assert.match(
    deny.hookSpecificOutput?.permissionDecisionReason ?? "",
    /Suggestion: push to a branch/,
  );
});

Deno.test("PostToolUse: deny feeds back a block with the reason", () => {
  const out = hookOutput(post, verdict("deny"));
  assert.equal(out.decision, "block");
  assert.match(out.reason ?? "", /force-pushes main/);
  assert.ok(hookOutput(post, verdict("warn")).hookSpecificOutput?.additionalContext);
});

Deno.test("Stop: block keeps the agent working, but never after a Stop hook already did", () => {
  assert.equal(hookOutput(stop, verdict("block")).decision, "block");
  const looping = hookOutput({ ...stop, stop_hook_active: true }, verdict("block"));
  assert.equal(looping.decision, undefined);
  assert.match(looping.systemMessage ?? "", /git.force-push/);
});
