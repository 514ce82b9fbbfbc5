/**
 * `taskorch cost summary|budget|import-claude`: what LLM calls cost, budgets, and the coding
 * agent's own spend from Claude Code transcripts.
 *
 * @module
 */

import { TaskorchError } from "../errors.ts";
import { type CliIO, type Command, parseFlags, write } from "./args.ts";
import { withStore } from "./with_store.ts";

function usage(message: string): never {
  throw new TaskorchError("CLI_USAGE", `taskorch cost: ${message}. Run "taskorch cost --help".`);
}

async function settings() {
  const { loadConfig } = await import("../config.ts");
  const { loadCostSettings } = await import("../cost/settings.ts");
  return await loadCostSettings(await loadConfig(Deno.cwd()));
}

function money(n: number): string {
  return `$${n.toFixed(n !== 0 && Math.abs(n) < 1 ? 4 : 2)}`;
}

function tokens(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : `${n}`;
}

async function summary(
  values: Record<string, string | boolean | undefined>,
  io: CliIO,
): Promise<number> {
  const { summarizeCosts } = await import("../cost/summary.ts");
  const s = await settings();
  const result = await withStore(
    values.kv as string | undefined,
    (store) => summarizeCosts(store, { prices: s.prices, budgets: s.budgets }),
  );
  if (values.json) return await write(io.stdout, JSON.stringify(result, null, 2) + "\n"), 0;
  const out: string[] = [];
  out.push(
    `${"".padEnd(16)}${"total".padStart(11)}${"taskorch".padStart(11)}${
      "agent".padStart(11)
    }  calls  unpriced`,
  );
  for (
    const [name, p] of [
      [`today ${result.today.period}`, result.today],
      [`month ${result.month.period}`, result.month],
      ["all time", result.allTime],
    ] as const
  ) {
    out.push(
      `${name.padEnd(16)}${money(p.total.costUsd).padStart(11)}${
        money(p.taskorch.costUsd).padStart(11)
      }${money(p.agent.costUsd).padStart(11)}  ${String(p.total.calls).padStart(5)}  ${
        String(p.total.unpricedCalls).padStart(8)
      }`,
    );
  }
  if (result.month.models.length) {
    out.push("", `This month by model:`);
    for (const m of result.month.models) {
      const t = m.tokens;
      out.push(
        `  ${m.source.padEnd(9)}${`${m.provider}/${m.model}`.padEnd(38)}${
          (m.unpricedCalls === m.calls ? "unpriced" : money(m.costUsd)).padStart(10)
        }  ${String(m.calls).padStart(5)} calls  in ${tokens(t.input)} out ${
          tokens(t.output + t.reasoning)
        } cache r/w ${tokens(t.cache_read)}/${tokens(t.cache_write + t.cache_write_1h)}`,
      );
    }
  }
  if (result.budgets.length) {
    out.push("", "Budgets:");
    for (const b of result.budgets) {
      out.push(
        `  ${b.id.padEnd(26)} ${money(b.spentUsd)} spent + ${money(b.reservedUsd)} reserved of ${
          money(b.limitUsd)
        }, ${money(b.remainingUsd)} left  [${b.level}] (${b.source})`,
      );
    }
  } else out.push("", "No budgets (set one: taskorch cost budget set overall day 5).");
  if (result.unpriced.length) {
    out.push(
      "",
      `Unpriced (cost unknown, not counted as $0): ${
        result.unpriced.map((u) => `${u.provider}/${u.model} ×${u.calls}`).join(", ")
      }`,
      "  add a price under cost.prices in .taskorch/config.yaml",
    );
  }
  out.push("", `Prices: table ${result.prices.version} (updated ${result.prices.updated})`);
  await write(io.stdout, out.join("\n") + "\n");
  return 0;
}

async function budget(
  rest: string[],
  values: Record<string, string | boolean | undefined>,
  io: CliIO,
): Promise<number> {
  const [action, ...args] = rest;
  const kv = values.kv as string | undefined;
  const budgets = await import("../cost/budgets.ts");
  if (action === "list") {
    if (args.length) usage(`budget list takes no argument, got "${args[0]}"`);
    const { budgetStates } = await import("../cost/summary.ts");
    const s = await settings();
    const states = await withStore(kv, (store) => budgetStates(store, s.budgets));
    if (values.json) return await write(io.stdout, JSON.stringify(states, null, 2) + "\n"), 0;
    if (!states.length) return await write(io.stdout, "No budgets.\n"), 0;
    for (const b of states) {
      await write(
        io.stdout,
        `${b.id.padEnd(26)} limit ${
          money(b.limitUsd)
        }  warn ${b.warnAt}  throttle ${b.throttleAt}  spent ${money(b.spentUsd)}  left ${
          money(b.remainingUsd)
        }  [${b.level}] (${b.source})\n`,
      );
    }
    return 0;
  }
  if (action === "set") {
    if (args.length !== 3) {
      usage("budget set needs SCOPE PERIOD LIMIT_USD, e.g. budget set provider:openai day 5");
    }
    const limit = Number(args[2]);
    const fraction = (flag: string) =>
      values[flag] === undefined ? undefined : Number(values[flag]);
    const b = budgets.budgetFromInput({
      scope: args[0],
      period: args[1],
      limit_usd: Number.isNaN(limit) ? args[2] : limit,
      ...(values["warn-at"] === undefined ? {} : { warn_at: fraction("warn-at") }),
      ...(values["throttle-at"] === undefined ? {} : { throttle_at: fraction("throttle-at") }),
    });
    await withStore(kv, (store) => budgets.saveBudget(store, b));
    if (values.json) return await write(io.stdout, JSON.stringify(b) + "\n"), 0;
    await write(
      io.stdout,
      `budget ${budgets.budgetId(b)} set: ${
        money(b.limit_usd)
      } (warn at ${b.warn_at}, throttle at ${b.throttle_at})\n`,
    );
    return 0;
  }
  if (action === "remove") {
    if (args.length !== 2) usage("budget remove needs SCOPE PERIOD");
    budgets.budgetFromInput({ scope: args[0], period: args[1], limit_usd: 0 });
    const removed = await withStore(
      kv,
      (store) => budgets.removeBudget(store, args[0], args[1] as "day"),
    );
    await write(
      io.stdout,
      removed
        ? `budget ${args[0]}/${args[1]} removed\n`
        : `no stored budget ${args[0]}/${args[1]}\n`,
    );
    return 0;
  }
  usage(`budget takes set, list or remove${action ? `, not "${action}"` : ""}`);
}

