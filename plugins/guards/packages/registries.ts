/**
 * Lookups of one package name against its public registry: npm, PyPI and crates.io. Each answer
 * is `exists` (with the first publication time when the registry says it), `missing` (the
 * registry answered 404, or npm lists the name as unpublished) or `unknown` (offline, timeout,
 * 5xx, rate limited, malformed JSON): a registry that cannot be reached never turns into a
 * "does not exist" alarm.
 *
 * @module
 */

import type { Ecosystem } from "./install_commands.ts";

/** What a registry says about one name. */
export type Lookup =
  | {
    status: "exists";
    /** When the package was first published (ISO 8601), when the registry says. */
    createdAt?: string;
    /** How many versions were published, when the registry says. */
    versions?: number;
  }
  | { status: "missing"; reason: string }
  | { status: "unknown"; reason: string };

/** One registry the guard can ask. */
export interface Registry {
  /** The ecosystem whose names it resolves. */
  readonly ecosystem: Ecosystem;
  /** The host name, for messages and network grants, e.g. `registry.npmjs.org`. */
  readonly host: string;
  /** Asks about one name; never throws. */
  lookup(name: string, signal?: AbortSignal): Promise<Lookup>;
}

/** Options of the registry constructors. */
export interface RegistryOptions {
  /** The registry's base URL (tests use a local server), e.g. `http://127.0.0.1:4873`. */
  baseUrl?: string;
  /** How long one lookup may take before it is `unknown` (default 3000 ms). */
  timeoutMs?: number;
  /** The `fetch` to use (default: the global one). */
  fetch?: typeof fetch;
}

/** The default lookup timeout. */
export const DEFAULT_TIMEOUT_MS = 3000;

/** Sent as User-Agent: crates.io refuses requests without an identifying one. */
export const USER_AGENT = "taskorch-hallucinated-packages (https://jsr.io/@taskorch/mcp)";

type Parsed = Lookup | undefined;

