/**
 * What the coding agent itself costs: reads Claude Code transcripts (JSONL, streamed with
 * `core/claude/transcript.ts`) and records each assistant message's usage in the cost ledger,
 * caller `claude-code`, provider `anthropic`, source `agent`, session from the transcript.
 *
 * - One message is written on several lines (one per content block), each carrying the same
 *   `message.id` and usage: it is counted once, with the largest value seen per usage field
 *   (a line written while streaming may carry a smaller `output_tokens`).
 * - Re-importing adds nothing: every message is recorded once under `keys.costImport(
 *   "claude:<message id>")`, even when the same message appears in another transcript (a
 *   resumed session copies its history).
 * - Cache writes are priced by lifetime: `cache_creation.ephemeral_5m_input_tokens` at the
 *   5-minute write rate, `ephemeral_1h_input_tokens` at the 1-hour rate; without the split,
 *   `cache_creation_input_tokens` counts as 5-minute writes. Cache reads
 *   (`cache_read_input_tokens`) at the cache-read rate; `input_tokens` (uncached) at input.
 * - Anthropic counts thinking inside `output_tokens`, so `reasoning` stays 0 (nothing doubles).
 * - Messages Claude Code makes up itself (model `<synthetic>`, e.g. an API error shown as a
 *   message) are skipped and counted.
 *
 * @module
 */

import { join } from "node:path";
import { TaskorchError } from "../errors.ts";
import { emptyStats, readTranscript, type TranscriptStats } from "../claude/transcript.ts";
import type { CostLedger } from "./ledger.ts";
import type { Usage } from "./types.ts";

/** What an import did. */
export interface ClaudeImportReport {
  /** Transcript files read. */
  files: number;
  /** Distinct assistant messages with usage found. */
  messages: number;
  /** Messages newly recorded in the ledger. */
  imported: number;
  /** Messages already in the ledger (an earlier import, or another transcript). */
  alreadyImported: number;
  /** Extra lines of messages already seen in the same file (content blocks of one message). */
  repeatedLines: number;
  /** Synthetic messages skipped. */
  synthetic: number;
  /** Newly imported messages whose model has no price. */
  unpriced: number;
  /** Cost of the newly imported messages, USD. */
  costUsd: number;
  /** Unreadable or cut-off lines skipped. */
  malformedLines: number;
  /** Newly imported cost by model, USD. */
  byModel: Record<string, { messages: number; costUsd: number | null }>;
}

interface Message {
  id: string;
  model: string;
  at: Date;
  session?: string;
  usage: Usage;
}

function num(v: unknown): number {
  return typeof v === "number" && Number.isFinite(v) && v > 0 ? Math.floor(v) : 0;
}

/** Maps a Claude message `usage` object to a {@linkcode Usage}. */
export function claudeUsage(raw: Record<string, unknown>): Usage {
  const creation = raw.cache_creation as Record<string, unknown> | undefined;
  const total = num(raw.cache_creation_input_tokens);
  let write5m = total;
  let write1h = 0;
  if (creation && typeof creation === "object") {
    write1h = num(creation.ephemeral_1h_input_tokens);
    write5m = num(creation.ephemeral_5m_input_tokens);
    // Anything the split does not account for is priced as a 5-minute write.
    write5m += Math.max(0, total - write5m - write1h);
  }
  const usage: Usage = { input: num(raw.input_tokens), output: num(raw.output_tokens) };
  if (num(raw.cache_read_input_tokens)) usage.cache_read = num(raw.cache_read_input_tokens);
  if (write5m) usage.cache_write = write5m;
  if (write1h) usage.cache_write_1h = write1h;
  return usage;
}

function maxUsage(a: Usage, b: Usage): Usage {
  const out: Usage = { input: Math.max(a.input, b.input), output: Math.max(a.output, b.output) };
  for (const k of ["cache_read", "cache_write", "cache_write_1h"] as const) {
    const v = Math.max(a[k] ?? 0, b[k] ?? 0);
    if (v) out[k] = v;
  }
  return out;
}

/** Every `*.jsonl` under `dir`, recursively (subagent transcripts included), sorted. */
export async function transcriptFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(d: string): Promise<void> {
    let list: Deno.DirEntry[];
    try {
      list = await Array.fromAsync(Deno.readDir(d));
    } catch (error) {
      throw new TaskorchError(
        "INPUT_INVALID",
        `Cannot read the Claude Code project folder "${d}": ${(error as Error).message}`,
      );
    }
    for (const e of list) {
      const path = join(d, e.name);
      if (e.isDirectory) await walk(path);
      else if (e.isFile && e.name.endsWith(".jsonl")) found.push(path);
    }
  }
  await walk(dir);
  return found.sort();
}

