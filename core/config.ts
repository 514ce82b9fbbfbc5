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
 * cost: ...                         # budgets and prices (core/cost), breakers: ..., graders: ...,
 * inbox: ...                        # each validated by its own area (core/config_section.ts)
 * plugins:                          # sandboxed plugins (guards run inside evaluate)
 *   - from: ./plugins/my_guard.ts   # a path, npm:, jsr: or https: specifier
 *     name: my-guard                # optional: the name to refer to it by
 *     grant: { net: [registry.npmjs.org], env: [], read: [], write: [] }
 *     options: { minAgeDays: 7 }    # validated by the plugin's own schema
 *     timeout_ms: 2000              # time budget per event (default 2000)
 *     enabled: true                 # default true
 *     hook: false                   # also run in the one-event `taskorch hook` process
 * ```
 *
 * Relative paths (`packs.add`, `plugins[].from`, `grant.read`, `grant.write`) resolve
 * against the folder that holds `.taskorch/`: the project root, or the home folder for the
 * user's config. Errors name the file and, for `plugins`, the line and column.
 *
 * @module
 */

import { dirname, isAbsolute, join, resolve } from "./posix_path.ts";
import { errorMessage, TaskorchError } from "./errors.ts";
import { isDecision } from "./verdict.ts";
import type { RuleOverride } from "./rules/checker.ts";
import { taskorchHome } from "./paths.ts";
import { VERSION } from "./version.ts";
import { fnvHex } from "./fnv.ts";
import type { Permissions, PluginKind } from "./plugin/types.ts";
import { validatePermissions } from "./plugin/validate.ts";

/** One configured plugin (`plugins:` in a config file). */
export interface PluginConfig {
  /** The name given in the config, or the specifier until the plugin says its own. */
  name: string;
  /** Whether `name` was given in the config. */
  named: boolean;
  /** Where it loads from: an absolute path, or an `npm:`, `jsr:`, `https:` specifier. */
  from: string;
  /** What the operator grants (relative read/write paths made absolute). */
  grant: Permissions;
  /** The plugin's options, validated by its own schema in its process. */
  options: Record<string, unknown>;
  /** Which kind is expected (default `guard`). */
  kind: PluginKind;
  /** Time budget per call in ms (default 2000). */
  timeoutMs: number;
  /** Turned off in config. */
  enabled: boolean;
  /** Also runs in the one-process-per-event `taskorch hook` (default false: cold start cost). */
  hook: boolean;
  /** The config file, line and column it was declared at. */
  at: { file: string; line: number; column: number };
}

/** Finds the line and column (1-based) of a node at a YAML path, when known. */
export type Locate = (path: (string | number)[]) => { line: number; column: number } | undefined;

/** The default per-event time budget of a guard plugin, in ms. */
export const DEFAULT_PLUGIN_TIMEOUT_MS = 2000;

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
  /** Configured plugins, user's first; a later entry with the same name replaces one. */
  plugins: PluginConfig[];
  /**
   * The areas' own sections (`cost`, `breakers`, `graders`, `inbox`), raw, per file in load
   * order (user's first); each area validates and merges its own with `readSection`
   * (`core/config_section.ts`).
   */
  sections: Partial<Record<SectionName, RawSection[]>>;
  /** The files that were read. */
  files: string[];
}

/** The config sections that their own areas parse (see `core/config_section.ts`). */
export const SECTION_NAMES = ["cost", "breakers", "graders", "inbox"] as const;

/** The name of an area's own config section. */
export type SectionName = typeof SECTION_NAMES[number];

/** One file's value of an area's section, not yet validated. */
export interface RawSection {
  /** The config file it was read from. */
  file: string;
  /** The section's value as parsed from YAML. */
  value: unknown;
}

/** The empty configuration. */
export function defaultConfig(): Config {
  return {
    disabledPacks: [],
    addedPacks: [],
    rules: {},
    minConfidence: 0,
    failClosed: false,
    plugins: [],
    sections: {},
    files: [],
  };
}

function fail(file: string, message: string): never {
  throw new TaskorchError("CONFIG_INVALID", `Cannot load config "${file}": ${message}`);
}

/**
 * A config path as errors show it: `plugins[0].grant.net`.
 *
 * @example
 * ```ts
 * import { pathLabel } from "./config.ts";
 * console.assert(pathLabel(["plugins", 0, "grant", "net"]) === "plugins[0].grant.net");
 * ```
 */
export function pathLabel(path: readonly (string | number)[]): string {
  return path.map((p, i) => typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`).join("");
}

