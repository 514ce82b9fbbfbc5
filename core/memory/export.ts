/**
 * `taskorch memory export`: learned failure patterns as a YAML rule pack a team can review,
 * test and promote (rules/README.md). One rule per pattern:
 *
 * - **match**: a case-insensitive regex over the pattern's salient text, generalized token by
 *   token — paths keep their last name with any folders before it (`(?:\S*\/)?name`), URLs
 *   become `\S+`, numbers `\d+`, hex ids and UUIDs `[0-9a-f-]+`, quoted
 *   strings any quoted string — tokens joined by `\s+`, at most {@linkcode MAX_TOKENS} tokens;
 *   the field is the command (Bash), the file path (file tools), the prompt or the final message,
 *   by the pattern's event and tool. A failed tool call becomes a `PreToolUse` rule: it warns
 *   before the call runs again; a pattern recorded without event or tool applies to commands
 *   and prompts (`PreToolUse` and `UserPromptSubmit`).
 * - **tests**: `fire` — the incident as seen, and a variant with other paths, numbers and ids;
 *   `pass` — near misses that must not fire: the first half of the incident, and the incident
 *   without its most distinctive word. Every case is checked against the rule before it is
 *   written, and the whole pack is loaded and tested with the real rule loader and test runner:
 *   `taskorch rules lint` and `taskorch rules test` pass on what this writes.
 * - **action** `warn`, severity `medium`, confidence 0.6: a learned, unreviewed rule warns.
 * - **references**: `taskorch-memory:pattern/<id>?…` carries the pattern (text, counts,
 *   times, source, scope, description), so `taskorch memory import` restores it losslessly.
 *
 * @module
 */

import { stringify } from "yaml";
import { readField } from "../rules/fields.ts";
import { loadPackText } from "../rules/load.ts";
import { testEvent } from "../rules/pack.ts";
import { testRule } from "../rules/test_runner.ts";
import type { RawMatch, RawRule, RawTestCase } from "../rules/types.ts";
import type { FailurePattern } from "./types.ts";

/** Most tokens of the salient text a generated regex spells out. */
export const MAX_TOKENS = 16;

/** The scheme of the reference that carries a pattern through export and import. */
export const REFERENCE_PREFIX = "taskorch-memory:pattern/";

/** Options of {@linkcode exportPack}. */
export interface ExportOptions {
  /** Pack id (default `memory`). */
  id?: string;
  /** Pack version (default `1.0.0`). */
  version?: string;
  /** Only this category. */
  category?: FailurePattern["category"];
  /** Only patterns recorded at least this often (default 1). */
  minOccurrences?: number;
  /** The date written in the description (default now). */
  now?: Date;
}

/** What {@linkcode exportPack} produced. */
export interface ExportResult {
  /** The pack as YAML. */
  yaml: string;
  /** Rules written. */
  rules: number;
  /** Patterns left out and why (filters are not listed). */
  skipped: { id: string; reason: string }[];
}

type Kind = "literal" | "path" | "number" | "hex" | "quoted" | "url";

interface Token {
  raw: string;
  regex: string;
  kind: Kind;
}

const ESCAPE = /[.*+?^${}()|[\]\\]/g;

function escape(text: string): string {
  return text.replace(ESCAPE, "\\$&");
}

function literalRegex(raw: string): string {
  return raw.split(/(\d+(?:\.\d+)*)/).map((
    part,
    i,
  ) => (i % 2 === 1 ? "\\d+(?:\\.\\d+)*" : escape(part)))
    .join("");
}

function pathStart(raw: string): number {
  const starts = ["~/", "./", "../", "/"].map((s) => raw.indexOf(s)).filter((i) => i >= 0);
  return starts.length === 0 ? -1 : Math.min(...starts);
}

