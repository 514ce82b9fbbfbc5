/**
 * The approval inbox: actions judged `ask` wait here for a human, in the store.
 *
 * - `["inbox", id]` holds an {@linkcode InboxItem}; `["inbox_fp", fingerprint]` points at the
 *   latest item for one exact event (core/inbox/fingerprint.ts), so the same action asked again
 *   reuses its pending item instead of adding another.
 * - Every change is a versionstamp-checked atomic commit: two processes deciding one item,
 *   exactly one wins (the other gets `INBOX_ALREADY_DECIDED`); two hooks asking the same action
 *   at once make one item; an approval is consumed once.
 * - Expiry is lazy: `get`, `list`, `ask` and `decide` turn a pending item past `expiresAt` into
 *   `EXPIRED` (`decidedBy: "timeout"`) and apply its `onTimeout`: `deny` (default) ends it, the
 *   next ask of that action queues a new item; `allow` lets the retry pass once.
 * - A rejection is learned by the memory (`learnFailure`, source `rejection`), so a similar
 *   action later is warned; the same exact action is denied with the human's reason for
 *   {@linkcode REJECTION_HOLD_MS}.
 * - Items are kept {@linkcode HISTORY_MS} after they expire (KV `expireIn`), for history.
 *
 * @module
 */

import { errorMessage, TaskorchError } from "../errors.ts";
import type { AgentEvent } from "../event.ts";
import { toolText } from "../memory/salient.ts";
import { redactSecrets } from "../redact.ts";
import type { Store, StoreEntry } from "../store.ts";
import { keys } from "../store_schema.ts";
import { actionOf } from "../risk.ts";
import { DECISIONS, type Severity, type Verdict } from "../verdict.ts";
import { eventFingerprint } from "./fingerprint.ts";
import { defaultInboxSettings, type InboxSettings, ruleSettings } from "./settings.ts";
import { parseId, randomId } from "./short_id.ts";
import {
  type FingerprintIndex,
  type InboxChannel,
  type InboxEvent,
  type InboxItem,
  type InboxStatus,
  RISK_LEVELS,
  type RiskLevel,
} from "./types.ts";

/** How long items stay readable after their expiry time: 30 days. */
export const HISTORY_MS = 30 * 24 * 3600_000;
/** How long a rejection keeps denying the same exact action: 24 hours. */
export const REJECTION_HOLD_MS = 24 * 3600_000;
/** Longest summary line. */
const SUMMARY_MAX = 200;
/** Attempts at a lost race before giving up with STORE_CONFLICT. */
const MAX_ATTEMPTS = 64;

/** A human's decision on an item. */
export interface Decision {
  /** Approve (the retry passes once) or reject (the retry is denied with `reason`). */
  decision: "approve" | "reject";
  /** Who decides: an OS user, a dashboard login, `mcp-elicitation:<user>`. */
  by: string;
  /** Why, in the human's words (shown to the agent on a rejection). */
  reason?: string;
  /** Where the decision was taken. */
  channel: Exclude<InboxChannel, "timeout">;
}

/** What {@linkcode Inbox.decide} returns. */
export interface DecideResult {
  /** The item as committed. */
  item: InboxItem;
  /** A rejection learned by the memory: the pattern's id. */
  learned?: string;
  /** Set when learning a rejection failed (the decision itself is committed). */
  problem?: string;
}

/** What {@linkcode Inbox.ask} found for an event judged `ask`. */
export type AskResult =
  /** An approval (or an expiry with `on_timeout: allow`) for this exact event: consumed now. */
  | { outcome: "approved"; item: InboxItem }
  /** A human rejected this exact event within the hold: deny with their reason. */
  | { outcome: "rejected"; item: InboxItem }
  /**
   * Waiting: `created` is false when the same action was already pending (its `asks` went up);
   * `previous` is the earlier item of this action that expired or whose rejection lapsed.
   */
  | { outcome: "queued"; item: InboxItem; created: boolean; previous?: InboxItem };

/** Filters of {@linkcode Inbox.list}. */
export interface InboxFilter {
  /** Only these statuses (default: `PENDING` only, or every status with `history`). */
  status?: InboxStatus | readonly InboxStatus[];
  /** Only these risk levels. */
  risk?: RiskLevel | readonly RiskLevel[];
  /** Only this risk level and above. */
  minRisk?: RiskLevel;
  /** Include decided and expired items (history). */
  history?: boolean;
  /** Only items asked in this workspace. */
  cwd?: string;
  /** At most this many, newest first. */
  limit?: number;
}

