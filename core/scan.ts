/**
 * Offline scanning: runs the engine over recorded Claude Code sessions and reports what
 * taskorch would have flagged, so a user can try it on last week's sessions before
 * installing any hook.
 *
 * @module
 */

import { replayTranscript } from "./claude/replay.ts";
import { emptyStats, type TranscriptStats } from "./claude/transcript.ts";
import type { Engine } from "./engine.ts";
import type { AgentEvent } from "./event.ts";
import { type Decision, DECISIONS, type Finding } from "./verdict.ts";

/** One event taskorch would have flagged. */
export interface ScanHit {
  /** When it happened, if the transcript says. */
  timestamp?: string;
  /** `PreToolUse`, `PostToolUse`, `Stop`, ... */
  event: string;
  /** The tool, for tool events. */
  tool?: string;
  /** A one-line excerpt of what was judged (the command, the file, the prompt). */
  subject: string;
  /** The verdict's decision. */
  decision: Decision;
  /** Its risk, 0..1. */
  risk: number;
  /** The findings. */
  findings: Pick<Finding, "rule" | "category" | "severity" | "message">[];
}

/** What scanning one session found. */
export interface SessionReport {
  /** The transcript file. */
  file: string;
  /** The session id, when the transcript names one. */
  session?: string;
  /** Events replayed. */
  events: number;
  /** Decisions over all events, `allow` included. */
  decisions: Record<Decision, number>;
  /** Flagged events at or above the threshold, in order. */
  hits: ScanHit[];
  /** What reading skipped. */
  stats: TranscriptStats;
}

function excerpt(event: AgentEvent): string {
  const input = event.tool_input ?? {};
  const pick = input.command ?? input.file_path ?? input.url ?? input.pattern ?? input.path;
  const text = typeof pick === "string"
    ? pick
    : event.prompt ?? event.last_assistant_message ?? JSON.stringify(input);
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 100 ? line.slice(0, 97) + "..." : line;
}

function noDecisions(): Record<Decision, number> {
  return Object.fromEntries(DECISIONS.map((d) => [d, 0])) as Record<Decision, number>;
}

/**
 * Replays one transcript through the engine.
 *
 * @example
 * ```ts ignore
 * import { createRuntime } from "./runtime.ts";
 * import { scanTranscript } from "./scan.ts";
 * const runtime = await createRuntime();
 * const report = await scanTranscript(runtime.engine, "session.jsonl");
 * console.log(report.hits.length);
 * ```
 */
export async function scanTranscript(
  engine: Engine,
  file: string,
  min: Decision = "warn",
): Promise<SessionReport> {
  const stats = emptyStats();
  const report: SessionReport = { file, events: 0, decisions: noDecisions(), hits: [], stats };
  const floor = DECISIONS.indexOf(min);
  for await (const { event, timestamp } of replayTranscript(file, { stats })) {
    report.session ??= event.session_id || undefined;
    report.events++;
    const verdict = await engine.evaluate(event);
    report.decisions[verdict.decision]++;
    if (DECISIONS.indexOf(verdict.decision) < floor) continue;
    report.hits.push({
      timestamp,
      event: event.hook_event_name,
      tool: event.tool_name,
      subject: excerpt(event),
      decision: verdict.decision,
      risk: verdict.risk,
      findings: verdict.findings.map(({ rule, category, severity, message }) => ({
        rule,
        category,
        severity,
        message,
      })),
    });
  }
  return report;
}

/** Totals over several sessions. */
export interface ScanSummary {
  sessions: number;
  events: number;
  decisions: Record<Decision, number>;
  /** Flagged events per category of their findings. */
  categories: Record<string, number>;
  /** Rules that fired, with how often. */
  rules: Record<string, number>;
}

/** Adds up session reports. */
export function summarize(reports: readonly SessionReport[]): ScanSummary {
  const summary: ScanSummary = {
    sessions: reports.length,
    events: 0,
    decisions: noDecisions(),
    categories: {},
    rules: {},
  };
  for (const report of reports) {
    summary.events += report.events;
    for (const d of DECISIONS) summary.decisions[d] += report.decisions[d];
    for (const hit of report.hits) {
      for (const category of new Set(hit.findings.map((f) => f.category))) {
        summary.categories[category] = (summary.categories[category] ?? 0) + 1;
      }
      for (const f of hit.findings) summary.rules[f.rule] = (summary.rules[f.rule] ?? 0) + 1;
    }
  }
  return summary;
}

function counts(record: Record<string, number>): string {
  const parts = Object.entries(record).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
  return parts.length === 0 ? "none" : parts.map(([k, n]) => `${k} ${n}`).join(", ");
}

/** The readable report: each session's flagged events, then the totals. */
export function formatScan(reports: readonly SessionReport[]): string {
  const out: string[] = [];
  for (const report of reports) {
    const flagged = { ...report.decisions, allow: 0 };
    out.push(
      `${report.file}${report.session ? ` (session ${report.session})` : ""}: ` +
        `${report.events} events, flagged: ${counts(flagged)}`,
    );
    if (report.stats.malformed > 0) {
      out.push(`  (${report.stats.malformed} unreadable line(s) skipped)`);
    }
    for (const hit of report.hits) {
      const time = hit.timestamp ? `${hit.timestamp.slice(11, 19)} ` : "";
      out.push(
        `  ${time}${hit.decision.padEnd(5)} ${hit.event}${
          hit.tool ? ` ${hit.tool}` : ""
        }: ${hit.subject}`,
      );
      for (const f of hit.findings) out.push(`        ${f.rule} (${f.severity}): ${f.message}`);
    }
  }
  const summary = summarize(reports);
  out.push(
    "",
    `${summary.sessions} session(s), ${summary.events} events; decisions: ${
      counts(summary.decisions)
    }`,
    `flagged events by category: ${counts(summary.categories)}`,
    `rules: ${counts(summary.rules)}`,
  );
  return out.join("\n") + "\n";
}
