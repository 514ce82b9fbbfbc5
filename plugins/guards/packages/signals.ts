/**
 * The suspicious signals of one package an agent is about to install, each a finding written for
 * the agent (category `hallucinated_package`): the name does not exist on its registry, it was
 * first published only days ago, or it is one edit (Damerau–Levenshtein distance 1) away from a
 * popular package's name.
 *
 * @module
 */

import type { Finding } from "../../../core/verdict.ts";
import { type Ecosystem, normalizePypiName, type PackageRef } from "./install_commands.ts";
import { POPULAR, type PopularLists } from "./popular.ts";
import type { Lookup } from "./registries.ts";

/** A finding as a guard plugin returns it (the host sets `source`). */
export type GuardFinding = Omit<Finding, "source">;

/** Default: a package first published fewer than this many days ago is new. */
export const DEFAULT_MIN_AGE_DAYS = 30;

/** Popular names shorter than this are not compared: every short name is one edit from many. */
const MIN_SIMILAR_LENGTH = 4;

const DAY_MS = 86_400_000;

/** The ids of the rules the signals fire as. */
export const RULES = {
  missing: "hallucinated-packages.missing",
  new: "hallucinated-packages.new",
  similar: "hallucinated-packages.similar-name",
} as const;

const LABEL: Record<Ecosystem, string> = {
  npm: "npm",
  pypi: "PyPI",
  crates: "crates.io",
  jsr: "JSR",
};

/** The package's page on its registry's website. */
export function packagePage(ecosystem: Ecosystem, name: string): string {
  switch (ecosystem) {
    case "npm":
      return `https://www.npmjs.com/package/${name}`;
    case "pypi":
      return `https://pypi.org/project/${name}/`;
    case "crates":
      return `https://crates.io/crates/${name}`;
    case "jsr":
      return `https://jsr.io/${name}`;
  }
}

/**
 * Whether two strings are exactly one edit apart: one insertion, deletion, substitution or
 * transposition of adjacent characters (Damerau–Levenshtein distance 1).
 *
 * @example
 * ```ts
 * import { oneEditApart } from "./signals.ts";
 * console.assert(oneEditApart("reqeusts", "requests")); // transposition
 * console.assert(oneEditApart("lodash", "lodas")); // deletion
 * console.assert(!oneEditApart("lodash", "lodash"));
 * console.assert(!oneEditApart("expres", "exprezz"));
 * ```
 */
export function oneEditApart(a: string, b: string): boolean {
  if (a === b) return false;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    // Substitution at i, or transposition of i and i+1.
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  const [longer, shorter] = a.length > b.length ? [a, b] : [b, a];
  return longer.slice(i + 1) === shorter.slice(i);
}

/** The form names are compared in: PyPI's PEP 503 form, crates with `_` as `-`, lower case. */
export function comparableName(ecosystem: Ecosystem, name: string): string {
  if (ecosystem === "pypi") return normalizePypiName(name);
  if (ecosystem === "crates") return name.toLowerCase().replace(/_/g, "-");
  return name.toLowerCase();
}

/** Popular names by ecosystem in comparable form, computed once per list. */
const comparableCache = new WeakMap<readonly string[], ReadonlySet<string>>();

function comparableSet(ecosystem: Ecosystem, list: readonly string[]): ReadonlySet<string> {
  let set = comparableCache.get(list);
  if (set === undefined) {
    set = new Set(list.map((name) => comparableName(ecosystem, name)));
    comparableCache.set(list, set);
  }
  return set;
}

/**
 * Whether the package is on its ecosystem's popular list.
 *
 * @example
 * ```ts
 * import { isPopular } from "./signals.ts";
 * console.assert(isPopular({ ecosystem: "pypi", name: "Requests", manager: "pip", spec: "Requests" }));
 * ```
 */
export function isPopular(ref: PackageRef, popular: PopularLists = POPULAR): boolean {
  const list = popular[ref.ecosystem];
  return list !== undefined &&
    comparableSet(ref.ecosystem, list).has(comparableName(ref.ecosystem, ref.name));
}

/**
 * The most popular package whose name is one edit away from this one's, unless this one is
 * popular itself.
 *
 * @example
 * ```ts
 * import { similarPopular } from "./signals.ts";
 * const ref = { ecosystem: "npm" as const, name: "expresss", manager: "npm", spec: "expresss" };
 * console.assert(similarPopular(ref) === "express");
 * ```
 */
export function similarPopular(
  ref: PackageRef,
  popular: PopularLists = POPULAR,
): string | undefined {
  const list = popular[ref.ecosystem];
  if (list === undefined || isPopular(ref, popular)) return undefined;
  const name = comparableName(ref.ecosystem, ref.name);
  for (const candidate of list) {
    if (candidate.length < MIN_SIMILAR_LENGTH) continue;
    if (oneEditApart(name, comparableName(ref.ecosystem, candidate))) return candidate;
  }
  return undefined;
}

