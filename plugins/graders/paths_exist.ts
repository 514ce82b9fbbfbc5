/**
 * The `paths-exist` grader: the file paths an output refers to as existing (`src/app.ts`,
 * `` `lib/util/` ``, `./README.md:12`) exist in the workspace. Paths said to be created,
 * missing, deleted or planned are not judged, nor are URLs. It needs a read grant on the
 * workspace (the host grants it to this grader only): a path it may not read is unknown,
 * never a failure. Score: the share of judged paths that exist.
 *
 * @module
 */

import { defineGrader } from "@taskorch/mcp/plugin";
import { graderInput } from "@taskorch/mcp/grading";
import { z } from "zod";

const options = z.object({
  /** At most this many paths are checked (default 100). */
  maxPaths: z.number().int().min(1).max(10_000).default(100),
}).strict();

/** The grader's options, parsed. */
export type PathsExistOptions = z.infer<typeof options>;

const EXTENSIONS =
  "ts|tsx|js|jsx|mjs|cjs|json|jsonc|md|mdx|py|go|rs|rb|java|kt|c|h|cc|cpp|hpp|cs|php|sh|bash|" +
  "yaml|yml|toml|txt|html|css|scss|sql|lock|env|cfg|ini|xml|swift|ex|exs|vue|svelte|ipynb|" +
  "csv|gradle|proto|tf|dart|lua|scala|zig";
const PATH = new RegExp(
  "(?:^|[\\s(\\[`'\"])((?:~|\\.{1,2})?/?(?:[\\w@+-][\\w@.+-]*/)*[\\w@+-][\\w@.+-]*\\.(?:" +
    EXTENSIONS + ")|(?:\\.{0,2}/)?(?:[\\w@+-][\\w@.+-]*/)+[\\w@+-][\\w@.+-]*/?)" +
    "(?::\\d+(?::\\d+)?)?(?=$|[\\s).,;:!?`'\"\\]])",
  "g",
);
/** Sentences that talk about a path that need not exist now. */
const NOT_EXISTING =
  /\b(?:creat\w*|new file|add(?:ed|ing)? a new|will|would|could|should|plan|missing|does(?:n't| not) exist|not found|no such|delet\w*|remov\w*|renam\w*|moved?|instead of|e\.g\.|for example|such as|like)\b/i;

/** One path the output refers to. */
export interface ReferencedPath {
  /** The path as written, without a `:line` suffix. */
  path: string;
  /** The sentence it is in. */
  sentence: string;
}

/**
 * The paths an output refers to as existing, in order, without duplicates.
 *
 * @example
 * ```ts
 * import { referencedPaths } from "./paths_exist.ts";
 * const found = referencedPaths("I fixed `src/app.ts:12` (see https://x.io/a/b.ts). I created new.ts.");
 * console.assert(found.length === 1 && found[0].path === "src/app.ts");
 * ```
 */
export function referencedPaths(text: string): ReferencedPath[] {
  const withoutUrls = text.replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, " ");
  const sentences = withoutUrls.split(/(?<=[.!?])\s+|\n+/);
  const seen = new Set<string>();
  const out: ReferencedPath[] = [];
  for (const sentence of sentences) {
    if (NOT_EXISTING.test(sentence)) continue;
    for (const match of sentence.matchAll(PATH)) {
      const path = match[1];
      if (
        /^\d+(?:\.\d+)+$/.test(path) || path.includes("//") ||
        /^[\w.-]+\/[\w.-]+$/.test(path) &&
          /^(?:and|or|and\/or|i\/o|n\/a|w\/o|yes\/no|true\/false|read\/write|input\/output|client\/server)$/i
            .test(path)
      ) continue;
      if (seen.has(path)) continue;
      seen.add(path);
      out.push({ path, sentence: sentence.trim() });
    }
  }
  return out;
}

function resolveIn(cwd: string | undefined, path: string): string {
  if (path.startsWith("/")) return path;
  if (path.startsWith("~")) return path;
  return cwd ? `${cwd.replace(/\/$/, "")}/${path.replace(/^\.\//, "")}` : path;
}

async function exists(path: string): Promise<boolean | undefined> {
  try {
    await Deno.stat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    return undefined; // not permitted or not readable: unknown, never a failure
  }
}

export default defineGrader<unknown, PathsExistOptions>({
  meta: {
    name: "paths-exist",
    version: "1.0.0",
    description:
      "Fails an output that refers to files or folders that do not exist in the workspace.",
    permissions: { read: ["."] },
  },
  options,
  async grade(raw, { options: o }) {
    const input = graderInput(raw);
    const paths = referencedPaths(input.output).slice(0, o.maxPaths);
    const checked = await Promise.all(
      paths.map(async (p) => ({ ...p, exists: await exists(resolveIn(input.cwd, p.path)) })),
    );
    const known = checked.filter((p) => p.exists !== undefined);
    const missing = known.filter((p) => p.exists === false);
    const unknown = checked.length - known.length;
    const tail = unknown > 0 ? ` (${unknown} could not be checked: outside the grant)` : "";
    if (known.length === 0) {
      return {
        pass: true,
        score: 1,
        reason: `The output refers to no path that could be checked${tail}.`,
        evidence: [],
        cost: 0,
      };
    }
    return {
      pass: missing.length === 0,
      score: (known.length - missing.length) / known.length,
      reason: missing.length === 0
        ? `All ${known.length} referenced paths exist${tail}.`
        : `${missing.length} of ${known.length} referenced paths do not exist: ${
          missing.slice(0, 5).map((p) => p.path).join(", ")
        }${tail}.`,
      evidence: missing.map((p) => `${p.path} does not exist (in: "${p.sentence.slice(0, 160)}")`),
      cost: 0,
    };
  },
});