/** Reads one transcript's assistant messages, one per message id. */
async function messagesOf(
  path: string,
  report: ClaudeImportReport,
  stats: TranscriptStats,
): Promise<Message[]> {
  const byId = new Map<string, Message>();
  const fallbackSession = path.split("/").pop()!.replace(/\.jsonl$/, "");
  for await (const entry of readTranscript(path, stats)) {
    if (entry.type !== "assistant") continue;
    const message = entry.message as
      | { id?: unknown; model?: unknown; usage?: Record<string, unknown> }
      | undefined;
    if (!message || typeof message.id !== "string" || !message.usage) continue;
    const model = typeof message.model === "string" ? message.model : "unknown";
    if (model === "<synthetic>") {
      if (!byId.has(message.id)) report.synthetic++;
      byId.set(message.id, null as unknown as Message);
      continue;
    }
    const usage = claudeUsage(message.usage);
    const seen = byId.get(message.id);
    if (seen === null) continue;
    if (seen) {
      report.repeatedLines++;
      seen.usage = maxUsage(seen.usage, usage);
      continue;
    }
    const at = new Date(typeof entry.timestamp === "string" ? entry.timestamp : NaN);
    byId.set(message.id, {
      id: message.id,
      model,
      at: Number.isNaN(at.getTime()) ? new Date() : at,
      session: typeof entry.sessionId === "string" ? entry.sessionId : fallbackSession,
      usage,
    });
  }
  return [...byId.values()].filter((m) => m !== null);
}

/**
 * Imports Claude Code transcripts into the ledger.
 *
 * @example
 * ```ts
 * import { openStore } from "../store.ts";
 * import { CostLedger } from "./ledger.ts";
 * import { importClaudeTranscripts } from "./claude_import.ts";
 * const file = await Deno.makeTempFile({ suffix: ".jsonl" });
 * const line = JSON.stringify({ type: "assistant", sessionId: "s1", timestamp: "2026-01-02T03:04:05Z",
 *   message: { id: "msg_1", model: "claude-haiku-4-5-20251001", usage: { input_tokens: 1000, output_tokens: 100 } } });
 * await Deno.writeTextFile(file, `${line}\n${line}\n`);
 * using store = await openStore({ path: ":memory:" });
 * const report = await importClaudeTranscripts(new CostLedger(store), [file]);
 * console.assert(report.imported === 1 && report.repeatedLines === 1 && report.costUsd === 0.0015);
 * console.assert((await importClaudeTranscripts(new CostLedger(store), [file])).imported === 0);
 * ```
 */
export async function importClaudeTranscripts(
  ledger: CostLedger,
  files: readonly string[],
): Promise<ClaudeImportReport> {
  const report: ClaudeImportReport = {
    files: 0,
    messages: 0,
    imported: 0,
    alreadyImported: 0,
    repeatedLines: 0,
    synthetic: 0,
    unpriced: 0,
    costUsd: 0,
    malformedLines: 0,
    byModel: {},
  };
  let micros = 0;
  const seen = new Set<string>();
  for (const file of files) {
    const stats = emptyStats();
    const messages = await messagesOf(file, report, stats);
    report.files++;
    report.malformedLines += stats.malformed;
    for (const m of messages) {
      if (seen.has(m.id)) {
        report.alreadyImported++;
        continue;
      }
      seen.add(m.id);
      report.messages++;
      const entry = ledger.entry({
        id: `claude-${m.id}`,
        at: m.at,
        provider: "anthropic",
        model: m.model,
        caller: "claude-code",
        session: m.session,
        source: "agent",
        usage: m.usage,
      });
      if (!await ledger.record(entry, `claude:${m.id}`)) {
        report.alreadyImported++;
        continue;
      }
      report.imported++;
      const row = report.byModel[entry.pricedAs ?? m.model] ??= { messages: 0, costUsd: 0 };
      row.messages++;
      if (entry.costMicros === null) {
        report.unpriced++;
        row.costUsd = null;
      } else {
        micros += entry.costMicros;
        if (row.costUsd !== null) {
          row.costUsd = Math.round(row.costUsd * 1e6 + entry.costMicros) / 1e6;
        }
      }
    }
  }
  report.costUsd = micros / 1e6;
  return report;
}
