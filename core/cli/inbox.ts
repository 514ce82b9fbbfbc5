/**
 * `taskorch inbox list|show|approve|reject`: the human's terminal channel to the approval
 * inbox (core/inbox/inbox.ts). A decision taken here is by the OS user at the terminal; it is
 * refused inside an agent's own shell (Claude Code sets `CLAUDECODE` and `AI_AGENT` in its Bash
 * tool's environment), so an agent cannot approve its own request by running this command.
 *
 * @module
 */

import { TaskorchError } from "../errors.ts";
import type { DecideResult, Inbox, InboxFilter } from "../inbox/inbox.ts";
import {
  INBOX_STATUSES,
  type InboxItem,
  type InboxStatus,
  RISK_LEVELS,
  type RiskLevel,
} from "../inbox/types.ts";
import { type CliIO, type Command, parseFlags, write } from "./args.ts";

const ACTIONS = ["list", "show", "approve", "reject"] as const;

function usage(message: string): never {
  throw new TaskorchError("CLI_USAGE", `taskorch inbox: ${message}. Run "taskorch inbox --help".`);
}

function oneOf<T extends string>(
  flag: string,
  value: string | boolean | undefined,
  allowed: readonly T[],
): T[] | undefined {
  if (value === undefined) return undefined;
  const parts = String(value).split(",").map((p) => p.trim().toUpperCase()).filter(Boolean);
  for (const p of parts) {
    if (!(allowed as readonly string[]).includes(p)) {
      usage(`--${flag} must be one or more of ${allowed.join(", ")} (comma-separated), got "${p}"`);
    }
  }
  return parts as T[];
}

async function withInbox<T>(kv: string | undefined, use: (inbox: Inbox) => Promise<T>): Promise<T> {
  const [{ openStore }, { createInbox }] = await Promise.all([
    import("../store.ts"),
    import("../inbox/inbox.ts"),
  ]);
  const store = await openStore({ path: kv });
  try {
    return await use(createInbox(store));
  } finally {
    store.close();
  }
}

/** The OS user at the terminal: who decides from the CLI. */
async function osUser(): Promise<string> {
  for (const name of ["USER", "LOGNAME", "USERNAME"]) {
    const value = Deno.env.get(name);
    if (value) return value;
  }
  try {
    return (await import("node:os")).userInfo().username;
  } catch {
    return "unknown-user";
  }
}

/** Refuses decisions from inside an agent's shell. */
function refuseAgentShell(action: string): void {
  const agent = Deno.env.get("CLAUDECODE")
    ? "CLAUDECODE"
    : Deno.env.get("AI_AGENT")
    ? "AI_AGENT"
    : undefined;
  if (agent) {
    throw new TaskorchError(
      "INBOX_FORBIDDEN",
      `taskorch inbox ${action} refuses to run inside an agent's shell (${agent} is set): an agent ` +
        `may not decide its own requests. Run it in your own terminal, or use the dashboard`,
    );
  }
}

function age(from: string, now: number): string {
  const minutes = Math.round((now - Date.parse(from)) / 60_000);
  if (Math.abs(minutes) < 60) return `${minutes}m`;
  const hours = Math.round(minutes / 60);
  return Math.abs(hours) < 48 ? `${hours}h` : `${Math.round(hours / 24)}d`;
}

function line(item: InboxItem, now: number): string {
  const when = item.status === "PENDING"
    ? `expires in ${age(new Date(now).toISOString(), Date.parse(item.expiresAt))}`
    : `${item.status.toLowerCase()}${item.decidedBy ? ` by ${item.decidedBy}` : ""}`;
  const summary = item.summary.length > 70 ? `${item.summary.slice(0, 67)}...` : item.summary;
  return `#${item.id}  ${item.status.padEnd(8)} ${item.risk.padEnd(8)} ${
    age(item.requestedAt, now).padStart(4)
  } ago  ${summary}  (${item.rule ?? "no rule"}; ${when})`;
}

