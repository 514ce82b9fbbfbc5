/**
 * `taskorch memory list|dashboard|export|import`: see, share and promote the learned memory.
 *
 * @module
 */

import { TaskorchError } from "../errors.ts";
import { CATEGORIES, type Category, isCategory } from "../verdict.ts";
import { type CliIO, type Command, parseFlags, write } from "./args.ts";
import { withStore } from "./with_store.ts";

const ACTIONS = ["list", "dashboard", "export", "import"] as const;

function usage(message: string): never {
  throw new TaskorchError(
    "CLI_USAGE",
    `taskorch memory: ${message}. Run "taskorch memory --help".`,
  );
}

function wholeNumber(
  flag: string,
  value: string | boolean | undefined,
  min: number,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== "string" || !Number.isInteger(n) || n < min) {
    usage(`--${flag} must be a whole number ≥ ${min}, got "${value}"`);
  }
  return n;
}

function category(value: string | boolean | undefined): Category | undefined {
  if (value === undefined) return undefined;
  if (!isCategory(value)) {
    usage(`--category must be one of ${CATEGORIES.join(", ")}, got "${value}"`);
  }
  return value as Category;
}

async function list(
  values: Record<string, string | boolean | undefined>,
  io: CliIO,
): Promise<number> {
  const { listPatterns } = await import("../memory/query.ts");
  const sort = values.sort as string | undefined;
  if (sort !== undefined && !["occurrences", "last_seen", "first_seen"].includes(sort)) {
    usage(`--sort must be occurrences, last_seen or first_seen, got "${sort}"`);
  }
  const scope = values.scope as string | undefined;
  if (scope !== undefined && scope !== "project" && scope !== "global") {
    usage(`--scope must be project or global, got "${scope}"`);
  }
  const result = await withStore(values.kv as string | undefined, (store) =>
    listPatterns(store, {
      category: category(values.category),
      scope: scope as "project" | "global" | undefined,
      query: values.query as string | undefined,
      since: values.since as string | undefined,
      minOccurrences: wholeNumber("min-occurrences", values["min-occurrences"], 1),
      sort: sort as "occurrences" | undefined,
      limit: wholeNumber("limit", values.limit, 1),
    }));
  if (values.json) return await write(io.stdout, JSON.stringify(result, null, 2) + "\n"), 0;
  for (const p of result.patterns) {
    const text = p.text.replace(/\s+/g, " ");
    await write(
      io.stdout,
      `${p.id}  ×${String(p.occurrences).padEnd(4)} ${p.category.padEnd(20)} ${
        p.lastSeen.slice(0, 10)
      }  ${text.length > 70 ? `${text.slice(0, 67)}...` : text}\n`,
    );
  }
  await write(io.stdout, `${result.matching} of ${result.stored} patterns match\n`);
  return 0;
}

async function dashboard(
  values: Record<string, string | boolean | undefined>,
  io: CliIO,
): Promise<number> {
  const { computeDashboard } = await import("../memory/dashboard.ts");
  const days = wholeNumber("days", values.days, 1);
  if (days !== undefined && days > 366) usage(`--days must be at most 366, got ${days}`);
  const d = await withStore(
    values.kv as string | undefined,
    (store) => computeDashboard(store, { days, top: wholeNumber("top", values.top, 1) }),
  );
  if (values.json) return await write(io.stdout, JSON.stringify(d, null, 2) + "\n"), 0;
  const { renderDashboard } = await import("../memory/dashboard_markdown.ts");
  await write(io.stdout, renderDashboard(d));
  return 0;
}

async function exportMemory(
  values: Record<string, string | boolean | undefined>,
  io: CliIO,
): Promise<number> {
  const format = (values.format as string | undefined) ?? "yaml";
  if (format !== "yaml" && format !== "jsonl") {
    usage(`--format must be yaml or jsonl, got "${format}"`);
  }
  const only = category(values.category);
  const min = wholeNumber("min-occurrences", values["min-occurrences"], 1) ?? 1;
  const { keys } = await import("../store_schema.ts");
  type Pattern = import("../memory/types.ts").FailurePattern;
  const patterns = await withStore(
    values.kv as string | undefined,
    async (store) => (await store.list<Pattern>([keys.prefix.patterns])).map((e) => e.value),
  );
  let text: string;
  let summary: string;
  if (format === "jsonl") {
    const chosen = patterns.filter((p) => (!only || p.category === only) && p.occurrences >= min);
    text = chosen.map((p) => JSON.stringify(p)).join("\n") + (chosen.length ? "\n" : "");
    summary = `${chosen.length} patterns`;
  } else {
    const { exportPack } = await import("../memory/export.ts");
    const result = await exportPack(patterns, {
      category: only,
      minOccurrences: min,
      id: values.id as string | undefined,
    });
    text = result.yaml;
    summary = `${result.rules} rule${result.rules === 1 ? "" : "s"}`;
    for (const s of result.skipped) {
      await write(io.stderr, `taskorch memory export: skipped pattern ${s.id}: ${s.reason}\n`);
    }
  }
  const out = values.output as string | undefined;
  if (out === undefined || out === "-") await write(io.stdout, text);
  else {
    await Deno.writeTextFile(out, text);
    await write(io.stderr, `taskorch memory export: wrote ${summary} to ${out}\n`);
  }
  return 0;
}