/** Claude Code's folder of a project's transcripts: `~/.claude/projects/<cwd, non-alphanumerics as ->`. */
export function claudeProjectDir(cwd: string, env: (name: string) => string | undefined): string {
  const base = env("CLAUDE_CONFIG_DIR") ?? `${env("HOME") ?? ""}/.claude`;
  return `${base}/projects/${cwd.replace(/[^A-Za-z0-9]/g, "-")}`;
}

async function importClaude(
  files: string[],
  values: Record<string, string | boolean | undefined>,
  io: CliIO,
): Promise<number> {
  const { importClaudeTranscripts, transcriptFiles } = await import("../cost/claude_import.ts");
  const list = [...files];
  const project = values["claude-project"] as string | undefined;
  if (project !== undefined) list.push(...await transcriptFiles(project));
  if (values.all) {
    const base = Deno.env.get("CLAUDE_CONFIG_DIR") ?? `${Deno.env.get("HOME") ?? ""}/.claude`;
    list.push(...await transcriptFiles(`${base}/projects`));
  }
  if (!list.length && project === undefined && !values.all && !files.length) {
    const dir = claudeProjectDir(Deno.cwd(), (n) => Deno.env.get(n));
    list.push(...await transcriptFiles(dir));
  }
  const { CostLedger } = await import("../cost/ledger.ts");
  const s = await settings();
  const report = await withStore(
    values.kv as string | undefined,
    (store) => importClaudeTranscripts(new CostLedger(store, { prices: s.prices }), list),
  );
  if (values.json) return await write(io.stdout, JSON.stringify(report, null, 2) + "\n"), 0;
  const lines = [
    `imported ${report.imported} of ${report.messages} Claude Code messages from ${report.files} transcript${
      report.files === 1 ? "" : "s"
    }: ${money(report.costUsd)}` +
    (report.unpriced ? ` (+${report.unpriced} unpriced)` : ""),
    `  ${report.alreadyImported} already in the ledger, ${report.repeatedLines} repeated lines of one message counted once, ${report.synthetic} synthetic skipped` +
    (report.malformedLines ? `, ${report.malformedLines} unreadable lines` : ""),
  ];
  for (const [model, row] of Object.entries(report.byModel)) {
    lines.push(
      `  ${model.padEnd(32)} ${String(row.messages).padStart(6)} messages  ${
        row.costUsd === null ? "unpriced" : money(row.costUsd)
      }`,
    );
  }
  await write(io.stdout, lines.join("\n") + "\n");
  return 0;
}

/** The `cost` command. */
export const costCommand: Command = {
  name: "cost",
  help: `Usage: taskorch cost summary [--json]
       taskorch cost budget set SCOPE PERIOD LIMIT_USD [--warn-at F] [--throttle-at F]
       taskorch cost budget list [--json]
       taskorch cost budget remove SCOPE PERIOD
       taskorch cost import-claude [--claude-project DIR | --all | FILE.jsonl...] [--json]

  summary        what LLM calls cost today, this month and all time (UTC): taskorch's own
                 provider calls beside the coding agent's imported spend, by provider and
                 model, budgets and what remains, unpriced models (never counted as $0)
  budget set     cap taskorch's provider calls: SCOPE is overall or provider:NAME, PERIOD
                 day or month; warn and throttle (slow down) at fractions of the limit
                 (default 0.8 and 0.9); a call past the limit is refused. Stored: replaces
                 the config's cost.budgets entry of the same scope and period
  budget list    the budgets in force with spent, reserved and remaining
  budget remove  delete a stored budget (the config's applies again, if any)
  import-claude  record Claude Code's own usage from its transcripts: this project's
                 (~/.claude/projects/<project>) by default, a folder, all projects, or
                 files. Each message counts once; importing again adds nothing

Options:
  --kv PATH   Store location (default $TASKORCH_KV or ~/.taskorch/taskorch.kv)
  --json      Machine-readable output
  -h, --help  Show this help
`,
  async run(args, io) {
    const { values, positionals } = parseFlags("cost", args, {
      kv: { type: "string" },
      json: { type: "boolean" },
      "warn-at": { type: "string" },
      "throttle-at": { type: "string" },
      "claude-project": { type: "string" },
      all: { type: "boolean" },
    }, true);
    if (values.help) return await write(io.stdout, this.help), 0;
    const [action, ...rest] = positionals;
    switch (action) {
      case "summary":
        if (rest.length) usage(`summary takes no argument, got "${rest[0]}"`);
        return await summary(values, io);
      case "budget":
        return await budget(rest, values, io);
      case "import-claude":
        return await importClaude(rest, values, io);
      default:
        usage(`say summary, budget or import-claude${action ? `, not "${action}"` : ""}`);
    }
  },
};