/** Options of {@linkcode createInbox}. */
export interface InboxOptions {
  /** TTL, on_timeout per rule (default: 60 minutes, deny). */
  settings?: InboxSettings;
  /** The clock (tests). */
  now?: () => Date;
  /** Learn rejections in the memory (default true). */
  learnRejections?: boolean;
}

/** The inbox over one store. Get one with {@linkcode createInbox}. */
export interface Inbox {
  /**
   * The hook's one call for an event judged `ask`: consumes an approval of this exact event,
   * reports a rejection, or finds/creates its pending item.
   */
  ask(event: AgentEvent, verdict: Verdict): Promise<AskResult>;
  /** Finds the pending item of this exact event or creates one. */
  enqueue(event: AgentEvent, verdict: Verdict): Promise<{ item: InboxItem; created: boolean }>;
  /** One item by id (`#7F3K`, `7f3k`...), expired first if due; null when absent. */
  get(id: string): Promise<InboxItem | null>;
  /** Items, newest first (expiring the due ones first). */
  list(filter?: InboxFilter): Promise<InboxItem[]>;
  /**
   * Decides a pending item. Exactly one of concurrent deciders wins.
   *
   * @throws {TaskorchError} `INBOX_NOT_FOUND`; `INBOX_ALREADY_DECIDED` (decided, or expired).
   */
  decide(id: string, decision: Decision): Promise<DecideResult>;
  /** Consumes an unconsumed approval of this exact event; null when there is none. */
  consume(event: AgentEvent): Promise<InboxItem | null>;
  /** Expires every pending item past its time; returns those expired now. */
  expire(): Promise<InboxItem[]>;
}

/**
 * The risk level of a verdict: the highest severity among its findings, or from the risk score
 * when there are none (≥ 0.75 CRITICAL, ≥ 0.5 HIGH, ≥ 0.25 MEDIUM).
 *
 * @example
 * ```ts
 * import { riskLevel } from "./inbox.ts";
 * console.assert(riskLevel({ decision: "ask", risk: 0.6, findings: [
 *   { rule: "r", category: "other", severity: "high", message: "m" },
 * ], suggestions: [] }) === "HIGH");
 * console.assert(riskLevel({ decision: "ask", risk: 0.3, findings: [], suggestions: [] }) === "MEDIUM");
 * ```
 */
export function riskLevel(verdict: Verdict): RiskLevel {
  const order: Severity[] = ["low", "medium", "high", "critical"];
  let highest = -1;
  for (const f of verdict.findings) highest = Math.max(highest, order.indexOf(f.severity));
  if (highest >= 0) return RISK_LEVELS[highest];
  const r = verdict.risk;
  return r >= 0.75 ? "CRITICAL" : r >= 0.5 ? "HIGH" : r >= 0.25 ? "MEDIUM" : "LOW";
}

function redactDeep(value: unknown): unknown {
  if (typeof value === "string") return redactSecrets(value);
  if (Array.isArray(value)) return value.map(redactDeep);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v)]));
  }
  return value;
}

/** The one-line summary of an event, redacted, e.g. `Bash: git push --force`. */
export function summarize(event: AgentEvent): string {
  const text = redactSecrets(toolText(event.tool_name, event.tool_input ?? {})).replace(
    /\s+/g,
    " ",
  ).trim();
  const line = event.tool_name && !text.startsWith(event.tool_name)
    ? `${event.tool_name}: ${text}`
    : text;
  return line.length <= SUMMARY_MAX ? line : `${line.slice(0, SUMMARY_MAX - 1)}…`;
}

/** The rule that asked: the strictest finding that asks (findings come strictest first). */
function askingRule(verdict: Verdict): string | undefined {
  const asking = verdict.findings.find((f) =>
    DECISIONS.indexOf(actionOf(f)) >= DECISIONS.indexOf("ask")
  );
  return (asking ?? verdict.findings[0])?.rule;
}

function storedEvent(event: AgentEvent): InboxEvent {
  const out: InboxEvent = { hook_event_name: event.hook_event_name };
  if (event.tool_name !== undefined) out.tool_name = event.tool_name;
  if (event.tool_input !== undefined) {
    out.tool_input = redactDeep(event.tool_input) as Record<string, unknown>;
  }
  if (event.cwd !== undefined) out.cwd = event.cwd;
  if (event.session_id !== undefined) out.session_id = event.session_id;
  if (event.permission_mode !== undefined) out.permission_mode = event.permission_mode;
  return out;
}

