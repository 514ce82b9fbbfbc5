/**
 * `taskorch memory import`: learned patterns from another store or project, merged into this
 * memory through `learnFailure` (core/memory/learn.ts), so a pattern already known adds its
 * occurrences instead of becoming a duplicate. Two inputs:
 *
 * - a rule pack written by `taskorch memory export` (or edited from one): each rule with a
 *   `taskorch-memory:pattern/<id>?…` reference is restored from it (text, occurrences, first
 *   and last seen, scope, workspace, event, tool, description); a rule without one becomes a
 *   pattern from its first `fire` test (its salient text), its category and its message;
 * - JSON lines, one pattern per line (`taskorch memory export --format jsonl`, or any objects
 *   with at least `category` and `text`).
 *
 * Imported patterns that are new get the source `import`. Importing the same file twice adds
 * its occurrences twice: counts merge, they are not replaced.
 *
 * @module
 */

import { parse } from "yaml";
import { errorMessage, TaskorchError } from "../errors.ts";
import { loadPackText } from "../rules/load.ts";
import { testEvent } from "../rules/pack.ts";
import type { RawPack, RawRule } from "../rules/types.ts";
import type { Store } from "../store.ts";
import { isCategory } from "../verdict.ts";
import { REFERENCE_PREFIX } from "./export.ts";
import { learnFailure, type LearnInput } from "./learn.ts";
import { salientText } from "./salient.ts";
import type { PatternScope } from "./types.ts";

/** Options of {@linkcode importPatterns}. */
export interface ImportOptions {
  /** Give every imported pattern this scope (default: as exported). */
  scope?: PatternScope;
  /** Rebase project patterns onto this workspace (sharing between projects). */
  cwd?: string;
}

/** What an import did. */
export interface ImportReport {
  /** Patterns read from the file. */
  read: number;
  /** New patterns created. */
  created: number;
  /** Patterns that were already known and had their occurrences added. */
  merged: number;
  /** Entries not imported, with where and why. */
  skipped: { where: string; reason: string }[];
}

/** A pattern read from a file, with where it came from (for messages). */
interface Entry {
  where: string;
  input?: LearnInput;
  reason?: string;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function fromReference(rule: RawRule, reference: string): LearnInput {
  const params = new URLSearchParams(reference.slice(reference.indexOf("?") + 1));
  const occurrences = Number(params.get("occurrences") ?? "1");
  const scope = params.get("scope");
  return {
    category: rule.category,
    text: params.get("text") ?? "",
    description: params.get("description") ?? "",
    suggestion: rule.suggestion,
    occurrences: Number.isInteger(occurrences) && occurrences >= 1 ? occurrences : 1,
    firstSeen: params.get("first_seen") ?? undefined,
    at: params.get("last_seen") ?? undefined,
    scope: scope === "project" || scope === "global" ? scope : undefined,
    cwd: params.get("cwd") ?? undefined,
    event: params.get("event") ?? undefined,
    tool: params.get("tool") ?? undefined,
    evidence: params.get("evidence") ?? undefined,
    source: "import",
  };
}

function fromTests(rule: RawRule): LearnInput | string {
  const first = rule.tests?.fire?.[0];
  if (first === undefined) return "it has no taskorch-memory reference and no fire test";
  const event = testEvent(rule, first);
  return {
    category: rule.category,
    text: salientText(event),
    description: rule.message,
    suggestion: rule.suggestion,
    event: event.hook_event_name,
    ...(event.tool_name ? { tool: event.tool_name } : {}),
    source: "import",
  };
}

/** The patterns of a rule pack's text (validated with the real loader first). */
export async function entriesFromPack(text: string, file: string): Promise<Entry[]> {
  await loadPackText(text, file, { cache: false });
  const pack = parse(text) as RawPack;
  return pack.rules.map((rule) => {
    const where = `${file}: rule ${rule.id}`;
    const reference = rule.references?.find((r) => r.startsWith(REFERENCE_PREFIX));
    const input = reference ? fromReference(rule, reference) : fromTests(rule);
    return typeof input === "string" ? { where, reason: input } : { where, input };
  });
}

/** The patterns of JSON lines; a bad line is an entry with its reason. */
export function entriesFromJsonl(text: string, file: string): Entry[] {
  const entries: Entry[] = [];
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    const where = `${file}:${i + 1}`;
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(line);
    } catch (error) {
      entries.push({ where, reason: `not JSON: ${errorMessage(error)}` });
      return;
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      entries.push({ where, reason: "not a JSON object" });
      return;
    }
    if (!isCategory(value.category)) {
      entries.push({ where, reason: `unknown category ${JSON.stringify(value.category)}` });
      return;
    }
    const occurrences = typeof value.occurrences === "number" ? value.occurrences : 1;
    const scope = value.scope === "project" || value.scope === "global" ? value.scope : undefined;
    entries.push({
      where,
      input: {
        category: value.category,
        text: str(value.text) ?? "",
        description: str(value.description),
        suggestion: str(value.suggestion),
        occurrences: Number.isInteger(occurrences) && occurrences >= 1 ? occurrences : 1,
        firstSeen: str(value.firstSeen),
        at: str(value.lastSeen),
        scope,
        cwd: str(value.cwd),
        event: str(value.event),
        tool: str(value.tool),
        evidence: str(value.evidence),
        source: "import",
      },
    });
  });
  return entries;
}

/** Whether a file's text is JSON lines rather than a YAML pack. */
export function looksLikeJsonl(text: string, file: string): boolean {
  if (/\.(jsonl|ndjson)$/i.test(file)) return true;
  if (/\.ya?ml$/i.test(file)) return false;
  return text.trimStart().startsWith("{");
}

/**
 * Imports the patterns of a file's text (a rule pack or JSON lines) into the memory with
 * `learnFailure`. An entry that cannot be imported is skipped and listed; a pack that does
 * not load fails whole, naming file, line and column.
 *
 * @example
 * ```ts
 * import { openStore } from "../store.ts";
 * import { importPatterns } from "./import.ts";
 * using store = await openStore({ path: ":memory:" });
 * const line = JSON.stringify({ category: "other", text: "npm run deploy", occurrences: 3 });
 * const report = await importPatterns(store, `${line}\n${line}\n`, "shared.jsonl");
 * console.assert(report.created === 1 && report.merged === 1);
 * ```
 */
export async function importPatterns(
  store: Store,
  text: string,
  file: string,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const entries = looksLikeJsonl(text, file)
    ? entriesFromJsonl(text, file)
    : await entriesFromPack(text, file);
  const report: ImportReport = { read: entries.length, created: 0, merged: 0, skipped: [] };
  for (const entry of entries) {
    if (!entry.input) {
      report.skipped.push({ where: entry.where, reason: entry.reason ?? "unreadable" });
      continue;
    }
    const input = { ...entry.input };
    if (options.scope) input.scope = options.scope;
    if (options.cwd && (input.scope ?? (input.cwd ? "project" : "global")) === "project") {
      input.cwd = options.cwd;
    }
    try {
      const { created } = await learnFailure(store, input);
      if (created) report.created++;
      else report.merged++;
    } catch (error) {
      if (!(error instanceof TaskorchError) || error.code !== "INPUT_INVALID") throw error;
      report.skipped.push({ where: entry.where, reason: errorMessage(error) });
    }
  }
  return report;
}
