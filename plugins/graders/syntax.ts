/**
 * The `syntax` grader: code in the output parses. TypeScript and JavaScript go through a
 * real parser (`@babel/parser`, with the `typescript` and `jsx` plugins as the language
 * asks), JSON through `JSON.parse`, YAML through `yaml`. When the output is markdown, the
 * code is its fenced blocks, each in the language of its tag (blocks in other languages
 * are not judged); otherwise the whole output is code when `language` is set. Score: the
 * share of blocks that parse. An output with no code to judge passes.
 *
 * @module
 */

import { defineGrader } from "@taskorch/mcp/plugin";
import { inputText } from "@taskorch/mcp/grading";
import { parse as parseScript, type ParserPlugin } from "@babel/parser";
import { parseAllDocuments } from "yaml";
import { z } from "zod";
import { codeBlocks } from "./fences.ts";

/** The languages the grader judges. */
export type Language = "typescript" | "tsx" | "javascript" | "jsx" | "json" | "yaml";

const LANGUAGES: Record<string, Language> = {
  ts: "typescript",
  typescript: "typescript",
  mts: "typescript",
  cts: "typescript",
  tsx: "tsx",
  js: "javascript",
  javascript: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  node: "javascript",
  jsx: "jsx",
  json: "json",
  jsonc: "json",
  yaml: "yaml",
  yml: "yaml",
};

const options = z.object({
  /** The language of an output that has no fenced blocks (else such an output is not judged). */
  language: z.enum(Object.keys(LANGUAGES) as [string, ...string[]]).optional(),
}).strict();

/** The grader's options, parsed. */
export type SyntaxOptions = z.infer<typeof options>;

/**
 * The language a fence tag names, if the grader judges it.
 *
 * @example
 * ```ts
 * import { languageOf } from "./syntax.ts";
 * console.assert(languageOf("TS") === "typescript" && languageOf("python") === undefined);
 * ```
 */
export function languageOf(tag: string): Language | undefined {
  return Object.hasOwn(LANGUAGES, tag.toLowerCase()) ? LANGUAGES[tag.toLowerCase()] : undefined;
}

/**
 * The syntax error of `code` in `language`, or undefined when it parses.
 *
 * @example
 * ```ts
 * import { syntaxError } from "./syntax.ts";
 * console.assert(syntaxError("const x: number = 1;", "typescript") === undefined);
 * console.assert(syntaxError("const x = ;", "javascript")?.includes("1:10"));
 * console.assert(syntaxError("a: [1", "yaml") !== undefined);
 * ```
 */
export function syntaxError(code: string, language: Language): string | undefined {
  try {
    switch (language) {
      case "json":
        JSON.parse(code);
        return undefined;
      case "yaml": {
        for (const doc of parseAllDocuments(code)) {
          if ("errors" in doc && doc.errors.length > 0) return doc.errors[0].message;
        }
        return undefined;
      }
      default: {
        const plugins: ParserPlugin[] = language === "typescript"
          ? ["typescript"]
          : language === "tsx"
          ? ["typescript", "jsx"]
          : ["jsx"];
        parseScript(code, {
          sourceType: "unambiguous",
          plugins,
          allowReturnOutsideFunction: true,
          allowAwaitOutsideFunction: true,
          errorRecovery: false,
        });
        return undefined;
      }
    }
  } catch (error) {
    const message = (error as Error).message.split("\n")[0];
    return message.length > 300 ? `${message.slice(0, 297)}...` : message;
  }
}

export default defineGrader<unknown, SyntaxOptions>({
  meta: {
    name: "syntax",
    version: "1.0.0",
    description:
      "Fails an output whose TypeScript, JavaScript, JSON or YAML code (fenced or whole) does not parse.",
    // npm:yaml reads these at import.
    permissions: { env: ["LOG_TOKENS", "LOG_STREAM"] },
  },
  options,
  grade(input, { options: o }) {
    const text = inputText(input);
    const fenced = codeBlocks(text);
    const blocks = fenced.length > 0
      ? fenced.flatMap((b) => {
        const language = languageOf(b.lang);
        return language ? [{ language, code: b.code, where: `block at line ${b.line}` }] : [];
      })
      : o.language !== undefined
      ? [{ language: languageOf(o.language)!, code: text, where: "the output" }]
      : [];
    if (blocks.length === 0) {
      return {
        pass: true,
        score: 1,
        reason: fenced.length > 0
          ? `No block is in a language the grader parses (${
            [...new Set(fenced.map((b) => b.lang || "untagged"))].join(", ")
          }).`
          : "The output has no fenced code and no language was configured: nothing to parse.",
        evidence: [],
        cost: 0,
      };
    }
    const errors = blocks.flatMap((b) => {
      const error = syntaxError(b.code, b.language);
      return error ? [`${b.where} (${b.language}): ${error}`] : [];
    });
    return {
      pass: errors.length === 0,
      score: (blocks.length - errors.length) / blocks.length,
      reason: errors.length === 0
        ? `${blocks.length} code block${blocks.length === 1 ? "" : "s"} parse.`
        : `${errors.length} of ${blocks.length} code blocks do not parse: ${errors[0]}.`,
      evidence: errors,
      cost: 0,
    };
  },
});