/** Whether an item lets its action through (once): approved, or expired with allow. */
function lets(item: InboxItem): boolean {
  return item.status === "APPROVED" || (item.status === "EXPIRED" && item.onTimeout === "allow");
}

function describe(item: InboxItem): string {
  if (item.status === "EXPIRED") {
    return `expired unanswered at ${item.decidedAt} (on_timeout: ${item.onTimeout})`;
  }
  return `already ${item.status === "APPROVED" ? "approved" : "rejected"} by ${item.decidedBy} ` +
    `via ${item.channel} at ${item.decidedAt}`;
}

/**
 * Opens the inbox over a store.
 *
 * @example
 * ```ts
 * import { openStore } from "../store.ts";
 * import { createInbox } from "./inbox.ts";
 * using store = await openStore({ path: ":memory:" });
 * const inbox = createInbox(store, { learnRejections: false });
 * const event = { hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command: "git push --force" }, cwd: "/w" };
 * const verdict = { decision: "ask" as const, risk: 0.6, suggestions: [], findings: [
 *   { rule: "git.force-push", category: "destructive_command" as const, severity: "high" as const, message: "force push" },
 * ] };
 * const asked = await inbox.ask(event, verdict);
 * console.assert(asked.outcome === "queued" && asked.item.status === "PENDING");
 * await inbox.decide(asked.item.id, { decision: "approve", by: "ana", channel: "cli" });
 * console.assert((await inbox.ask(event, verdict)).outcome === "approved"); // the retry passes once
 * console.assert((await inbox.ask(event, verdict)).outcome === "queued"); // then asks again
 * ```
 */
