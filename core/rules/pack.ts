/**
 * Compiles a validated {@linkcode PackDocument} into a {@linkcode Pack}: every rule's
 * match tree becomes one function, every inline test becomes an event.
 *
 * @module
 */

import type { AgentEvent } from "../event.ts";
import { compileMatch, type Fail, TOP, type YamlPath } from "./compile.ts";
import { type CommandGate, commandGate, passesGate } from "./gate.ts";
import type { Matcher, Pack, RawRule, RawTestCase, Rule, RuleTest } from "./types.ts";

/** A 1-based line and column. */
export interface Position {
  line: number;
  column: number;
}

/** A validated pack as plain JSON: the raw pack plus where its rules and tests were written. */
export interface PackDocument {
  /** Where the pack came from. */
  file: string;
  /** The pack as written. */
  pack: import("./types.ts").RawPack;
  /**
   * Per rule: where it and its tests were written, and the plugins its `plugin:` leaves use
   * (absent: none), found once when the document is read rather than on every load.
   */
  rules: { at: Position; fire: Position[]; pass: Position[]; plugins?: string[] }[];
}

/** The workspace and home the inline tests run in. */
export const TEST_PLACES = { cwd: "/home/user/project", home: "/home/user" } as const;

/** The default events of a rule. */
export const DEFAULT_EVENTS = ["PreToolUse"];

function firstTool(rule: RawRule): string {
  const tool = rule.tools?.find((t) => !/[*?{|]/.test(t));
  return tool ?? "Bash";
}

/**
 * Builds the event for a test case. A string is shorthand for the rule's first event and
 * tool: the command (Bash), the written content (Write, Edit), the path (Read), the URL
 * (WebFetch), the response (PostToolUse), the prompt or the final message. An object's
 * missing `hook_event_name`, `tool_name` and `cwd` are filled in the same way.
 */
export function testEvent(rule: RawRule, test: RawTestCase): AgentEvent {
  const eventName = (rule.events ?? DEFAULT_EVENTS)[0];
  const tool = firstTool(rule);
  if (typeof test !== "string") {
    const event = { ...test.event } as Record<string, unknown>;
    event.hook_event_name ??= eventName;
    if (eventName.includes("ToolUse") && event.hook_event_name === eventName) {
      event.tool_name ??= tool;
    }
    event.cwd ??= TEST_PLACES.cwd;
    return event as unknown as AgentEvent;
  }
  const base = { hook_event_name: eventName, cwd: TEST_PLACES.cwd, session_id: "rule-test" };
  const file = `${TEST_PLACES.cwd}/notes.md`;
  switch (eventName) {
    case "UserPromptSubmit":
      return { ...base, prompt: test };
    case "Stop":
    case "SubagentStop":
      return { ...base, last_assistant_message: test };
    case "PostToolUse":
    case "PostToolUseFailure": {
      const input = tool === "Bash"
        ? { command: "cat notes.md" }
        : tool === "WebFetch"
        ? { url: "https://example.com/page", prompt: "summarize" }
        : { file_path: file };
      const response = tool === "Bash" ? { stdout: test, stderr: "", interrupted: false } : test;
      return { ...base, tool_name: tool, tool_input: input, tool_response: response };
    }
  }
  const input: Record<string, unknown> = tool === "Bash"
    ? { command: test }
    : tool === "Write"
    ? { file_path: file, content: test }
    : tool === "Edit"
    ? { file_path: file, old_string: "x", new_string: test }
    : tool === "WebFetch"
    ? { url: test, prompt: "read" }
    : { file_path: test };
  return { ...base, tool_name: tool, tool_input: input };
}

function testName(test: RawTestCase): string {
  if (typeof test === "string") return test.length > 80 ? test.slice(0, 77) + "..." : test;
  return test.name ?? JSON.stringify(test.event).slice(0, 80);
}

const thrower: Fail = (path: YamlPath, message: string): never => {
  throw new Error(`${path.join(".")}: ${message}`);
};

/** Options of {@linkcode compilePack}. */
export interface CompileOptions {
  /** Reports problems (default: throw). */
  fail?: Fail;
  /**
   * Compile every match tree now (validation does, to report problems at load). By
   * default each rule compiles on first use, so a hook process only pays for the rules
   * that apply to its event.
   */
  eager?: boolean;
}

/** Compiles a pack document. */
export function compilePack(document: PackDocument, options: CompileOptions = {}): Pack {
  const { pack, file } = document;
  const fail = options.fail ?? thrower;
  const rules: Rule[] = pack.rules.map((raw, i) => {
    const where = document.rules[i];
    const buildTests = (): RuleTest[] => [
      ...(raw.tests?.fire ?? []).map((t, j) => ({
        name: testName(t),
        event: testEvent(raw, t),
        expect: "fire" as const,
        at: { file, ...where.fire[j] },
      })),
      ...(raw.tests?.pass ?? []).map((t, j) => ({
        name: testName(t),
        event: testEvent(raw, t),
        expect: "pass" as const,
        at: { file, ...where.pass[j] },
      })),
    ];
    const compile = () => compileMatch(raw.match, ["rules", i, "match"], fail, TOP);
    let compiled: Matcher | undefined = options.eager ? compile() : undefined;
    let gate: CommandGate | null | undefined;
    let tests: RuleTest[] | undefined;
    const plugins = where.plugins ?? [];
    return {
      id: raw.id,
      pack: pack.id,
      category: raw.category,
      severity: raw.severity,
      confidence: raw.confidence ?? 0.9,
      events: raw.events ?? DEFAULT_EVENTS,
      tools: raw.tools ?? [],
      action: raw.action,
      message: raw.message,
      suggestion: raw.suggestion,
      references: raw.references ?? [],
      match: (context) => {
        // A rule that needs a program the command line does not run is not even compiled.
        if (gate === undefined) gate = commandGate(raw.match) ?? null;
        if (gate !== null && !passesGate(gate, context)) return null;
        return (compiled ??= compile())(context);
      },
      get tests(): RuleTest[] {
        return tests ??= buildTests();
      },
      plugins,
      at: { file, ...where.at },
    };
  });
  return {
    id: pack.id,
    version: pack.version,
    description: pack.description,
    source: file,
    rules,
  };
}