async function importMemory(
  file: string | undefined,
  values: Record<string, string | boolean | undefined>,
  io: CliIO,
): Promise<number> {
  if (file === undefined) usage("import needs the FILE to import");
  const scope = values.scope as string | undefined;
  if (scope !== undefined && scope !== "project" && scope !== "global") {
    usage(`--scope must be project or global, got "${scope}"`);
  }
  let text: string;
  try {
    text = file === "-" ? await new Response(io.stdin).text() : await Deno.readTextFile(file!);
  } catch (error) {
    throw new TaskorchError(
      "INPUT_INVALID",
      `taskorch memory import: cannot read "${file}": ${(error as Error).message}`,
    );
  }
  const { importPatterns } = await import("../memory/import.ts");
  const report = await withStore(
    values.kv as string | undefined,
    (store) =>
      importPatterns(store, text, file!, {
        scope: scope as "project" | "global" | undefined,
        cwd: values.cwd as string | undefined,
      }),
  );
  if (values.json) await write(io.stdout, JSON.stringify(report, null, 2) + "\n");
  else {
    for (const s of report.skipped) await write(io.stderr, `skipped ${s.where}: ${s.reason}\n`);
    await write(
      io.stdout,
      `imported ${report.read - report.skipped.length} of ${report.read} patterns from ${file}: ` +
        `${report.created} new, ${report.merged} merged into known patterns\n`,
    );
  }
  return report.skipped.length > 0 && report.skipped.length === report.read ? 1 : 0;
}

/** The `memory` command. */
export const memoryCommand: Command = {
  name: "memory",
  help: `Usage: taskorch memory list [--category C] [--scope S] [--query TEXT] [--since WHEN]
                            [--min-occurrences N] [--sort KEY] [--limit N] [--json]
       taskorch memory dashboard [--days N] [--top N] [--json]
       taskorch memory export [--category C] [--min-occurrences N] [--format yaml|jsonl]
                              [--id PACK_ID] [-o FILE]
       taskorch memory import FILE [--scope project|global] [--cwd DIR] [--json]

  list       the learned failure patterns, most frequent first (--sort occurrences,
             last_seen or first_seen; --since 2026-03-01 or 7d)
  dashboard  checks and decisions by event and category, top rules and patterns,
             prevented events and a per-day trend over the last --days (default 7),
             as markdown (or --json); folds the hooks' check journal into the store
  export     the patterns as a YAML rule pack with generated inline tests, for review
             and promotion (check it with "taskorch rules test FILE"); or --format
             jsonl, one pattern per line, for sharing
  import     patterns from a pack written by export or from JSON lines (FILE or -),
             merged into this memory: known patterns add their occurrences.
             --scope gives every pattern that scope; --cwd moves project patterns
             to that workspace (sharing between projects)

Options:
  --kv PATH   Store location (default $TASKORCH_KV or ~/.taskorch/taskorch.kv)
  -h, --help  Show this help
`,
  async run(args, io) {
    const { values, positionals } = parseFlags("memory", args, {
      kv: { type: "string" },
      json: { type: "boolean" },
      category: { type: "string" },
      scope: { type: "string" },
      query: { type: "string" },
      since: { type: "string" },
      "min-occurrences": { type: "string" },
      sort: { type: "string" },
      limit: { type: "string" },
      days: { type: "string" },
      top: { type: "string" },
      format: { type: "string" },
      id: { type: "string" },
      output: { type: "string", short: "o" },
      cwd: { type: "string" },
    }, true);
    if (values.help) return await write(io.stdout, this.help), 0;
    const [action, ...rest] = positionals;
    if (!(ACTIONS as readonly string[]).includes(action ?? "")) {
      usage(`say ${ACTIONS.join(", ")}${action ? `, not "${action}"` : ""}`);
    }
    if (action !== "import" && rest.length > 0) usage(`unexpected argument "${rest[0]}"`);
    if (action === "import" && rest.length > 1) usage(`import takes one FILE, got ${rest.length}`);
    switch (action) {
      case "list":
        return await list(values, io);
      case "dashboard":
        return await dashboard(values, io);
      case "export":
        return await exportMemory(values, io);
      default:
        return await importMemory(rest[0], values, io);
    }
  },
};