function failAt(
  file: string,
  locate: Locate | undefined,
  path: (string | number)[],
  message: string,
): never {
  const where = locate?.(path);
  const label = pathLabel(path);
  fail(file, `${where ? `line ${where.line}, column ${where.column}: ` : ""}${label} ${message}`);
}

const PLUGIN_KEYS = ["name", "from", "grant", "options", "timeout_ms", "enabled", "hook", "kind"];
const KINDS: readonly PluginKind[] = ["guard", "grader", "provider"];

/** Whether a parsed YAML value is a mapping (not null, not a list). */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function resolveFrom(base: string, specifier: string): string {
  return /^(npm|jsr|https?|file|data):/.test(specifier) || isAbsolute(specifier)
    ? specifier
    : resolve(base, specifier);
}

/**
 * Parses the `plugins:` list of one config file. Exported for tests.
 *
 * @example
 * ```ts
 * import { parsePlugins } from "./config.ts";
 * const [p] = parsePlugins([{ from: "./g.ts", grant: { net: ["example.com"] } }], "/p/.taskorch/config.yaml");
 * console.assert(p.from === "/p/g.ts" && p.kind === "guard" && p.enabled);
 * ```
 */
export function parsePlugins(value: unknown, file: string, locate?: Locate): PluginConfig[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) failAt(file, locate, ["plugins"], "must be a list of plugins");
  const base = resolve(dirname(file), "..");
  return value.map((entry, i): PluginConfig => {
    const at = (...rest: (string | number)[]) => ["plugins", i, ...rest];
    if (!isMapping(entry)) {
      failAt(file, locate, at(), "must be a mapping with from, grant, options");
    }
    for (const key of Object.keys(entry)) {
      if (!PLUGIN_KEYS.includes(key)) {
        failAt(
          file,
          locate,
          at(key),
          `is not a plugin key; expected one of ${PLUGIN_KEYS.join(", ")}`,
        );
      }
    }
    if (typeof entry.from !== "string" || entry.from.trim() === "") {
      failAt(
        file,
        locate,
        entry.from === undefined ? at() : at("from"),
        entry.from === undefined
          ? "needs from: a path, npm:, jsr: or https: specifier"
          : "must be a path, npm:, jsr: or https: specifier",
      );
    }
    if (entry.name !== undefined && (typeof entry.name !== "string" || entry.name === "")) {
      failAt(file, locate, at("name"), "must be a non-empty string");
    }
    let grant: Permissions = {};
    if (entry.grant !== undefined && entry.grant !== null) {
      if (!isMapping(entry.grant)) {
        failAt(file, locate, at("grant"), "must be a mapping with net, env, read, write");
      }
      for (const [key, list] of Object.entries(entry.grant)) {
        if (list !== null && list !== undefined && !Array.isArray(list)) {
          failAt(file, locate, at("grant", key), "must be a list of strings");
        }
      }
      const cleaned = Object.fromEntries(
        Object.entries(entry.grant).filter(([, list]) => list !== null && list !== undefined),
      );
      try {
        grant = validatePermissions(cleaned, "grant");
      } catch (error) {
        const key = Object.keys(cleaned).find((k) => !["net", "env", "read", "write"].includes(k));
        failAt(
          file,
          locate,
          key ? at("grant", key) : at("grant"),
          `is not valid: ${errorMessage(error)}`,
        );
      }
      for (const key of ["read", "write"] as const) {
        if (grant[key]) grant[key] = grant[key].map((p) => isAbsolute(p) ? p : resolve(base, p));
      }
    }
    if (entry.options !== undefined && entry.options !== null && !isMapping(entry.options)) {
      failAt(file, locate, at("options"), "must be a mapping");
    }
    const timeout = entry.timeout_ms;
    if (
      timeout !== undefined && (typeof timeout !== "number" || !Number.isInteger(timeout) ||
        timeout < 1 || timeout > 600_000)
    ) {
      failAt(file, locate, at("timeout_ms"), "must be a whole number of ms from 1 to 600000");
    }
    for (const key of ["enabled", "hook"] as const) {
      if (entry[key] !== undefined && typeof entry[key] !== "boolean") {
        failAt(file, locate, at(key), "must be true or false");
      }
    }
    if (entry.kind !== undefined && !KINDS.includes(entry.kind as PluginKind)) {
      failAt(file, locate, at("kind"), `must be one of ${KINDS.join(", ")}`);
    }
    const where = locate?.(at()) ?? { line: 0, column: 0 };
    return {
      name: (entry.name as string | undefined) ?? entry.from,
      named: entry.name !== undefined,
      from: resolveFrom(base, entry.from),
      grant,
      options: (entry.options as Record<string, unknown> | undefined) ?? {},
      kind: (entry.kind as PluginKind | undefined) ?? "guard",
      timeoutMs: (timeout as number | undefined) ?? DEFAULT_PLUGIN_TIMEOUT_MS,
      enabled: (entry.enabled as boolean | undefined) ?? true,
      hook: (entry.hook as boolean | undefined) ?? false,
      at: { file, ...where },
    };
  });
}