/** What {@linkcode packageSignals} needs besides the package and the registry's answer. */
export interface SignalOptions {
  /** The registry's host, for messages, e.g. `registry.npmjs.org`. */
  host: string;
  /** The current time in milliseconds since the epoch. */
  now: number;
  /** A package first published fewer than this many days ago is new (default 30). */
  minAgeDays?: number;
  /** Popular names by ecosystem (default: the shipped lists). */
  popular?: PopularLists;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function ageText(days: number): string {
  if (days < 1) return "less than a day ago";
  return `${plural(Math.floor(days), "day")} ago`;
}

/**
 * The findings for one package given its registry's answer; none for `unknown` (an unreachable
 * registry is never an alarm) and none for an established package with an unremarkable name.
 *
 * @example
 * ```ts
 * import { packageSignals } from "./signals.ts";
 * const ref = { ecosystem: "pypi" as const, name: "reqeusts", manager: "pip", spec: "reqeusts" };
 * const findings = packageSignals(ref, { status: "missing", reason: "404" }, {
 *   host: "pypi.org",
 *   now: Date.now(),
 * });
 * console.assert(findings[0].rule === "hallucinated-packages.missing");
 * console.assert(findings[0].suggestion?.includes('"requests"'));
 * ```
 */
export function packageSignals(
  ref: PackageRef,
  lookup: Lookup,
  options: SignalOptions,
): GuardFinding[] {
  if (lookup.status === "unknown") return [];
  const popular = options.popular ?? POPULAR;
  const label = LABEL[ref.ecosystem];
  const similar = similarPopular(ref, popular);
  const page = packagePage(ref.ecosystem, ref.name);

  if (lookup.status === "missing") {
    // A scoped npm name may live on a private registry that .npmrc maps its scope to.
    const maybePrivate = ref.ecosystem === "npm" && ref.name.startsWith("@");
    const didYouMean = similar === undefined ? "" : `Did you mean "${similar}"? `;
    return [{
      rule: RULES.missing,
      category: "hallucinated_package",
      severity: "high",
      action: maybePrivate ? "warn" : "deny",
      confidence: maybePrivate ? 0.6 : 0.9,
      message: `The ${label} package "${ref.name}" (from \`${ref.spec}\`) does not exist on ` +
        `${options.host} (${lookup.reason}). It may be a hallucinated name: if someone ` +
        `registers it later, this command would install their code.` +
        (maybePrivate
          ? " (If this scope is served by a private registry configured in .npmrc, ignore this.)"
          : ""),
      suggestion: `${didYouMean}Check the exact package name in the library's documentation ` +
        `before installing; do not guess variants of the name.`,
    }];
  }

  const findings: GuardFinding[] = [];
  const minAgeDays = options.minAgeDays ?? DEFAULT_MIN_AGE_DAYS;
  const created = lookup.createdAt === undefined ? NaN : Date.parse(lookup.createdAt);
  const ageDays = (options.now - created) / DAY_MS;
  const isNew = !Number.isNaN(created) && ageDays < minAgeDays;
  if (isNew) {
    const versions = lookup.versions === undefined
      ? ""
      : ` and has ${plural(lookup.versions, "version")}`;
    const lookalike = similar === undefined
      ? ""
      : ` Its name is one edit away from the popular package "${similar}".`;
    findings.push({
      rule: RULES.new,
      category: "hallucinated_package",
      severity: "high",
      action: "ask",
      confidence: similar === undefined ? 0.6 : 0.85,
      message: `The ${label} package "${ref.name}" was first published ${ageText(ageDays)} ` +
        `(${lookup.createdAt})${versions}.${lookalike} New packages with plausible names are ` +
        `how slopsquatting attacks reach agents.`,
      suggestion: similar === undefined
        ? `Confirm this is the intended package (${page}: its repository, maintainers and ` +
          `downloads) or use an established alternative.`
        : `If you meant "${similar}", install that instead; otherwise confirm this package at ` +
          `${page} first.`,
    });
  } else if (similar !== undefined) {
    findings.push({
      rule: RULES.similar,
      category: "hallucinated_package",
      severity: "low",
      action: "warn",
      confidence: 0.5,
      message: `The ${label} package "${ref.name}" exists, but its name is one edit away ` +
        `from the popular package "${similar}": a typo or a typosquat.`,
      suggestion: `If you meant "${similar}", install that instead; otherwise check ${page}.`,
    });
  }
  return findings;
}
