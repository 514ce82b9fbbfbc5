/**
 * An area's own config section (`cost:`, `breakers:`, `graders:`, `inbox:` in
 * `.taskorch/config.yaml`): `loadConfig` keeps each file's raw value, and the area that uses
 * it validates it here, so a hook that never reads costs never pays for their validation.
 * A bad value fails with the file, line, column and path, like the rest of the config.
 *
 * @module
 */

import { type Config, parseYaml, pathLabel, type SectionName } from "./config.ts";

export { isMapping } from "./config.ts";
import { errorMessage, TaskorchError } from "./errors.ts";

/** A path inside a section, e.g. `["budgets", 0, "limit_usd"]`. */
export type SectionPath = (string | number)[];

/** Rejects a value at a path inside the section being parsed; never returns. */
export type SectionFail = (path: SectionPath, message: string) => never;

/** Thrown by {@linkcode SectionFail}; `readSection` turns it into a located CONFIG_INVALID. */
class SectionProblem extends Error {
  constructor(readonly path: SectionPath, message: string) {
    super(message);
  }
}

const fail: SectionFail = (path, message) => {
  throw new SectionProblem(path, message);
};

/**
 * Parses every file's value of one section, user's first then the project's, with `parse`
 * (which rejects a bad value by calling `fail(path, message)`, path relative to the
 * section). The caller merges the parsed values (later files win).
 *
 * @example
 * ```ts
 * import { applyConfig, defaultConfig } from "./config.ts";
 * import { readSection } from "./config_section.ts";
 * const config = applyConfig(defaultConfig(), { inbox: { ttl_minutes: 30 } }, "/p/.taskorch/config.yaml");
 * const [inbox] = await readSection(config, "inbox", (value, fail) => {
 *   const ttl = (value as { ttl_minutes?: unknown }).ttl_minutes;
 *   if (typeof ttl !== "number") fail(["ttl_minutes"], "must be a number");
 *   return { ttlMinutes: ttl };
 * });
 * console.assert(inbox.ttlMinutes === 30);
 * ```
 */
export async function readSection<T>(
  config: Config,
  name: SectionName,
  parse: (value: unknown, fail: SectionFail) => T,
): Promise<T[]> {
  const parsed: T[] = [];
  for (const section of config.sections[name] ?? []) {
    try {
      parsed.push(parse(section.value, fail));
    } catch (error) {
      if (!(error instanceof SectionProblem)) throw error;
      const path = [name, ...error.path];
      let where = "";
      try {
        // Positions are needed only now: parse the file again to find the node.
        const { locate } = await parseYaml(await Deno.readTextFile(section.file), section.file);
        const at = locate(path);
        if (at) where = `line ${at.line}, column ${at.column}: `;
      } catch (reread) {
        where = `(position unknown: ${errorMessage(reread)}) `;
      }
      throw new TaskorchError(
        "CONFIG_INVALID",
        `Cannot load config "${section.file}": ${where}${pathLabel(path)} ${error.message}`,
      );
    }
  }
  return parsed;
}
