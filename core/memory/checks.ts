/**
 * Check recording: every judged event becomes a {@linkcode CheckRecord} under
 * `["checks", day, id]` (`id` = the ISO time + 8 random hex digits, so a day lists in time
 * order), which the dashboard counts.
 *
 * Two ways in, chosen for the door's cost:
 *
 * - **A long-lived process with the store open** (the MCP tools, `serve --http`'s
 *   `POST /hook`): {@linkcode recordCheck} writes the record straight into KV.
 * - **`taskorch hook`, a process per event** (≤ 60 ms budget): opening Deno KV costs
 *   milliseconds, so the hook appends one JSON line to a journal beside the store instead
 *   ({@linkcode appendCheckJournal}, one `open(O_APPEND)` + `write`, no KV, no store
 *   module loaded). The dashboard (CLI and MCP tool) folds the journal into KV before it
 *   counts ({@linkcode foldCheckJournal}). Measured by `bench/check_journal.ts`.
 *
 * The journal of a store file `P` is `P.checks.jsonl`; of a KV Connect URL, a file in
 * taskorch's home named by the URL's hash; a `:memory:` store has none (nothing would
 * outlive the process). Folding renames the journal aside (`….pending-<time>-<rand>`), so
 * hooks keep appending to a fresh file, and folds a set-aside file once it has not been
 * written for `graceMs` (a hook that opened the file just before the rename has finished
 * its single write by then). Each line carries its record's id, so folding the same file
 * twice (two folders at once, or a crash before the file was removed) writes the same keys
 * again: nothing is counted twice.
 *
 * A write that fails is reported by the caller, never fatal.
 *
 * @module
 */

import { fnvHex } from "../fnv.ts";
import { errorMessage } from "../errors.ts";
import type { AgentEvent } from "../event.ts";
import { isKvFileless, resolveKvLocation, taskorchHome } from "../paths.ts";
import { basename, dirname, join } from "../posix_path.ts";
import type { WithStore } from "../shared_store.ts";
import type { Store } from "../store.ts";
import { keys, utcDay } from "../store_schema.ts";
import type { Verdict } from "../verdict.ts";
import type { CheckRecord } from "./types.ts";

/** Most findings kept per record (a record stays one small journal line). */
export const MAX_RECORD_FINDINGS = 32;

/** Default quiet time before a set-aside journal file is folded (milliseconds). */
export const DEFAULT_FOLD_GRACE_MS = 1000;

/** A check record with the id of its key, as a journal line holds it. */
export interface JournalLine extends CheckRecord {
  /** The `id` part of `["checks", day, id]`. */
  id: string;
}

/**
 * Builds the record of one judged event.
 *
 * @example
 * ```ts
 * import { checkRecordOf } from "./checks.ts";
 * const record = checkRecordOf(
 *   { hook_event_name: "PreToolUse", tool_name: "Bash", session_id: "s1" },
 *   {
 *     decision: "deny",
 *     risk: 0.9,
 *     findings: [{ rule: "fs.rm-root", category: "destructive_command", severity: "critical", message: "x" }],
 *   },
 *   "mcp",
 * );
 * console.assert(record.decision === "deny" && record.findings[0].rule === "fs.rm-root");
 * ```
 */
export function checkRecordOf(
  event: Pick<AgentEvent, "hook_event_name" | "tool_name" | "session_id">,
  verdict: Pick<Verdict, "decision" | "risk" | "findings">,
  via: CheckRecord["via"],
  now: Date = new Date(),
): CheckRecord {
  const record: CheckRecord = {
    at: now.toISOString(),
    event: event.hook_event_name,
    decision: verdict.decision,
    risk: verdict.risk,
    findings: verdict.findings.slice(0, MAX_RECORD_FINDINGS).map((f) => ({
      rule: f.rule,
      category: f.category,
    })),
    via,
  };
  if (event.tool_name) record.tool = event.tool_name;
  if (event.session_id) record.session = event.session_id;
  return record;
}

/**
 * A new record id for a record made at `at` (ISO 8601): the time, then 8 random hex
 * digits, so ids sort by time and never collide in practice.
 *
 * @example
 * ```ts
 * import { checkId } from "./checks.ts";
 * console.assert(checkId("2026-01-02T03:04:05.000Z").startsWith("2026-01-02T03:04:05.000Z-"));
 * ```
 */