export function createInbox(store: Store, options: InboxOptions = {}): Inbox {
  const settings = options.settings ?? defaultInboxSettings();
  const now = options.now ?? (() => new Date());
  const learnRejections = options.learnRejections ?? true;

  /** `expireIn` for an item: until its expiry plus the history period. */
  function keepFor(item: InboxItem): number {
    return Math.max(0, Date.parse(item.expiresAt) - now().getTime()) + HISTORY_MS;
  }

  function conflict(what: string): TaskorchError {
    return new TaskorchError(
      "STORE_CONFLICT",
      `Gave up ${what} in the store at "${store.path}": other writers changed it first ` +
        `${MAX_ATTEMPTS} times in a row; try again`,
    );
  }

  /** Writes `next` over `entry` if unchanged; false when someone changed it first. */
  async function replace(
    entry: StoreEntry<InboxItem>,
    next: InboxItem,
    extra?: (op: Deno.AtomicOperation) => void,
  ): Promise<boolean> {
    const result = await store.atomic((op) => {
      op.check(entry).set(keys.inbox(next.id), next, { expireIn: keepFor(next) });
      extra?.(op);
    }, `updating inbox item #${next.id}`);
    return result.ok;
  }

  /** Reads an item and expires it if due (retrying a lost race); null when absent. */
  async function read(
    id: string,
  ): Promise<{ entry: StoreEntry<InboxItem>; expiredNow: boolean } | null> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const entry = await store.get<InboxItem>(keys.inbox(id));
      const item = entry.value;
      if (item === null) return null;
      if (item.status !== "PENDING" || Date.parse(item.expiresAt) > now().getTime()) {
        return { entry, expiredNow: false };
      }
      const expired: InboxItem = {
        ...item,
        status: "EXPIRED",
        decidedAt: item.expiresAt,
        decidedBy: "timeout",
        channel: "timeout",
        reason: `nobody decided within the time to live; on_timeout: ${item.onTimeout}`,
      };
      if (await replace(entry, expired)) {
        return { entry: await store.get<InboxItem>(keys.inbox(id)), expiredNow: true };
      }
    }
    throw conflict(`expiring inbox item #${id}`);
  }

  async function create(
    event: AgentEvent,
    verdict: Verdict,
    fingerprint: string,
    index: StoreEntry<FingerprintIndex>,
  ): Promise<InboxItem | null> {
    const rule = askingRule(verdict);
    const own = ruleSettings(settings, rule);
    const at = now();
    for (let tries = 0; tries < 8; tries++) {
      const id = randomId(tries < 5 ? 4 : 6);
      const item: InboxItem = {
        id,
        fingerprint,
        status: "PENDING",
        risk: riskLevel(verdict),
        riskScore: verdict.risk,
        summary: summarize(event),
        event: storedEvent(event),
        decision: verdict.decision,
        findings: verdict.findings.map((f) => ({
          rule: f.rule,
          category: f.category,
          severity: f.severity,
          message: redactSecrets(f.message),
          ...(f.suggestion ? { suggestion: f.suggestion } : {}),
        })),
        ...(rule ? { rule } : {}),
        requestedAt: at.toISOString(),
        lastAskedAt: at.toISOString(),
        asks: 1,
        expiresAt: new Date(at.getTime() + own.ttlMinutes * 60_000).toISOString(),
        onTimeout: own.onTimeout,
      };
      const itemKey = keys.inbox(id);
      const clash = await store.get(itemKey);
      if (clash.value !== null) continue;
      const result = await store.atomic((op) =>
        op.check(index)
          .check({ key: itemKey, versionstamp: null })
          .set(itemKey, item, { expireIn: keepFor(item) })
          .set(keys.inboxFingerprint(fingerprint), { id } satisfies FingerprintIndex, {
            expireIn: keepFor(item),
          }), `queueing inbox item #${id}`);
      if (result.ok) return item;
      // Either the id was taken meanwhile or another process queued this action: look again.
      const again = await store.get<FingerprintIndex>(keys.inboxFingerprint(fingerprint));
      if (again.versionstamp !== index.versionstamp) return null;
    }
    throw new TaskorchError(
      "STORE_WRITE_FAILED",
      `Could not find a free inbox id after 8 tries in the store at "${store.path}"`,
    );
  }

  async function ask(event: AgentEvent, verdict: Verdict): Promise<AskResult> {
    const fingerprint = await eventFingerprint(event);
    const indexKey = keys.inboxFingerprint(fingerprint);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const index = await store.get<FingerprintIndex>(indexKey);
      let previous: InboxItem | undefined;
      if (index.value !== null) {
        const found = await read(index.value.id);
        if (found) {
          const { entry } = found;
          const item = entry.value!;
          if (lets(item) && !item.consumedAt) {
            const used: InboxItem = { ...item, consumedAt: now().toISOString() };
            const ok = await replace(entry, used, (op) => op.check(index).delete(indexKey));
            if (ok) return { outcome: "approved", item: used };
            continue;
          }
          if (
            item.status === "REJECTED" &&
            Date.parse(item.decidedAt ?? item.requestedAt) + REJECTION_HOLD_MS > now().getTime()
          ) {
            return { outcome: "rejected", item };
          }
          if (item.status === "PENDING") {
            const at = now().toISOString();
            const bumped: InboxItem = { ...item, asks: item.asks + 1, lastAskedAt: at };
            if (await replace(entry, bumped)) {
              return { outcome: "queued", item: bumped, created: false };
            }
            continue;
          }
          previous = item;
        }
      }
      const created = await create(event, verdict, fingerprint, index);
      if (created) {
        return {
          outcome: "queued",
          item: created,
          created: true,
          ...(previous ? { previous } : {}),
        };
      }
    }
    throw conflict("queueing an inbox item");
  }

  async function get(id: string): Promise<InboxItem | null> {
    return (await read(parseId(id)))?.entry.value ?? null;
  }

  async function expire(): Promise<InboxItem[]> {
    const expired: InboxItem[] = [];
    const at = now().getTime();
    for (const { value } of await store.list<InboxItem>([keys.prefix.inbox])) {
      if (value.status !== "PENDING" || Date.parse(value.expiresAt) > at) continue;
      const found = await read(value.id);
      if (found?.expiredNow) expired.push(found.entry.value!);
    }
    return expired;
  }

  async function list(filter: InboxFilter = {}): Promise<InboxItem[]> {
    await expire();
    const asList = <T>(v: T | readonly T[] | undefined): readonly T[] | undefined =>
      v === undefined ? undefined : Array.isArray(v) ? v : [v as T];
    const statuses = asList(filter.status) ?? (filter.history ? undefined : ["PENDING"]);
    const risks = asList(filter.risk);
    const min = filter.minRisk ? RISK_LEVELS.indexOf(filter.minRisk) : 0;
    const items = (await store.list<InboxItem>([keys.prefix.inbox])).map((e) => e.value)
      .filter((item) =>
        (!statuses || statuses.includes(item.status)) &&
        (!risks || risks.includes(item.risk)) &&
        RISK_LEVELS.indexOf(item.risk) >= min &&
        (filter.cwd === undefined || item.event.cwd === filter.cwd)
      )
      .sort((a, b) => b.requestedAt.localeCompare(a.requestedAt) || a.id.localeCompare(b.id));
    return filter.limit === undefined ? items : items.slice(0, filter.limit);
  }

  async function decide(idText: string, decision: Decision): Promise<DecideResult> {
    const id = parseId(idText);
    if (decision.decision !== "approve" && decision.decision !== "reject") {
      throw new TaskorchError(
        "INPUT_INVALID",
        `An inbox decision is approve or reject, got "${decision.decision}"`,
      );
    }
    if (!decision.by.trim()) {
      throw new TaskorchError("INPUT_INVALID", `Deciding #${id} needs who decides ("by")`);
    }
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const found = await read(id);
      if (!found) {
        throw new TaskorchError(
          "INBOX_NOT_FOUND",
          `No inbox item #${id} in the store at "${store.path}" (run "taskorch inbox list --all")`,
        );
      }
      const item = found.entry.value!;
      if (item.status !== "PENDING") {
        throw new TaskorchError(
          "INBOX_ALREADY_DECIDED",
          `Inbox item #${id} cannot be ${decision.decision}d: it was ${describe(item)}`,
        );
      }
      const next: InboxItem = {
        ...item,
        status: decision.decision === "approve" ? "APPROVED" : "REJECTED",
        decidedAt: now().toISOString(),
        decidedBy: decision.by,
        channel: decision.channel,
        ...(decision.reason ? { reason: decision.reason } : {}),
      };
      if (!(await replace(found.entry, next))) continue;
      if (next.status === "APPROVED" || !learnRejections) return { item: next };
      try {
        return { item: next, learned: await learnRejection(store, next) };
      } catch (error) {
        return {
          item: next,
          problem: `the rejection is recorded but the memory could not learn it: ${
            errorMessage(error)
          }`,
        };
      }
    }
    throw conflict(`deciding inbox item #${id}`);
  }

  async function enqueue(
    event: AgentEvent,
    verdict: Verdict,
  ): Promise<{ item: InboxItem; created: boolean }> {
    const fingerprint = await eventFingerprint(event);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const index = await store.get<FingerprintIndex>(keys.inboxFingerprint(fingerprint));
      if (index.value !== null) {
        const found = await read(index.value.id);
        if (found?.entry.value?.status === "PENDING") {
          return { item: found.entry.value, created: false };
        }
      }
      const item = await create(event, verdict, fingerprint, index);
      if (item) return { item, created: true };
    }
    throw conflict("queueing an inbox item");
  }

  async function consume(event: AgentEvent): Promise<InboxItem | null> {
    const fingerprint = await eventFingerprint(event);
    const indexKey = keys.inboxFingerprint(fingerprint);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const index = await store.get<FingerprintIndex>(indexKey);
      if (index.value === null) return null;
      const found = await read(index.value.id);
      const item = found?.entry.value;
      if (!found || !item || !lets(item) || item.consumedAt) return null;
      const used: InboxItem = { ...item, consumedAt: now().toISOString() };
      if (await replace(found.entry, used, (op) => op.check(index).delete(indexKey))) return used;
    }
    throw conflict("consuming an inbox approval");
  }

  return { ask, enqueue, get, list, decide, consume, expire };
}

/** Learns a rejected item in the memory (source `rejection`); returns the pattern id. */
async function learnRejection(store: Store, item: InboxItem): Promise<string> {
  const { learnFailure } = await import("../memory/learn.ts");
  const text = toolText(item.event.tool_name, item.event.tool_input ?? {});
  const { pattern } = await learnFailure(store, {
    category: item.findings[0]?.category ?? "other",
    text,
    description: `A human rejected ${item.summary} (#${item.id})${
      item.reason ? `: ${item.reason}` : ""
    }`,
    suggestion: item.reason
      ? `The user rejected this before: ${item.reason}`
      : "The user rejected this before: ask them first.",
    source: "rejection",
    cwd: item.event.cwd,
    event: item.event.hook_event_name,
    tool: item.event.tool_name,
    evidence: `inbox #${item.id}`,
  });
  return pattern.id;
}
