/**
 * The `json` grader: the output is valid JSON and, when `schema` is given, conforms to that
 * JSON Schema (validated with ajv, every error listed). The JSON is the whole output, or its
 * one fenced `json` block when the output is markdown. Score: 1 valid, 0.5 valid JSON that
 * breaks the schema, 0 not JSON.
 *
 * @module
 */

import { defineGrader } from "@taskorch/mcp/plugin";
import { inputText } from "@taskorch/mcp/grading";
import Ajv from "ajv";
import { z } from "zod";
import { codeBlocks } from "./fences.ts";

const options = z.object({
  /** A JSON Schema (draft-07 or 2019-09 keywords ajv knows) the value must conform to. */
  schema: z.record(z.string(), z.unknown()).optional(),
}).strict();

/** The grader's options, parsed. */
export type JsonOptions = z.infer<typeof options>;

/**
 * The JSON text of an output: its single fenced `json` block (or unlabeled block), else the
 * whole output trimmed.
 *
 * @example
 * ```ts
 * import { jsonText } from "./json.ts";
 * console.assert(jsonText("Result:\n~~~json\n{\"a\":1}\n~~~") === '{"a":1}');
 * console.assert(jsonText(" [1] ") === "[1]");
 * ```
 */
export function jsonText(output: string): string {
  const trimmed = output.trim();
  if (/^[[{"]/.test(trimmed)) return trimmed;
  const blocks = codeBlocks(output).filter((b) => b.lang === "json" || b.lang === "");
  return blocks.length > 0 ? blocks[0].code.trim() : trimmed;
}

// deno-lint-ignore no-explicit-any
type AjvClass = new (options: Record<string, unknown>) => any;

export default defineGrader<unknown, JsonOptions>({
  meta: {
    name: "json",
    version: "1.0.0",
    description: "Fails an output that is not valid JSON or does not conform to a JSON Schema.",
    permissions: {},
  },
  options,
  grade(input, { options: o }) {
    const text = jsonText(inputText(input));
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return {
        pass: false,
        score: 0,
        reason: `The output is not valid JSON: ${(error as Error).message}.`,
        evidence: [text.length > 120 ? `${text.slice(0, 117)}...` : text],
        cost: 0,
      };
    }
    if (o.schema === undefined) {
      return { pass: true, score: 1, reason: "The output is valid JSON.", evidence: [], cost: 0 };
    }
    const ajv = new (Ajv as unknown as AjvClass)({ allErrors: true, strict: false });
    let validate;
    try {
      validate = ajv.compile(o.schema);
    } catch (error) {
      throw new Error(
        `the configured schema is not a valid JSON Schema: ${(error as Error).message}`,
      );
    }
    if (validate(value)) {
      return {
        pass: true,
        score: 1,
        reason: "The output is valid JSON and conforms to the schema.",
        evidence: [],
        cost: 0,
      };
    }
    const errors = (validate.errors ?? []) as { instancePath: string; message?: string }[];
    const listed = errors.slice(0, 10).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`);
    return {
      pass: false,
      score: 0.5,
      reason: `The output is valid JSON but breaks the schema in ${errors.length} place${
        errors.length === 1 ? "" : "s"
      }: ${listed.slice(0, 3).join("; ")}.`,
      evidence: listed,
      cost: 0,
    };
  },
});
