/**
 * Reads a rule pack's text into a validated {@linkcode PackDocument}: YAML parsed with
 * positions, checked against the shipped JSON Schema (`rules/pack.schema.json`), then
 * compiled once so bad regexes, fields and places fail at load with their line and
 * column. The document is plain JSON, so it can be cached by content hash and compiled
 * again without YAML or the schema validator.
 *
 * @module
 */

import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import schema from "../../rules/pack.schema.json" with { type: "json" };
import type { YamlPath } from "./compile.ts";
import { compilePack, type PackDocument, type Position } from "./pack.ts";
import { pluginsOf } from "./matchers/plugin.ts";
import { RulePackError } from "./pack_error.ts";
import type { RawPack } from "./types.ts";
import { parseYaml, type YamlSource } from "./yaml_source.ts";

let validator: ValidateFunction | undefined;

/** `{ plugins }` when a match tree uses plugins, else nothing (the cached JSON stays small). */
function pluginsField(match: unknown): { plugins?: string[] } {
  const plugins = pluginsOf(match);
  return plugins.length > 0 ? { plugins } : {};
}

function validate(data: unknown): ErrorObject[] {
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(schema);
  return validator(data) ? [] : [...(validator.errors ?? [])];
}

function pathOf(pointer: string): YamlPath {
  if (pointer === "") return [];
  return pointer.slice(1).split("/").map((part) => {
    const key = part.replaceAll("~1", "/").replaceAll("~0", "~");
    return /^\d+$/.test(key) ? Number(key) : key;
  });
}

function valueAt(data: unknown, path: YamlPath): unknown {
  let value = data;
  for (const part of path) value = (value as Record<string | number, unknown> | undefined)?.[part];
  return value;
}

function describe(
  error: ErrorObject,
  path: YamlPath,
  data: unknown,
): { path: YamlPath; key: boolean; text: string } {
  const last = path[path.length - 1];
  const name = path.length === 0
    ? "the pack"
    : typeof last === "number"
    ? `an item of "${path[path.length - 2]}"`
    : `"${last}"`;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "enum":
      return {
        path,
        key: false,
        text: `${name} must be one of ${(params.allowedValues as string[]).join(", ")}, got ${
          JSON.stringify(valueAt(data, path))
        }`,
      };
    case "required":
      return { path, key: false, text: `"${params.missingProperty}" is required` };
    case "additionalProperties":
      return {
        path: [...path, params.additionalProperty as string],
        key: true,
        text: `unknown key "${params.additionalProperty}"`,
      };
    case "type":
      return { path, key: false, text: `${name} must be ${params.type}` };
    case "pattern":
      return { path, key: false, text: `${name} must match ${params.pattern}` };
    default:
      return { path, key: false, text: `${name} ${error.message}` };
  }
}

function allowedKeys(path: YamlPath): string {
  const definitions =
    (schema as { definitions: Record<string, { properties?: object }> }).definitions;
  const last = [...path].reverse().find((p) => typeof p === "string");
  const def = last === "match" || last === "not" || last === "all" || last === "any" ||
      last === "args" || last === "argv" || last === "code" || last === "target" || last === "env"
    ? definitions.match
    : last === "command"
    ? definitions.command
    : last === "path"
    ? definitions.path
    : typeof path[path.length - 1] === "number" && path[0] === "rules" && path.length === 2
    ? definitions.rule
    : undefined;
  return def?.properties ? `; expected one of ${Object.keys(def.properties).join(", ")}` : "";
}

function ruleIdAt(data: unknown, path: YamlPath): string | undefined {
  if (path[0] !== "rules" || typeof path[1] !== "number") return undefined;
  const rule = (data as RawPack).rules?.[path[1]] as { id?: unknown } | undefined;
  return typeof rule?.id === "string" ? rule.id : undefined;
}

function schemaError(source: YamlSource, file: string, errors: ErrorObject[]): RulePackError {
  // anyOf branches report every branch; the deepest specific error is the useful one.
  const specific = errors.filter((e) => e.keyword !== "anyOf" && e.keyword !== "if");
  const chosen =
    (specific.length > 0 ? specific : errors).sort((a, b) =>
      pathOf(b.instancePath).length - pathOf(a.instancePath).length
    )[0];
  const path = pathOf(chosen.instancePath);
  const described = describe(chosen, path, source.data);
  const text = chosen.keyword === "additionalProperties"
    ? described.text + allowedKeys(path)
    : described.text;
  const position = source.position(described.path, described.key);
  return new RulePackError({ file, ...position, rule: ruleIdAt(source.data, path) }, text);
}

/**
 * Parses and validates a pack. Throws {@linkcode RulePackError} naming file, line,
 * column and rule id.
 */
export function readPackDocument(text: string, file: string): PackDocument {
  const source = parseYaml(text);
  if (source.problems.length > 0) {
    const first = source.problems[0];
    throw new RulePackError(
      { file, line: first.line, column: first.column },
      `YAML: ${first.message}`,
    );
  }
  if (source.data === null || typeof source.data !== "object" || Array.isArray(source.data)) {
    throw new RulePackError(
      { file, line: 1, column: 1 },
      "a pack is a mapping with id, version, description and rules",
    );
  }
  const errors = validate(source.data);
  if (errors.length > 0) throw schemaError(source, file, errors);
  const pack = source.data as RawPack;
  const seen = new Map<string, number>();
  for (const [i, rule] of pack.rules.entries()) {
    if (seen.has(rule.id)) {
      throw new RulePackError(
        { file, ...source.position(["rules", i, "id"]), rule: rule.id },
        `duplicate rule id; it is already used at rule ${seen.get(rule.id)! + 1}`,
      );
    }
    seen.set(rule.id, i);
  }
  const at = (path: YamlPath): Position => source.position(path);
  const document: PackDocument = {
    file,
    pack,
    rules: pack.rules.map((rule, i) => ({
      at: at(["rules", i]),
      fire: (rule.tests?.fire ?? []).map((_, j) => at(["rules", i, "tests", "fire", j])),
      pass: (rule.tests?.pass ?? []).map((_, j) => at(["rules", i, "tests", "pass", j])),
      ...pluginsField(rule.match),
    })),
  };
  // Compile once now, so a bad regex or field fails at load with its position.
  compilePack(document, {
    eager: true,
    fail: (path, problem) => {
      throw new RulePackError(
        { file, ...source.position(path), rule: ruleIdAt(pack, path) },
        problem,
      );
    },
  });
  return document;
}
