/**
 * Operator configuration: `~/.taskorch/config.yaml` (the user's) and
 * `.taskorch/config.yaml` in the workspace (the project's, which wins where both speak).
 *
 * ```yaml
 * packs:
 *   disable: [injection]            # built-in packs to turn off, by id
 *   add: [./team.yaml, https://example.com/pack.yaml]   # user packs, by path or URL
 * rules:
 *   git.force-push-shared: { enabled: false }
 *   fs.rm-outside-workspace: { action: warn }
 * min_confidence: 0.5               # drop findings less sure than this
 * fail_closed: false                # hook: exit 2 when evaluation fails
 * ```
 *
 * @module
 */

import { dirname, isAbsolute, join, resolve } from "./posix_path.ts";
import { errorMessage, TaskorchError } from "./errors.ts";
import { isDecision } from "./verdict.ts";
import type { RuleOverride } from "./rules/checker.ts";
import { taskorchHome } from "./paths.ts";

/** The merged configuration. */
export interface Config {
  /** Built-in pack ids turned off. */
  disabledPacks: string[];
  /** User packs: absolute paths or URLs. */
  addedPacks: string[];
  /** Per-rule overrides. */
  rules: Record<string, RuleOverride>;
  /** Findings less confident than this are dropped (default 0). */
  minConfidence: number;
  /** Hook fails closed. */
  failClosed: boolean;
  /** The files that were read. */
  files: string[];
}

/** The empty configuration. */
export function defaultConfig(): Config {
  return {
    disabledPacks: [],
    addedPacks: [],
    rules: {},
    minConfidence: 0,
    failClosed: false,
    files: [],
  };
}

function fail(file: string, message: string): never {
  throw new TaskorchError("CONFIG_INVALID", `Cannot load config "${file}": ${message}`);
}

function strings(file: string, key: string, value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
    fail(file, `"${key}" must be a list of strings`);
  }
  return value as string[];
}

/** Merges one parsed config file into `config`. Exported for tests. */
export function applyConfig(config: Config, data: unknown, file: string): Config {
  if (data === null || data === undefined) return config;
  if (typeof data !== "object" || Array.isArray(data)) fail(file, "expected a mapping");
  const raw = data as Record<string, unknown>;
  const known = ["packs", "rules", "min_confidence", "fail_closed"];
  for (const key of Object.keys(raw)) {
    if (!known.includes(key)) {
      fail(file, `unknown key "${key}"; expected one of ${known.join(", ")}`);
    }
  }
  const packs = (raw.packs ?? {}) as Record<string, unknown>;
  if (typeof packs !== "object" || Array.isArray(packs)) {
    fail(file, '"packs" must be a mapping with disable and add');
  }
  const base = dirname(file);
  const added = strings(file, "packs.add", packs.add).map((p) =>
    /^(https?|file):/.test(p) || isAbsolute(p) ? p : resolve(base, "..", p)
  );
  const rules: Record<string, RuleOverride> = { ...config.rules };
  if (raw.rules !== undefined) {
    if (typeof raw.rules !== "object" || raw.rules === null || Array.isArray(raw.rules)) {
      fail(file, '"rules" must map rule ids to { enabled, action }');
    }
    for (const [id, value] of Object.entries(raw.rules as Record<string, unknown>)) {
      const override = value as Record<string, unknown>;
      if (typeof override !== "object" || override === null) {
        fail(file, `rules.${id} must be a mapping`);
      }
      if (override.enabled !== undefined && typeof override.enabled !== "boolean") {
        fail(file, `rules.${id}.enabled must be true or false`);
      }
      if (override.action !== undefined && !isDecision(override.action)) {
        fail(file, `rules.${id}.action must be one of allow, warn, ask, deny, block`);
      }
      rules[id] = { ...rules[id], ...(override as RuleOverride) };
    }
  }
  let minConfidence = config.minConfidence;
  if (raw.min_confidence !== undefined) {
    const value = raw.min_confidence;
    if (typeof value !== "number" || value < 0 || value > 1) {
      fail(file, "min_confidence must be a number from 0 to 1");
    }
    minConfidence = value;
  }
  let failClosed = config.failClosed;
  if (raw.fail_closed !== undefined) {
    if (typeof raw.fail_closed !== "boolean") fail(file, "fail_closed must be true or false");
    failClosed = raw.fail_closed;
  }
  return {
    disabledPacks: [...config.disabledPacks, ...strings(file, "packs.disable", packs.disable)],
    addedPacks: [...config.addedPacks, ...added],
    rules,
    minConfidence,
    failClosed,
    files: [...config.files, file],
  };
}

async function readIfPresent(file: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(file);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    return fail(file, errorMessage(error));
  }
}

/** The config files that apply to a workspace, user's first. */
export function configFiles(cwd?: string): string[] {
  const files: string[] = [];
  try {
    files.push(join(taskorchHome(), "config.yaml"));
  } catch {
    // No home: no user config.
  }
  if (cwd) files.push(join(cwd, ".taskorch", "config.yaml"));
  return files;
}

/** Loads and merges the user's and the workspace's config. Missing files are fine. */
export async function loadConfig(cwd?: string): Promise<Config> {
  let config = defaultConfig();
  for (const file of configFiles(cwd)) {
    const text = await readIfPresent(file);
    if (text === undefined) continue;
    const { parse } = await import("yaml");
    let data: unknown;
    try {
      data = parse(text);
    } catch (error) {
      fail(file, errorMessage(error).split("\n")[0]);
    }
    config = applyConfig(config, data, file);
  }
  return config;
}