interface Spec {
  ecosystem: Ecosystem;
  defaultBase: string;
  path(name: string): string;
  /** Reads a 200 answer; undefined when its shape is not the registry's. */
  parse(body: unknown): Parsed;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isoOrUndefined(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

function exists(createdAt: string | undefined, versions: number | undefined): Lookup {
  const out: Lookup = { status: "exists" };
  if (createdAt !== undefined) out.createdAt = createdAt;
  if (versions !== undefined) out.versions = versions;
  return out;
}

const NPM: Spec = {
  ecosystem: "npm",
  defaultBase: "https://registry.npmjs.org",
  // Scoped names go with an encoded slash: /@scope%2Fname.
  path: (name) => `/${name.replace("/", "%2F")}`,
  parse(body) {
    if (!isRecord(body) || typeof body.name !== "string") return undefined;
    const time = isRecord(body.time) ? body.time : {};
    const versions = isRecord(body.versions) ? Object.keys(body.versions).length : undefined;
    if (time.unpublished !== undefined && (versions === undefined || versions === 0)) {
      return { status: "missing", reason: "unpublished from npm" };
    }
    if (versions === undefined) return undefined;
    return exists(isoOrUndefined(time.created) ?? earliest(Object.values(time)), versions);
  },
};

/** The earliest of some timestamps (npm mirrors may omit `time.created`). */
function earliest(values: readonly unknown[]): string | undefined {
  let first: number | undefined;
  for (const value of values) {
    const time = typeof value === "string" ? Date.parse(value) : NaN;
    if (!Number.isNaN(time) && (first === undefined || time < first)) first = time;
  }
  return first === undefined ? undefined : new Date(first).toISOString();
}

/** The earliest `upload_time_iso_8601` over every file of every release. */
function firstUpload(releases: Record<string, unknown>): string | undefined {
  let first: number | undefined;
  for (const files of Object.values(releases)) {
    if (!Array.isArray(files)) continue;
    for (const file of files) {
      if (!isRecord(file)) continue;
      const time = Date.parse(String(file.upload_time_iso_8601 ?? file.upload_time ?? ""));
      if (!Number.isNaN(time) && (first === undefined || time < first)) first = time;
    }
  }
  return first === undefined ? undefined : new Date(first).toISOString();
}

const PYPI: Spec = {
  ecosystem: "pypi",
  defaultBase: "https://pypi.org",
  path: (name) => `/pypi/${encodeURIComponent(name)}/json`,
  parse(body) {
    if (!isRecord(body) || !isRecord(body.info) || !isRecord(body.releases)) return undefined;
    return exists(firstUpload(body.releases), Object.keys(body.releases).length);
  },
};

const CRATES: Spec = {
  ecosystem: "crates",
  defaultBase: "https://crates.io",
  path: (name) => `/api/v1/crates/${encodeURIComponent(name)}`,
  parse(body) {
    if (!isRecord(body) || !isRecord(body.crate)) return undefined;
    const crate = body.crate;
    const versions = Array.isArray(body.versions)
      ? body.versions.length
      : Array.isArray(crate.versions)
      ? crate.versions.length
      : undefined;
    return exists(isoOrUndefined(crate.created_at), versions);
  },
};

function makeRegistry(spec: Spec, options: RegistryOptions): Registry {
  const base = (options.baseUrl ?? spec.defaultBase).replace(/\/+$/, "");
  const host = new URL(base).host;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const doFetch = options.fetch ?? fetch;
  return {
    ecosystem: spec.ecosystem,
    host,
    async lookup(name: string, signal?: AbortSignal): Promise<Lookup> {
      const timeout = AbortSignal.timeout(timeoutMs);
      const combined = signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
      const url = `${base}${spec.path(name)}`;
      let response: Response;
      try {
        response = await doFetch(url, {
          headers: { accept: "application/json", "user-agent": USER_AGENT },
          signal: combined,
        });
      } catch (error) {
        const why = timeout.aborted
          ? `no answer from ${host} within ${timeoutMs} ms`
          : signal?.aborted
          ? "the lookup was cancelled"
          : `${host} could not be reached (${error instanceof Error ? error.message : error})`;
        return { status: "unknown", reason: why };
      }
      if (response.status === 404) {
        await response.body?.cancel();
        return { status: "missing", reason: `${host} answered 404 for "${name}"` };
      }
      if (!response.ok) {
        await response.body?.cancel();
        return { status: "unknown", reason: `${host} answered HTTP ${response.status}` };
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch (error) {
        const why = timeout.aborted
          ? `${host} did not finish its answer within ${timeoutMs} ms`
          : `${host} answered with malformed JSON (${
            error instanceof Error ? error.message : error
          })`;
        return { status: "unknown", reason: why };
      }
      return spec.parse(body) ??
        { status: "unknown", reason: `${host} answered JSON without the registry's fields` };
    },
  };
}

/**
 * The npm registry: `GET /<name>` (`time.created`, `versions`).
 *
 * @example
 * ```ts
 * import { npmRegistry } from "./registries.ts";
 * const npm = npmRegistry({ baseUrl: "http://127.0.0.1:9", timeoutMs: 500 });
 * const answer = await npm.lookup("left-pad");
 * console.assert(answer.status === "unknown"); // nothing listens there: never "missing"
 * ```
 */
export function npmRegistry(options: RegistryOptions = {}): Registry {
  return makeRegistry(NPM, options);
}

/**
 * PyPI's JSON API: `GET /pypi/<name>/json` (`releases`, the first file's upload time).
 *
 * @example
 * ```ts
 * import { pypiRegistry } from "./registries.ts";
 * console.assert(pypiRegistry().host === "pypi.org");
 * ```
 */
export function pypiRegistry(options: RegistryOptions = {}): Registry {
  return makeRegistry(PYPI, options);
}

/**
 * The crates.io API: `GET /api/v1/crates/<name>` (`crate.created_at`).
 *
 * @example
 * ```ts
 * import { cratesRegistry } from "./registries.ts";
 * console.assert(cratesRegistry().host === "crates.io");
 * ```
 */
export function cratesRegistry(options: RegistryOptions = {}): Registry {
  return makeRegistry(CRATES, options);
}

/** The registries by ecosystem. */
export type Registries = Partial<Record<Ecosystem, Registry>>;

/**
 * The three public registries, each with the same options except its base URL.
 *
 * @example
 * ```ts
 * import { defaultRegistries } from "./registries.ts";
 * const registries = defaultRegistries({ timeoutMs: 2000 });
 * console.assert(registries.npm?.host === "registry.npmjs.org");
 * ```
 */
export function defaultRegistries(
  options: Omit<RegistryOptions, "baseUrl"> & { baseUrls?: Partial<Record<Ecosystem, string>> } =
    {},
): Registries {
  const { baseUrls = {}, ...rest } = options;
  return {
    npm: npmRegistry({ ...rest, baseUrl: baseUrls.npm }),
    pypi: pypiRegistry({ ...rest, baseUrl: baseUrls.pypi }),
    crates: cratesRegistry({ ...rest, baseUrl: baseUrls.crates }),
  };
}
