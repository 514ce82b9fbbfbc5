/**
 * The built-in graders, found by name without any config: each is a plugin in
 * `plugins/graders/` run in its own sandbox with exactly the permissions it asks for.
 * `paths-exist` and `claims` read the workspace (the host grants it to them only);
 * `claims` and `tests-ran` need the evidence ledger, so they run only when a transcript is
 * given.
 *
 * @module
 */

import { fileURLToPath } from "node:url";
import type { Category } from "../verdict.ts";

/** What the host must give a grader. */
export interface GraderNeeds {
  /** The evidence ledger (a transcript must be given). */
  ledger?: boolean;
  /** A read grant on the workspace. */
  workspace?: boolean;
  /** An expected answer. */
  expected?: boolean;
}

/** A built-in grader. */
export interface BuiltinGrader {
  /** Its name, e.g. `json`. */
  name: string;
  /** Its module. */
  module: string;
  /** The category a failure of it is learned as. */
  category: Category;
  /** What it needs. */
  needs: GraderNeeds;
  /** One line for listings. */
  summary: string;
}

const at = (file: string) => new URL(`../../plugins/graders/${file}`, import.meta.url).href;

/** Every built-in deterministic grader, by name. */
export const BUILTIN_GRADERS: Readonly<Record<string, BuiltinGrader>> = Object.fromEntries(
  ([
    ["non-empty", "non_empty.ts", "other", {}, "not empty or only whitespace"],
    ["length", "length.ts", "other", {}, "length within minChars/maxChars/minWords/maxWords"],
    ["json", "json.ts", "other", {}, "valid JSON, conforming to options.schema"],
    ["regex", "regex.ts", "other", {}, "matches options.pattern"],
    ["contains", "contains.ts", "other", {}, "contains the expected answer or options.all/any"],
    ["syntax", "syntax.ts", "other", {}, "TS/JS/JSON/YAML code parses"],
    [
      "paths-exist",
      "paths_exist.ts",
      "hallucinated_path",
      { workspace: true },
      "referenced paths exist in the workspace",
    ],
    [
      "claims",
      "claims.ts",
      "false_success_claim",
      { ledger: true, workspace: true },
      "success claims backed by the transcript",
    ],
    [
      "tests-ran",
      "tests_ran.ts",
      "false_success_claim",
      { ledger: true },
      "tests ran after the last change and passed",
    ],
    ["diff-sanity", "diff_sanity.ts", "other", {}, "a diff keeps its tests and assertions"],
  ] as [string, string, Category, GraderNeeds, string][]).map((
    [name, file, category, needs, summary],
  ) => [name, { name, module: at(file), category, needs, summary }]),
);

/** The deno.json that maps the built-in graders' imports (`@taskorch/mcp/plugin`, `zod`...). */
export const BUILTIN_CONFIG: string = (() => {
  const url = new URL("../../deno.json", import.meta.url);
  return url.protocol === "file:" ? fileURLToPath(url) : url.href;
})();