export function checkId(at: string): string {
  // Math.random, not crypto: an id, not a secret, and a fresh process's first crypto call
  // costs ~0.5 ms of the hook's budget.
  const random = Math.floor(Math.random() * 0x1_0000_0000).toString(16).padStart(8, "0");
  return `${at}-${random}`;
}

/** The key of a record: `["checks", <UTC day of at>, id]`. */
export function checkKey(record: CheckRecord, id: string): Deno.KvKey {
  return keys.check(utcDay(new Date(record.at)), id);
}

/**
 * Writes one record into the store and returns its key. Store errors propagate: the
 * caller reports them and goes on.
 *
 * @example
 * ```ts
 * import { openStore } from "../store.ts";
 * import { checkRecordOf, recordCheck } from "./checks.ts";
 * using store = await openStore({ path: ":memory:" });
 * const key = await recordCheck(store, checkRecordOf(
 *   { hook_event_name: "UserPromptSubmit" }, { decision: "allow", risk: 0, findings: [] }, "cli",
 * ));
 * console.assert(key[0] === "checks");
 * ```
 */
export async function recordCheck(
  store: Store,
  record: CheckRecord,
  id: string = checkId(record.at),
): Promise<Deno.KvKey> {
  const key = checkKey(record, id);
  await store.set(key, record);
  return key;
}

/**
 * Records a judged event through a door's `withStore` (the MCP tools). Never throws: a
 * failure is returned as a message for the caller to report; no store, nothing recorded.
 *
 * @example
 * ```ts
 * import { openStore } from "../store.ts";
 * import { recordCheckWith } from "./checks.ts";
 * using store = await openStore({ path: ":memory:" });
 * const problem = await recordCheckWith(
 *   (use) => use(store),
 *   { hook_event_name: "UserPromptSubmit" },
 *   { decision: "allow", risk: 0, findings: [] },
 *   "mcp",
 * );
 * console.assert(problem === undefined);
 * ```
 */
export async function recordCheckWith(
  withStore: WithStore | undefined,
  event: Pick<AgentEvent, "hook_event_name" | "tool_name" | "session_id">,
  verdict: Pick<Verdict, "decision" | "risk" | "findings">,
  via: CheckRecord["via"],
): Promise<string | undefined> {
  if (!withStore) return undefined;
  try {
    await withStore((store) => recordCheck(store, checkRecordOf(event, verdict, via)));
    return undefined;
  } catch (error) {
    return `taskorch could not record the check of a ${event.hook_event_name} event for its ` +
      `dashboard: ${errorMessage(error)}`;
  }
}

/**
 * The check journal of a store location (`--kv`; default as `openStore`), or undefined for
 * `:memory:`, whose records could not outlive the process.
 *
 * @example
 * ```ts
 * import { checkJournalPath } from "./checks.ts";
 * console.assert(checkJournalPath("/tmp/t.kv") === "/tmp/t.kv.checks.jsonl");
 * console.assert(checkJournalPath(":memory:") === undefined);
 * ```
 */
export function checkJournalPath(kv?: string): string | undefined {
  const { path } = resolveKvLocation(kv);
  if (path === ":memory:") return undefined;
  if (isKvFileless(path)) return join(taskorchHome(), `checks-${fnvHex(path)}.jsonl`);
  return `${path}.checks.jsonl`;
}

/**
 * Appends one record to a check journal (creating its folder, mode 0700, and the file,
 * mode 0600, when absent). One line, one `write` in append mode: lines of concurrent
 * hooks do not interleave. Returns the record's id.
 */
export async function appendCheckJournal(
  journal: string,
  record: CheckRecord,
  id: string = checkId(record.at),
): Promise<string> {
  const line: JournalLine = { id, ...record };
  const data = new TextEncoder().encode(JSON.stringify(line) + "\n");
  // Synchronous on purpose: in a fresh process the first asynchronous file operation costs
  // ~5 ms more (bench/check_journal.ts); this is one small write.
  const append = (): void => {
    const file = Deno.openSync(journal, { append: true, create: true, mode: 0o600 });
    try {
      for (let written = 0; written < data.length;) {
        written += file.writeSync(data.subarray(written));
      }
    } finally {
      file.close();
    }
  };
  try {
    append();
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    await Deno.mkdir(dirname(journal), { recursive: true, mode: 0o700 });
    append();
  }
  return id;
}

