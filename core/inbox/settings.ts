/**
 * The `inbox:` section of `.taskorch/config.yaml`: how long an item waits, what happens when
 * nobody decides, and whether an `ask` is queued (the hook denies with the item's id, for
 * headless agents) or asked in the agent's own prompt. Per-rule values override the defaults.
 *
 * ```yaml
 * inbox:
 *   mode: auto            # auto (default) | queue | ask
 *   ttl_minutes: 60       # how long a pending item waits (default 60)
 *   on_timeout: deny      # deny (default) | allow: what expiry does
 *   rules:
 *     git.force-push: { ttl_minutes: 10, on_timeout: deny, mode: queue }
 * ```
 *
 * `mode`: `queue` always denies an `ask` with "queued as #ID" and lets the retry through after
 * approval; `ask` keeps Claude Code's own prompt (`permissionDecision: "ask"`); `auto` queues
 * when the agent runs headless (`claude -p`, CI; see `core/inbox/headless.ts`) and asks
 * otherwise. Later files (the project's) override earlier ones (the user's), field by field.
 *
 * @module
 */

import type { Config } from "../config.ts";
import { isMapping, readSection, type SectionFail } from "../config_section.ts";
import type { OnTimeout } from "./types.ts";

/** How an `ask` reaches the human. */
export type InboxMode = "auto" | "queue" | "ask";

/** One rule's own inbox settings. */
export interface RuleInboxSettings {
  /** Minutes a pending item waits. */
  ttlMinutes?: number;
  /** What expiry does. */
  onTimeout?: OnTimeout;
  /** How this rule's asks reach the human. */
  mode?: InboxMode;
}

/** The inbox settings in force. */
export interface InboxSettings {
  /** How an `ask` reaches the human (default `auto`). */
  mode: InboxMode;
  /** Minutes a pending item waits (default 60). */
  ttlMinutes: number;
  /** What expiry does (default `deny`). */
  onTimeout: OnTimeout;
  /** Per-rule overrides, by rule id. */
  rules: Record<string, RuleInboxSettings>;
}

/** Longest allowed time to live: 30 days. */
export const MAX_TTL_MINUTES = 30 * 24 * 60;

/** The defaults: auto mode, one hour, deny on timeout. */
export function defaultInboxSettings(): InboxSettings {
  return { mode: "auto", ttlMinutes: 60, onTimeout: "deny", rules: {} };
}

const MODES: readonly string[] = ["auto", "queue", "ask"];

function parseCommon(
  raw: Record<string, unknown>,
  path: (string | number)[],
  fail: SectionFail,
): RuleInboxSettings {
  const out: RuleInboxSettings = {};
  if (raw.ttl_minutes !== undefined) {
    const ttl = raw.ttl_minutes;
    if (typeof ttl !== "number" || !(ttl > 0) || ttl > MAX_TTL_MINUTES) {
      fail(
        [...path, "ttl_minutes"],
        `must be a number of minutes above 0 and at most ${MAX_TTL_MINUTES} (30 days), got ${
          JSON.stringify(ttl)
        }`,
      );
    }
    out.ttlMinutes = ttl as number;
  }
  if (raw.on_timeout !== undefined) {
    if (raw.on_timeout !== "deny" && raw.on_timeout !== "allow") {
      fail([...path, "on_timeout"], `must be deny or allow, got ${JSON.stringify(raw.on_timeout)}`);
    }
    out.onTimeout = raw.on_timeout as OnTimeout;
  }
  if (raw.mode !== undefined) {
    if (typeof raw.mode !== "string" || !MODES.includes(raw.mode)) {
      fail([...path, "mode"], `must be auto, queue or ask, got ${JSON.stringify(raw.mode)}`);
    }
    out.mode = raw.mode as InboxMode;
  }
  const known = ["ttl_minutes", "on_timeout", "mode", ...(path.length === 0 ? ["rules"] : [])];
  for (const key of Object.keys(raw)) {
    if (!known.includes(key)) {
      fail([...path, key], `is not an inbox setting (known: ${known.join(", ")})`);
    }
  }
  return out;
}