/** The full rendering of one item, for `inbox show`. */
export function renderItem(item: InboxItem): string {
  const rows: [string, string | undefined][] = [
    ["status", item.status],
    ["risk", `${item.risk} (${item.riskScore})`],
    ["action", item.summary],
    ["tool", item.event.tool_name],
    ["input", item.event.tool_input ? JSON.stringify(item.event.tool_input) : undefined],
    ["cwd", item.event.cwd],
    ["session", item.event.session_id],
    ["rule", item.rule],
    ["requested", `${item.requestedAt} (asked ${item.asks}×, last ${item.lastAskedAt})`],
    ["expires", `${item.expiresAt} (on timeout: ${item.onTimeout})`],
    [
      "decided",
      item.decidedAt ? `${item.decidedAt} by ${item.decidedBy} via ${item.channel}` : undefined,
    ],
    ["reason", item.reason],
    ["used", item.consumedAt ? `${item.consumedAt} (the approved retry ran)` : undefined],
  ];
  const head = `#${item.id}\n` +
    rows.filter(([, v]) => v !== undefined).map(([k, v]) => `  ${k.padEnd(9)} ${v}`).join("\n");
  const findings = item.findings.map((f) =>
    `  - [${f.severity}] ${f.rule} (${f.category}): ${f.message}` +
    (f.suggestion ? `\n    instead: ${f.suggestion}` : "")
  );
  return [head, ...(findings.length ? ["  findings:", ...findings] : [])].join("\n") + "\n";
}

async function list(
  values: Record<string, string | boolean | undefined>,
  io: CliIO,
): Promise<number> {
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) {
    usage(`--limit must be a whole number ≥ 1, got "${values.limit}"`);
  }
  const statuses = oneOf<InboxStatus>("status", values.status, INBOX_STATUSES);
  const filter: InboxFilter = {
    history: Boolean(values.all),
    status: statuses,
    risk: oneOf<RiskLevel>("risk", values.risk, RISK_LEVELS),
    minRisk: oneOf<RiskLevel>("min-risk", values["min-risk"], RISK_LEVELS)?.[0],
    cwd: values.cwd as string | undefined,
    limit,
  };
  const items = await withInbox(values.kv as string | undefined, (inbox) => inbox.list(filter));
  if (values.json) return await write(io.stdout, JSON.stringify({ items }, null, 2) + "\n"), 0;
  const now = Date.now();
  for (const item of items) await write(io.stdout, line(item, now) + "\n");
  const what = statuses ? statuses.join("/").toLowerCase() : filter.history ? "" : "pending";
  await write(
    io.stdout,
    items.length === 0
      ? `No ${what ? `${what} ` : ""}items${
        filter.history || filter.status ? "" : " (--all shows history)"
      }.\n`
      : `${items.length} ${what ? `${what} ` : ""}item${items.length === 1 ? "" : "s"}` +
        (items.some((i) => i.status === "PENDING")
          ? `; decide with "taskorch inbox approve ID" or "taskorch inbox reject ID --reason ..."`
          : "") +
        "\n",
  );
  return 0;
}

async function show(
  id: string,
  values: Record<string, string | boolean | undefined>,
  io: CliIO,
): Promise<number> {
  const item = await withInbox(values.kv as string | undefined, (inbox) => inbox.get(id));
  if (!item) {
    throw new TaskorchError(
      "INBOX_NOT_FOUND",
      `No inbox item #${id.replace(/^#/, "").toUpperCase()} (run "taskorch inbox list --all")`,
    );
  }
  if (values.json) return await write(io.stdout, JSON.stringify(item, null, 2) + "\n"), 0;
  await write(io.stdout, renderItem(item));
  return 0;
}