function strings(file: string, key: string, value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
    fail(file, `"${key}" must be a list of strings`);
  }
  return value as string[];
}

/** Merges one parsed config file into `config`. Exported for tests. */
export function applyConfig(
  config: Config,
  data: unknown,
  file: string,
  locate?: Locate,
): Config {
  if (data === null || data === undefined) return config;
  if (typeof data !== "object" || Array.isArray(data)) fail(file, "expected a mapping");
  const raw = data as Record<string, unknown>;
  const known = ["packs", "rules", "min_confidence", "fail_closed", "plugins", ...SECTION_NAMES];
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
  const added_plugins = parsePlugins(raw.plugins, file, locate);
  const plugins = [
    ...config.plugins.filter((p) => !added_plugins.some((q) => q.name === p.name)),
    ...added_plugins,
  ];
  const sections = { ...config.sections };
  for (const name of SECTION_NAMES) {
    if (raw[name] !== undefined) {
      sections[name] = [...(sections[name] ?? []), { file, value: raw[name] }];
    }
  }
  return {
    disabledPacks: [...config.disabledPacks, ...strings(file, "packs.disable", packs.disable)],
    addedPacks: [...config.addedPacks, ...added],
    rules,
    minConfidence,
    failClosed,
    plugins,
    sections,
    files: [...config.files, file],
  };
}

/** Parses YAML text and returns the data with a locator of its nodes. */
export async function parseYaml(
  text: string,
  file: string,
): Promise<{ data: unknown; locate: Locate }> {
  const { LineCounter, parseDocument } = await import("yaml");
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    const pos = first.linePos?.[0];
    fail(
      file,
      `${pos ? `line ${pos.line}, column ${pos.col}: ` : ""}${first.message.split("\n")[0]}`,
    );
  }
  const locate: Locate = (path) => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number] } | undefined;
      if (node?.range) {
        const { line, col } = lineCounter.linePos(node.range[0]);
        return { line, column: col };
      }
    }
    return undefined;
  };
  return { data: doc.toJS(), locate };
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
    // A config read before comes from its JSON cache: loading the YAML parser costs a hook
    // process tens of milliseconds. Positions are needed only for an error, and then the
    // file is parsed again.
    const cached = await cachedConfig(text);
    if (cached !== undefined) {
      try {
        config = applyConfig(config, cached.data, file, (path) => {
          const key = JSON.stringify(path);
          if (key in cached.positions) return cached.positions[key] ?? undefined;
          throw NEEDS_POSITIONS;
        });
        continue;
      } catch (error) {
        if (error !== NEEDS_POSITIONS) throw error;
      }
    }
    const { data, locate } = await parseYaml(text, file);
    // The positions a valid config asks for (where each plugin is declared) go in the cache.
    const positions: Positions = {};
    config = applyConfig(config, data, file, (path) => {
      const found = locate(path);
      positions[JSON.stringify(path)] = found ?? null;
      return found;
    });
    await rememberConfig(text, data, positions);
  }
  return config;
}

const NEEDS_POSITIONS = new Error("the config error needs positions");

function configCachePath(text: string): string | undefined {
  const keyed = `${VERSION}\u0000${text}`;
  try {
    return join(
      taskorchHome(),
      "cache",
      "config",
      `${fnvHex(keyed)}-${keyed.length}.json`,
    );
  } catch {
    return undefined;
  }
}

/** Positions of config paths, by the path's JSON. */
type Positions = Record<string, { line: number; column: number } | null>;

interface CachedConfig {
  text: string;
  data: unknown;
  positions: Positions;
}

async function cachedConfig(text: string): Promise<CachedConfig | undefined> {
  const path = configCachePath(text);
  if (!path) return undefined;
  try {
    const entry = JSON.parse(await Deno.readTextFile(path)) as CachedConfig;
    return entry.text === text && typeof entry.positions === "object" ? entry : undefined;
  } catch {
    return undefined;
  }
}

async function rememberConfig(text: string, data: unknown, positions: Positions): Promise<void> {
  const path = configCachePath(text);
  if (!path) return;
  try {
    await Deno.mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const temp = `${path}.${crypto.randomUUID()}.tmp`;
    await Deno.writeTextFile(temp, JSON.stringify({ text, data, positions } as CachedConfig));
    await Deno.rename(temp, path);
  } catch {
    // a cache that cannot be written only costs the next process the YAML parser
  }
}