/**
 * Parses one file's `inbox:` value (for `readSection`).
 *
 * @example
 * ```ts
 * import { parseInboxSection } from "./settings.ts";
 * const fail = (path: (string | number)[], message: string): never => { throw new Error(`${path.join(".")} ${message}`); };
 * const parsed = parseInboxSection({ ttl_minutes: 5, rules: { "git.force-push": { on_timeout: "deny" } } }, fail);
 * console.assert(parsed.ttlMinutes === 5 && parsed.rules?.["git.force-push"].onTimeout === "deny");
 * ```
 */
export function parseInboxSection(
  value: unknown,
  fail: SectionFail,
): RuleInboxSettings & { rules?: Record<string, RuleInboxSettings> } {
  if (value === null) return {};
  if (!isMapping(value)) fail([], `must be a mapping (mode, ttl_minutes, on_timeout, rules)`);
  const raw = value as Record<string, unknown>;
  const out: RuleInboxSettings & { rules?: Record<string, RuleInboxSettings> } = parseCommon(
    raw,
    [],
    fail,
  );
  if (raw.rules !== undefined && raw.rules !== null) {
    if (!isMapping(raw.rules)) fail(["rules"], "must be a mapping of rule id to settings");
    out.rules = {};
    for (const [id, rule] of Object.entries(raw.rules as Record<string, unknown>)) {
      if (!isMapping(rule)) {
        fail(["rules", id], "must be a mapping (ttl_minutes, on_timeout, mode)");
      }
      out.rules[id] = parseCommon(rule as Record<string, unknown>, ["rules", id], fail);
    }
  }
  return out;
}

/**
 * The inbox settings of a config: every file's `inbox:` section validated (a bad value is a
 * `CONFIG_INVALID` naming file, line and column) and merged, later files winning per field.
 *
 * @example
 * ```ts
 * import { applyConfig, defaultConfig } from "../config.ts";
 * import { inboxSettings } from "./settings.ts";
 * const config = applyConfig(defaultConfig(), { inbox: { mode: "queue" } }, "/p/.taskorch/config.yaml");
 * const settings = await inboxSettings(config);
 * console.assert(settings.mode === "queue" && settings.ttlMinutes === 60);
 * ```
 */
export async function inboxSettings(config: Config): Promise<InboxSettings> {
  const settings = defaultInboxSettings();
  for (const part of await readSection(config, "inbox", parseInboxSection)) {
    if (part.mode) settings.mode = part.mode;
    if (part.ttlMinutes !== undefined) settings.ttlMinutes = part.ttlMinutes;
    if (part.onTimeout) settings.onTimeout = part.onTimeout;
    for (const [id, rule] of Object.entries(part.rules ?? {})) {
      settings.rules[id] = { ...settings.rules[id], ...rule };
    }
  }
  return settings;
}

/**
 * The settings that apply to one rule's ask: its own, else the defaults.
 *
 * @example
 * ```ts
 * import { defaultInboxSettings, ruleSettings } from "./settings.ts";
 * const settings = { ...defaultInboxSettings(), rules: { "a.b": { ttlMinutes: 5 } } };
 * console.assert(ruleSettings(settings, "a.b").ttlMinutes === 5);
 * console.assert(ruleSettings(settings, "c.d").ttlMinutes === 60);
 * ```
 */
export function ruleSettings(
  settings: InboxSettings,
  rule: string | undefined,
): Required<RuleInboxSettings> {
  const own = rule ? settings.rules[rule] ?? {} : {};
  return {
    ttlMinutes: own.ttlMinutes ?? settings.ttlMinutes,
    onTimeout: own.onTimeout ?? settings.onTimeout,
    mode: own.mode ?? settings.mode,
  };
}
