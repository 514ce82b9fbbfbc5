/**
 * What a `PreToolUse` hook answers when the verdict is `ask`, with the approval inbox
 * (`taskorch hook` and `POST /hook` share it through core/hook_answer.ts):
 *
 * | the inbox has, for this exact event      | hook output                                           |
 * | ---------------------------------------- | ----------------------------------------------------- |
 * | an approval not yet used                 | `permissionDecision: "allow"`, consumed (passes once), said in `additionalContext` |
 * | a rejection (within 24 h)                | `deny` with the human's reason                        |
 * | a pending item, or a new one — queued    | `deny`: "queued as #ID", how to approve, retry as is  |
 * | a pending item, or a new one — asked     | `ask` (Claude Code's own prompt), naming #ID          |
 *
 * Queued or asked: the mode (`inbox.mode`, per rule, `TASKORCH_INBOX_MODE`) and whether the
 * agent runs headless decide (core/inbox/headless.ts).
 *
 * @module
 */

import type { AgentEvent } from "../event.ts";
import { explain, type HookOutput } from "../hook_output.ts";
import type { Store } from "../store.ts";
import type { Verdict } from "../verdict.ts";
import { type EnvReader, isHeadless, modeOverride, processEnv, queues } from "./headless.ts";
import { createInbox } from "./inbox.ts";
import { type InboxSettings, ruleSettings } from "./settings.ts";
import type { InboxItem } from "./types.ts";

/** What the hook needs for the inbox. */
export interface InboxHookOptions {
  /** The inbox settings in force (read only when a verdict is `ask`). */
  settings: () => Promise<InboxSettings>;
  /** The environment the agent ran the hook in (default: this process's). */
  env?: EnvReader;
  /** The clock (tests). */
  now?: () => Date;
}

function call(event: AgentEvent): string {
  return event.tool_name ? `this exact ${event.tool_name} call` : "this exact action";
}

function by(item: InboxItem): string {
  return item.status === "EXPIRED"
    ? `nobody decided it in time and its on_timeout is allow`
    : `by ${item.decidedBy} via ${item.channel} at ${item.decidedAt}`;
}

function pre(reason: string, decision: "allow" | "deny" | "ask", context?: string): HookOutput {
  return {
    hookSpecificOutput: {
      hookEventName: "PreToolUse",
      permissionDecision: decision,
      permissionDecisionReason: reason,
      ...(context ? { additionalContext: context } : {}),
    },
  };
}

/**
 * Answers a `PreToolUse` event judged `ask` with the inbox in `store`; `output` is the plain
 * `ask` answer, kept (with the item's id) when the human answers in the agent's prompt.
 *
 * @example
 * ```ts
 * import { openStore } from "../store.ts";
 * import { answerAsk } from "./hook_ask.ts";
 * import { defaultInboxSettings } from "./settings.ts";
 * using store = await openStore({ path: ":memory:" });
 * const event = { hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command: "git push -f" }, cwd: "/w" };
 * const verdict = { decision: "ask" as const, risk: 0.6, findings: [], suggestions: [] };
 * const out = await answerAsk(event, verdict, {}, store, {
 *   settings: () => Promise.resolve({ ...defaultInboxSettings(), mode: "queue" }),
 * });
 * console.assert(out.hookSpecificOutput?.permissionDecision === "deny");
 * console.assert(/queued as #[0-9A-Z]{4}/.test(out.hookSpecificOutput?.permissionDecisionReason ?? ""));
 * ```
 */
export async function answerAsk(
  event: AgentEvent,
  verdict: Verdict,
  output: HookOutput,
  store: Store,
  options: InboxHookOptions,
): Promise<HookOutput> {
  const env = options.env ?? processEnv;
  const settings = await options.settings();
  const inbox = createInbox(store, { settings, now: options.now });
  const result = await inbox.ask(event, verdict);
  const { item } = result;
  if (result.outcome === "approved") {
    const text = `taskorch: the user approved ${call(event)} as #${item.id} (${
      by(item)
    }); it runs this once. Running it again, or anything different, is judged again.`;
    return pre(text, "allow", text);
  }
  if (result.outcome === "rejected") {
    return pre(
      explain(
        verdict,
        `taskorch deny: the user rejected ${call(event)} (#${item.id}, ${by(item)})${
          item.reason ? `: "${item.reason}"` : ""
        }. Do not retry it or work around it; ask the user what to do instead. It was flagged for:`,
      ),
      "deny",
    );
  }
  const mode = modeOverride(env) ?? ruleSettings(settings, item.rule).mode;
  const earlier = result.previous
    ? ` (the earlier request #${result.previous.id} ${
      result.previous.status === "EXPIRED" ? "expired unanswered" : "was rejected over a day ago"
    })`
    : "";
  if (queues(mode, isHeadless(env))) {
    return pre(
      explain(
        verdict,
        `taskorch deny: ${call(event)} needs a human's approval and nobody is at the prompt, ` +
          `so it is queued as #${item.id}${earlier} (risk ${item.risk}, waits until ${item.expiresAt}). ` +
          `Tell the user to approve it with \`taskorch inbox approve ${item.id}\` (or reject it ` +
          `with \`taskorch inbox reject ${item.id} --reason ...\`), then retry exactly the same ` +
          `call: it passes once. Do not work around it. It was flagged for:`,
      ),
      "deny",
    );
  }
  const spec = output.hookSpecificOutput;
  const note = `(taskorch inbox #${item.id}${earlier}: approving here is enough; ` +
    `\`taskorch inbox approve ${item.id}\` lets a retry pass too.)`;
  return {
    ...output,
    hookSpecificOutput: {
      hookEventName: "PreToolUse",
      ...spec,
      permissionDecision: "ask",
      permissionDecisionReason: spec?.permissionDecisionReason
        ? `${spec.permissionDecisionReason}\n${note}`
        : note,
    },
  };
}