/**
 * What `taskorch hook` records a judged event with: appends it to the journal of the
 * store `kv` (nothing for `:memory:`). Never opens the store.
 */
export function journalRecorder(kv?: string): (record: CheckRecord) => Promise<void> {
  return async (record) => {
    const journal = checkJournalPath(kv);
    if (journal) await appendCheckJournal(journal, record);
  };
}

/** What a fold did. */
export interface FoldReport {
  /** Records written into the store. */
  folded: number;
  /** Set-aside files folded and removed. */
  files: number;
  /** Set-aside files left for a later fold (written less than `graceMs` ago). */
  waiting: number;
  /** Lines that were not records (skipped), with file and line number. */
  malformed: string[];
}

/** Options of {@linkcode foldCheckJournal}. */
export interface FoldOptions {
  /** Fold a set-aside file only after it has not been written for this long (default 1000 ms). */
  graceMs?: number;
  /** Records per atomic commit (default 200). */
  batch?: number;
}

function parseLine(text: string): JournalLine | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== "object") return undefined;
  const line = value as Partial<JournalLine>;
  if (
    typeof line.id !== "string" || typeof line.at !== "string" || typeof line.event !== "string" ||
    typeof line.decision !== "string" || typeof line.risk !== "number" ||
    !Array.isArray(line.findings) || Number.isNaN(new Date(line.at).getTime())
  ) return undefined;
  return line as JournalLine;
}

/**
 * Folds a check journal into the store: sets the live journal aside, then writes the records
 * of every set-aside file quiet for `graceMs` and removes the file. Safe to run from several
 * processes at once (records keep their ids). Store errors propagate; malformed lines are
 * skipped and listed.
 *
 * @example
 * ```ts
 * import { openStore } from "../store.ts";
 * import { appendCheckJournal, checkRecordOf, foldCheckJournal } from "./checks.ts";
 * const journal = `${await Deno.makeTempDir()}/t.kv.checks.jsonl`;
 * await appendCheckJournal(journal, checkRecordOf(
 *   { hook_event_name: "Stop" }, { decision: "block", risk: 0.7, findings: [] }, "hook",
 * ));
 * using store = await openStore({ path: ":memory:" });
 * const report = await foldCheckJournal(store, journal, { graceMs: 0 });
 * console.assert(report.folded === 1);
 * ```
 */
export async function foldCheckJournal(
  store: Store,
  journal: string,
  options: FoldOptions = {},
): Promise<FoldReport> {
  const graceMs = options.graceMs ?? DEFAULT_FOLD_GRACE_MS;
  const batch = options.batch ?? 200;
  const report: FoldReport = { folded: 0, files: 0, waiting: 0, malformed: [] };
  const dir = dirname(journal);
  const prefix = `${basename(journal)}.pending-`;
  try {
    const random = Math.floor(Math.random() * 0x1_0000_0000).toString(16);
    await Deno.rename(journal, join(dir, `${prefix}${Date.now()}-${random}`));
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  let names: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (entry.isFile && entry.name.startsWith(prefix)) names.push(entry.name);
    }
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return report;
    throw error;
  }
  names = names.sort();
  for (const name of names) {
    const file = join(dir, name);
    let text: string;
    try {
      const stat = await Deno.stat(file);
      if (Date.now() - (stat.mtime?.getTime() ?? 0) < graceMs) {
        report.waiting++;
        continue;
      }
      text = await Deno.readTextFile(file);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) continue; // another process folded it
      throw error;
    }
    const records: JournalLine[] = [];
    text.split("\n").forEach((raw, i) => {
      if (raw.trim() === "") return;
      const line = parseLine(raw);
      if (line) records.push(line);
      else report.malformed.push(`${file}:${i + 1}`);
    });
    for (let i = 0; i < records.length; i += batch) {
      const round = records.slice(i, i + batch);
      const result = await store.atomic((op) => {
        for (const { id, ...record } of round) op.set(checkKey(record, id), record);
      }, `folding ${round.length} check records from ${file}`);
      if (!result.ok) throw new Error(`the store refused the fold of ${file}`);
      report.folded += round.length;
    }
    try {
      await Deno.remove(file);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
    report.files++;
  }
  return report;
}