async function decide(
  action: "approve" | "reject",
  id: string,
  values: Record<string, string | boolean | undefined>,
  io: CliIO,
): Promise<number> {
  refuseAgentShell(action);
  const reason = values.reason as string | undefined;
  const by = await osUser();
  const result: DecideResult = await withInbox(
    values.kv as string | undefined,
    (inbox) => inbox.decide(id, { decision: action, by, reason, channel: "cli" }),
  );
  if (values.json) return await write(io.stdout, JSON.stringify(result, null, 2) + "\n"), 0;
  const { item } = result;
  await write(
    io.stdout,
    action === "approve"
      ? `Approved #${item.id} (${item.summary}) as ${by}: the agent's retry of this exact call passes once.\n`
      : `Rejected #${item.id} (${item.summary}) as ${by}: the agent's retry is denied${
        reason ? ` with your reason` : ""
      }${
        result.learned
          ? `; learned as memory pattern ${result.learned}, so similar calls are warned`
          : ""
      }.\n`,
  );
  if (result.problem) await write(io.stderr, `taskorch inbox: ${result.problem}\n`);
  return 0;
}

/** The `inbox` command. */
export const inboxCommand: Command = {
  name: "inbox",
  help: `Usage: taskorch inbox [list] [--all] [--status S] [--risk R] [--min-risk R] [--cwd DIR]
                      [--limit N] [--json] [--kv PATH]
       taskorch inbox show ID [--json] [--kv PATH]
       taskorch inbox approve ID [--reason TEXT] [--json] [--kv PATH]
       taskorch inbox reject ID [--reason TEXT] [--json] [--kv PATH]

The approval inbox: tool calls judged "ask" wait here as #ID (e.g. #7F3K). When
the agent runs headless (claude -p, CI), its hook denies the call and tells it
the ID; approve it here and the agent's retry of that exact call passes once.
A rejection denies the retry with your reason and is learned by the memory.
Items expire after their time to live (inbox.ttl_minutes, default 60) and then
follow on_timeout (deny by default). IDs are case-insensitive; "#" is optional.

Decisions are recorded as the OS user at this terminal; they are refused inside
an agent's shell (CLAUDECODE or AI_AGENT set).

Actions:
  list             Pending items, newest first (default action)
  show ID          One item: the call, the findings, times, the decision
  approve ID       Approve: the agent's retry of this exact call passes once
  reject ID        Reject: the retry is denied with --reason

Options:
  --all            list: history too (approved, rejected, expired)
  --status S       list: only these statuses (PENDING,APPROVED,REJECTED,EXPIRED)
  --risk R         list: only these risk levels (LOW,MEDIUM,HIGH,CRITICAL)
  --min-risk R     list: this risk level and above
  --cwd DIR        list: only items asked in this workspace
  --limit N        list: at most N items
  --reason TEXT    approve/reject: why (shown to the agent on a rejection)
  --json           Machine-readable output
  --kv PATH        Store location (default $TASKORCH_KV or ~/.taskorch/taskorch.kv)
  -h, --help       Show this help
`,
  async run(args, io) {
    const { values, positionals } = parseFlags("inbox", args, {
      all: { type: "boolean" },
      status: { type: "string" },
      risk: { type: "string" },
      "min-risk": { type: "string" },
      cwd: { type: "string" },
      limit: { type: "string" },
      reason: { type: "string" },
      json: { type: "boolean" },
      kv: { type: "string" },
    }, true);
    if (values.help) return await write(io.stdout, this.help), 0;
    const [action = "list", id, ...extra] = positionals;
    if (!(ACTIONS as readonly string[]).includes(action)) {
      usage(`unknown action "${action}" (one of ${ACTIONS.join(", ")})`);
    }
    if (action === "list") {
      if (id !== undefined) usage(`list takes no ID, got "${id}"`);
      return await list(values, io);
    }
    if (id === undefined) usage(`${action} needs an ID, e.g. taskorch inbox ${action} 7F3K`);
    if (extra.length > 0) usage(`unexpected argument "${extra[0]}"`);
    if (action === "show") return await show(id, values, io);
    if (values.reason !== undefined && typeof values.reason !== "string") {
      usage("--reason needs text");
    }
    return await decide(action as "approve" | "reject", id, values, io);
  },
};
