/**
 * The shapes of rule packs: as written in YAML (`Raw*`) and as compiled for matching.
 *
 * @module
 */

import type { AgentEvent } from "../event.ts";
import type { Category, Decision, Severity } from "../verdict.ts";
import type { PlaceContext } from "./places.ts";
import type { PluginNeed } from "./matchers/plugin.ts";

/** Values a match captured, inserted into messages as `{{name}}`. */
export type Captures = Record<string, string>;

/** What matchers read: the event, where it happened, and a per-event cache. */
export interface MatchContext {
  /** The event being judged. */
  event: AgentEvent;
  /** The workspace and home, for path tests. */
  places: PlaceContext;
  /** Per-event cache (field text, parsed command lines), shared by every rule. */
  cache: Map<string, unknown>;
  /** Values a parent matcher provides to a sub-tree, e.g. `arg` inside `command.args`. */
  locals?: Record<string, string>;
  /**
   * Plugin calls a `plugin:` leaf needs before the rule can be decided, by cache key
   * (`core/rules/matchers/plugin.ts`). Absent: plugin leaves do not match.
   */
  needs?: Map<string, PluginNeed>;
}

/** A compiled matcher: captures when it matches, `null` when it does not. */
export type Matcher = (context: MatchContext) => Captures | null;

/** A match tree as written in YAML. */
export interface RawMatch {
  all?: RawMatch[];
  any?: RawMatch[];
  not?: RawMatch;
  field?: string;
  regex?: string;
  flags?: string;
  min_entropy?: number;
  contains?: string | string[];
  words?: string | string[];
  case_sensitive?: boolean;
  equals?: string | number | boolean | (string | number | boolean)[];
  exists?: boolean;
  command?: RawCommand;
  path?: RawPath;
  offtopic_line?: RawOfftopicLine;
  plugin?: string;
  options?: Record<string, unknown>;
}

/** The shell-aware command matcher as written in YAML. */
export interface RawCommand {
  program?: string | string[];
  not_program?: string | string[];
  subcommand?: string | string[];
  valued?: string[];
  flags?: { all?: string[]; any?: string[]; none?: string[] };
  args?: RawMatch;
  argv?: RawMatch;
  code?: RawMatch;
  language?: string | string[];
  redirect?: { op?: string | string[]; target?: RawMatch };
  wrapper?: string | string[];
  piped_from?: string | string[];
  runs_stdin?: boolean;
  stdin?: string | string[];
  arg_position?: string;
  env?: RawMatch;
  /** A match tree over the command's here-document or here-string (local field `input`). */
  input?: RawMatch;
}

/** The path matcher as written in YAML. */
export interface RawPath {
  is?: string | string[];
  in?: string | string[];
  not_in?: string | string[];
  exists?: boolean;
  glob?: string | string[];
}

/** The off-topic line matcher as written in YAML. */
export interface RawOfftopicLine {
  line: string;
  flags?: string;
  min_words?: number;
  max_shared?: number;
  min_context?: number;
  max_candidates?: number;
  max_sentences?: number;
}

/** An inline test as written in YAML. */
export type RawTestCase = string | { name?: string; event: Record<string, unknown> };

/** A rule as written in YAML. */
export interface RawRule {
  id: string;
  category: Category;
  severity: Severity;
  confidence?: number;
  events?: string[];
  tools?: string[];
  action?: Decision;
  match: RawMatch;
  message: string;
  suggestion?: string;
  references?: string[];
  tests?: { fire?: RawTestCase[]; pass?: RawTestCase[] };
}

/** A pack as written in YAML. */
export interface RawPack {
  id: string;
  version: string;
  description: string;
  references?: string[];
  rules: RawRule[];
}

/** Where something was written. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

/** A compiled inline test. */
export interface RuleTest {
  /** A name for reports: the shorthand text or the given name. */
  name: string;
  /** The event to judge. */
  event: AgentEvent;
  /** Whether the rule must fire. */
  expect: "fire" | "pass";
  /** Where the test was written. */
  at: SourcePosition;
}

/** A compiled rule. */
export interface Rule {
  id: string;
  pack: string;
  category: Category;
  severity: Severity;
  confidence: number;
  events: string[];
  /** Tool-name globs; empty means every tool. */
  tools: string[];
  action?: Decision;
  message: string;
  suggestion?: string;
  references: string[];
  match: Matcher;
  /** The plugins its `plugin:` leaves use (empty for most rules). */
  plugins: string[];
  tests: RuleTest[];
  at: SourcePosition;
}

/** A compiled pack. */
export interface Pack {
  id: string;
  version: string;
  description: string;
  /** Where it was loaded from. */
  source: string;
  rules: Rule[];
}