function classify(raw: string): Token {
  if (/^(["']).*\1$/s.test(raw) && raw.length >= 2) {
    return { raw, kind: "quoted", regex: `(?:"[^"]*"|'[^']*')` };
  }
  const url = raw.search(/[a-z][a-z0-9+.-]*:\/\//i);
  if (url >= 0) return { raw, kind: "url", regex: `${escape(raw.slice(0, url))}\\S+` };
  const path = pathStart(raw);
  if (path >= 0) {
    // The folders are a wildcard; the file or folder name stays: it is what the failure was about.
    const base = raw.slice(path).split("/").filter((s) => s !== "" && s !== "~" && s !== ".")
      .pop();
    const tail = base && /[a-z]/i.test(base) ? `(?:\\S*/)?${literalRegex(base)}` : "\\S+";
    return { raw, kind: "path", regex: `${literalRegex(raw.slice(0, path))}${tail}` };
  }
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(raw)) {
    return { raw, kind: "hex", regex: "[0-9a-f-]+" };
  }
  if (/^(?=.*\d)(?=.*[a-f])[0-9a-f]{7,}$/i.test(raw)) {
    return { raw, kind: "hex", regex: "[0-9a-f]+" };
  }
  if (/^\d+(?:\.\d+)*$/.test(raw)) return { raw, kind: "number", regex: "\\d+(?:\\.\\d+)*" };
  return { raw, kind: "literal", regex: literalRegex(raw) };
}

/**
 * Splits text into generalized tokens (quoted strings stay whole).
 *
 * @example
 * ```ts
 * import { generalize } from "./export.ts";
 * const { regex } = generalize("rm -rf build-42 && echo 'done'");
 * const expected = String.raw`rm\s+-rf\s+build-\d+(?:\.\d+)*\s+&&\s+echo\s+(?:"[^"]*"|'[^']*')`;
 * console.assert(regex === expected, regex);
 * ```
 */
export function generalize(
  text: string,
  maxTokens = MAX_TOKENS,
): { regex: string; tokens: Token[] } {
  const raws = text.match(/"[^"\n]*"|'[^'\n]*'|\S+/g) ?? [];
  const tokens = raws.slice(0, maxTokens).map(classify);
  return { regex: tokens.map((t) => t.regex).join("\\s+"), tokens };
}

/** Another text the generalized regex should still match: other paths, numbers, ids, quotes. */
function variantOf(tokens: Token[], rest: string): string {
  let n = 0;
  const words = tokens.map((t) => {
    switch (t.kind) {
      case "path": {
        const at = pathStart(t.raw);
        const base = t.raw.slice(at).split("/").filter(Boolean).pop() ?? "x";
        return `${t.raw.slice(0, at)}/srv/elsewhere/${base}`;
      }
      case "url":
        return `${
          t.raw.slice(0, t.raw.search(/[a-z][a-z0-9+.-]*:\/\//i))
        }https://example.org/other`;
      case "number":
        return String(7 + n++);
      case "hex":
        return t.raw.includes("-") ? "0a1b2c3d-0000-4000-8000-00000000beef" : "c0ffee1234";
      case "quoted":
        return `"something else"`;
      default:
        return t.raw.replace(/\d+/g, () => String(3 + n++));
    }
  });
  return [words.join(" "), rest].filter(Boolean).join(" ");
}

/** Where a pattern's text goes in an event, and the rule's events and tools. */
interface Subject {
  events: string[];
  tools?: string[];
  field?: string;
  text: string;
  /** Builds a test case for a text. */
  test(text: string, name: string): RawTestCase;
}

const FILE_TOOLS = new Set(["Read", "Write", "Edit", "MultiEdit", "NotebookEdit", "NotebookRead"]);

function subjectOf(p: FailurePattern): Subject | string {
  const event = p.event === "Stop" || p.event === "SubagentStop" || p.event === "UserPromptSubmit"
    ? p.event
    : p.tool || p.event
    ? "PreToolUse"
    : "UserPromptSubmit";
  if (!p.event && !p.tool) {
    // Recorded by hand without an event: wherever the text shows up, a command or a prompt.
    return { events: ["PreToolUse", "UserPromptSubmit"], text: p.text, test: (text) => text };
  }
  if (event !== "PreToolUse") return { events: [event], text: p.text, test: (text) => text };
  const tool = p.tool;
  if (tool && p.text.startsWith(`${tool} `)) {
    const rest = p.text.slice(tool.length + 1);
    if (rest.startsWith("{")) {
      let input: unknown;
      try {
        input = JSON.parse(rest);
      } catch {
        return "its tool input was cut and is not JSON any more";
      }
      const text = readField(
        { hook_event_name: "PreToolUse", tool_name: tool, tool_input: input as never },
        "text",
      ) ?? "";
      const key = Object.keys(input as object)[0] ?? "input";
      return {
        events: [event],
        tools: [tool],
        text,
        test: (t, name) => ({ name, event: { tool_name: tool, tool_input: { [key]: t } } }),
      };
    }
    if (FILE_TOOLS.has(tool)) {
      return {
        events: [event],
        tools: [tool],
        field: "file_path",
        text: rest,
        test: (t, name) => ({ name, event: { tool_name: tool, tool_input: { file_path: t } } }),
      };
    }
  }
  if (!tool || tool === "Bash") {
    return { events: [event], tools: ["Bash"], text: p.text, test: (text) => text };
  }
  return {
    events: [event],
    tools: [tool],
    text: p.text,
    test: (t, name) => ({ name, event: { tool_name: tool, tool_input: { command: t } } }),
  };
}

function referenceOf(p: FailurePattern): string {
  const params = new URLSearchParams();
  const fields: [string, string | number | undefined][] = [
    ["occurrences", p.occurrences],
    ["first_seen", p.firstSeen],
    ["last_seen", p.lastSeen],
    ["source", p.source],
    ["scope", p.scope],
    ["cwd", p.cwd],
    ["event", p.event],
    ["tool", p.tool],
    ["evidence", p.evidence],
    ["description", p.description || undefined],
    ["text", p.text],
  ];
  for (const [name, value] of fields) if (value !== undefined) params.set(name, String(value));
  return `${REFERENCE_PREFIX}${p.id}?${params}`;
}

function noBraces(text: string): string {
  return text.replaceAll("{{", "{ {").replaceAll("}}", "} }");
}

function cut(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** The rule for one pattern, or why there is none. */
export function ruleOf(p: FailurePattern): RawRule | string {
  const subject = subjectOf(p);
  if (typeof subject === "string") return subject;
  const { regex, tokens } = generalize(subject.text);
  // A word, or a path whose kept name has three characters or more with a letter.
  const named = (t: Token) =>
    t.kind === "literal"
      ? /[a-z]/i.test(t.raw)
      : t.kind === "path" && /^(?=.*[a-z]).{3,}$/i.test(t.raw.split("/").pop() ?? "");
  if (!tokens.some(named)) {
    return "its text has no word left once paths, numbers and ids are generalized";
  }
  const id = `memory.${p.category.replaceAll("_", "-")}.${
    p.id.toLowerCase().replace(/[^a-z0-9_.-]/g, "-")
  }`;
  const match: RawMatch = { regex, flags: "i" };
  if (subject.field) match.field = subject.field;
  const rule: RawRule = {
    id,
    category: p.category,
    severity: "medium",
    confidence: 0.6,
    events: subject.events,
    ...(subject.tools ? { tools: subject.tools } : {}),
    action: "warn",
    match,
    message: noBraces(
      `Learned failure (seen ${p.occurrences} time${p.occurrences === 1 ? "" : "s"}, last ${
        p.lastSeen.slice(0, 10)
      }): ${cut(p.description || p.text, 200)}`,
    ),
    ...(p.suggestion ? { suggestion: noBraces(p.suggestion) } : {}),
    references: [referenceOf(p)],
  } as RawRule;
  const compiled = new RegExp(regex, "i");
  const fires = (test: RawTestCase): boolean => {
    const text = readField(testEvent(rule, test), subject.field ?? "text");
    return text !== undefined && compiled.test(text);
  };
  const rest = subject.text.match(/"[^"\n]*"|'[^'\n]*'|\S+/g)?.slice(MAX_TOKENS).join(" ") ?? "";
  const fire = [
    subject.test(subject.text, "the incident as seen"),
    subject.test(variantOf(tokens, rest), "other paths, numbers and ids"),
  ].filter((t, i, all) => fires(t) && all.findIndex((u) => same(u, t)) === i);
  if (fire.length === 0) return "no test built from its text matches the generated regex";
  const raws = tokens.map((t) => t.raw);
  const literals = tokens.filter((t) => t.kind === "literal");
  const longest = literals.reduce<Token | undefined>(
    (best, t) => (best && best.raw.length >= t.raw.length ? best : t),
    undefined,
  );
  const pass = [
    raws.length >= 2
      ? subject.test(raws.slice(0, Math.ceil(raws.length / 2)).join(" "), "only its first half")
      : undefined,
    raws.length === 1 && tokens[0].kind === "path"
      ? subject.test(`${raws[0].replace(/[^/]*$/, "")}unrelated-name`, "another file there")
      : undefined,
    longest && raws.length >= 2
      ? subject.test(raws.filter((r) => r !== longest.raw).join(" "), `without "${longest.raw}"`)
      : undefined,
  ].filter((t): t is RawTestCase => t !== undefined && !fires(t))
    .filter((t, i, all) => all.findIndex((u) => same(u, t)) === i);
  rule.tests = pass.length > 0 ? { fire, pass } : { fire };
  return rule;
}

function same(a: RawTestCase, b: RawTestCase): boolean {
  const text = (t: RawTestCase) =>
    typeof t === "string" ? t : JSON.stringify((t as { event: unknown }).event);
  return text(a) === text(b);
}

/**
 * Turns patterns into a rule pack (YAML), validated and tested with the real rule loader
 * and test runner; a pattern whose rule would not load or pass its tests is skipped, with
 * the reason.
 *
 * @example
 * ```ts
 * import { exportPack } from "./export.ts";
 * const { yaml, rules } = await exportPack([{
 *   id: "0123456789abcdef", category: "destructive_command", text: "rm -rf /srv/data/uploads",
 *   description: "deleted the uploads", features: [], occurrences: 2,
 *   firstSeen: "2026-01-01T00:00:00Z", lastSeen: "2026-01-02T00:00:00Z",
 *   source: "manual", scope: "global", tool: "Bash", event: "PreToolUse",
 * }]);
 * console.assert(rules === 1 && yaml.includes("memory.destructive-command.0123456789abcdef"));
 * ```
 */
export async function exportPack(
  patterns: readonly FailurePattern[],
  options: ExportOptions = {},
): Promise<ExportResult> {
  const min = options.minOccurrences ?? 1;
  const chosen = patterns
    .filter((p) => (!options.category || p.category === options.category) && p.occurrences >= min)
    .sort((a, b) => b.occurrences - a.occurrences || a.id.localeCompare(b.id));
  const skipped: ExportResult["skipped"] = [];
  let rules: RawRule[] = [];
  for (const p of chosen) {
    const rule = ruleOf(p);
    if (typeof rule === "string") skipped.push({ id: p.id, reason: rule });
    else rules.push(rule);
  }
  const day = (options.now ?? new Date()).toISOString().slice(0, 10);
  const render = (list: RawRule[]) =>
    `# yaml-language-server: $schema=https://jsr.io/@taskorch/mcp/rules/pack.schema.json\n` +
    `# Exported by taskorch memory export on ${day}. Review each rule; to promote one, move it\n` +
    `# into a team pack, give it a readable id, and tighten its match and action.\n` +
    stringify(
      {
        id: options.id ?? "memory",
        version: options.version ?? "1.0.0",
        description: `Failure patterns learned by taskorch's memory (${list.length} ` +
          `rule${list.length === 1 ? "" : "s"}, ` +
          `exported ${day}), for review and promotion.`,
        rules: list,
      },
      { lineWidth: 0 },
    );
  // The real loader and test runner judge the pack; a rule that fails is left out.
  const pack = await loadPackText(render(rules), "memory-export.yaml", { cache: false });
  const failing = new Set(
    (await Promise.all(pack.rules.map((rule) => testRule(rule))))
      .filter((r) => r.fp + r.fn > 0).map((r) => r.rule),
  );
  if (failing.size > 0) {
    for (const rule of rules.filter((r) => failing.has(r.id))) {
      const ref = rule.references?.[0] ?? "";
      skipped.push({
        id: ref.slice(REFERENCE_PREFIX.length).split("?")[0],
        reason: "its generated tests did not pass with the rule runner",
      });
    }
    rules = rules.filter((r) => !failing.has(r.id));
  }
  return { yaml: render(rules), rules: rules.length, skipped };
}
