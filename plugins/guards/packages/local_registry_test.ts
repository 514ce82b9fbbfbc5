/**
 * A local HTTP server on 127.0.0.1 (port 0) speaking the npm registry's, PyPI's and crates.io's
 * JSON, with fixtures in their real shapes (trimmed: long fields such as `readme` cut), for the
 * package guard's tests. A few names misbehave on purpose: `slow-*` never answers in time,
 * `broken-*` sends malformed JSON, `error-*` answers 500, `shapeless-*` answers JSON of no registry's shape, `limited-*` answers 429.
 *
 * @module
 */

import assert from "node:assert/strict";

/** The time the tests pretend it is. */
export const NOW: number = Date.parse("2026-03-01T12:00:00Z");

function daysBefore(days: number): string {
  return new Date(NOW - days * 86_400_000).toISOString();
}

/** An npm packument (the full document `GET /<name>` returns), trimmed. */
function packument(name: string, created: string, versions: string[]): unknown {
  const time: Record<string, string> = { created, modified: created };
  const docs: Record<string, unknown> = {};
  for (const version of versions) {
    time[version] = created;
    docs[version] = {
      name,
      version,
      description: `${name} does one thing`,
      main: "index.js",
      license: "MIT",
      _id: `${name}@${version}`,
      _nodeVersion: "20.11.0",
      _npmVersion: "10.2.4",
      dist: {
        integrity: "sha512-AAAA",
        shasum: "0000000000000000000000000000000000000000",
        tarball: `https://registry.npmjs.org/${name}/-/${name.split("/").pop()}-${version}.tgz`,
        fileCount: 4,
        unpackedSize: 2048,
      },
      maintainers: [{ name: "someone", email: "someone@example.com" }],
      directories: {},
    };
  }
  return {
    _id: name,
    _rev: "12-0123456789abcdef0123456789abcdef",
    name,
    "dist-tags": { latest: versions[versions.length - 1] },
    versions: docs,
    time,
    maintainers: [{ name: "someone", email: "someone@example.com" }],
    description: `${name} does one thing`,
    license: "MIT",
    readme: "",
    readmeFilename: "README.md",
  };
}

/** npm's answer for an unpublished package (HTTP 200, no versions). */
function unpublished(name: string): unknown {
  return {
    _id: name,
    name,
    time: {
      created: "2024-01-02T03:04:05.000Z",
      modified: "2024-01-03T03:04:05.000Z",
      unpublished: {
        time: "2024-01-03T03:04:05.000Z",
        versions: ["1.0.0"],
      },
    },
  };
}

/** A PyPI JSON API document (`GET /pypi/<name>/json`), trimmed. */
function pypiProject(name: string, releases: Record<string, string[]>): unknown {
  const files: Record<string, unknown[]> = {};
  for (const [version, uploads] of Object.entries(releases)) {
    files[version] = uploads.map((upload, i) => ({
      comment_text: "",
      digests: { blake2b_256: "00", md5: "00", sha256: "00" },
      downloads: -1,
      filename: i === 0
        ? `${name.replace(/-/g, "_")}-${version}-py3-none-any.whl`
        : `${name}-${version}.tar.gz`,
      has_sig: false,
      md5_digest: "00",
      packagetype: i === 0 ? "bdist_wheel" : "sdist",
      python_version: i === 0 ? "py3" : "source",
      requires_python: ">=3.8",
      size: 12345,
      upload_time: upload.slice(0, 19),
      upload_time_iso_8601: upload,
      url: `https://files.pythonhosted.org/packages/00/00/${name}-${version}.tar.gz`,
      yanked: false,
      yanked_reason: null,
    }));
  }
  const latest = Object.keys(releases).pop() ?? "0";
  return {
    info: {
      author: "Someone",
      author_email: "someone@example.com",
      classifiers: ["Programming Language :: Python :: 3"],
      description: "",
      home_page: "",
      license: "MIT",
      name,
      package_url: `https://pypi.org/project/${name}/`,
      project_urls: { Homepage: `https://example.com/${name}` },
      requires_python: ">=3.8",
      summary: `${name} does one thing`,
      version: latest,
      yanked: false,
    },
    last_serial: 123456,
    releases: files,
    urls: files[latest] ?? [],
    vulnerabilities: [],
  };
}

/** A crates.io API document (`GET /api/v1/crates/<name>`), trimmed. */
function crate(name: string, created: string, versions: string[]): unknown {
  return {
    categories: [],
    crate: {
      id: name,
      name,
      updated_at: created,
      versions: versions.map((_, i) => i + 1),
      keywords: [],
      categories: [],
      badges: [],
      created_at: created,
      downloads: 1000,
      recent_downloads: 100,
      default_version: versions[versions.length - 1],
      num_versions: versions.length,
      yanked: false,
      max_version: versions[versions.length - 1],
      newest_version: versions[versions.length - 1],
      max_stable_version: versions[versions.length - 1],
      description: `${name} does one thing`,
      homepage: null,
      documentation: null,
      repository: `https://github.com/someone/${name}`,
      links: {
        version_downloads: `/api/v1/crates/${name}/downloads`,
        versions: null,
        owners: `/api/v1/crates/${name}/owners`,
        owner_team: `/api/v1/crates/${name}/owner_team`,
        owner_user: `/api/v1/crates/${name}/owner_user`,
        reverse_dependencies: `/api/v1/crates/${name}/reverse_dependencies`,
      },
      exact_match: false,
    },
    keywords: [],
    versions: versions.map((num, i) => ({
      id: i + 1,
      crate: name,
      num,
      dl_path: `/api/v1/crates/${name}/${num}/download`,
      created_at: created,
      updated_at: created,
      downloads: 10,
      features: {},
      yanked: false,
      license: "MIT OR Apache-2.0",
      crate_size: 4096,
      published_by: null,
    })),
  };
}

/** npm fixtures by name. */
export const NPM_PACKAGES: Record<string, unknown> = {
  "lodash": packument("lodash", "2012-04-23T16:37:11.912Z", ["4.17.20", "4.17.21"]),
  "@types/node": packument("@types/node", "2012-12-10T16:05:00.000Z", ["22.0.0"]),
  "left-pad": packument("left-pad", "2014-03-17T20:29:41.735Z", ["1.3.0"]),
  "fresh-helper": packument("fresh-helper", daysBefore(3), ["0.0.1"]),
  "expresss": packument("expresss", "2019-05-01T00:00:00.000Z", ["1.0.0"]),
  "gone-pkg": unpublished("gone-pkg"),
};

/** PyPI fixtures by normalized name. */
export const PYPI_PROJECTS: Record<string, unknown> = {
  "requests": pypiProject("requests", {
    "0.2.0": ["2011-02-14T16:22:14.000000Z"],
    "2.31.0": ["2023-05-22T15:12:42.313790Z", "2023-05-22T15:12:44.175266Z"],
  }),
  "flask": pypiProject("Flask", {
    "0.1": ["2010-04-16T12:43:44.000000Z"],
    "3.0.0": ["2023-09-30T14:36:12.918082Z"],
  }),
  "freshly-made": pypiProject("freshly-made", {
    "0.0.0": [],
    "0.1.0": [new Date(NOW - 2 * 86_400_000).toISOString()],
  }),
};

/** crates.io fixtures by name. */
export const CRATES: Record<string, unknown> = {
  "serde": crate("serde", "2014-12-05T20:20:39.487502+00:00", ["1.0.0", "1.0.197"]),
  "tokio": crate("tokio", "2016-07-01T18:37:36.578823+00:00", ["1.36.0"]),
  "brand-new-crate": crate("brand-new-crate", daysBefore(1), ["0.1.0"]),
};

/** A running local registry. */
export interface LocalRegistry {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** The request paths served so far, in order. */
  readonly requests: string[];
  /** Stops the server. */
  close(): Promise<void>;
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json" },
  });
}

/** Answers of `slow-*` names still pending, released when the server closes. */
const pending = new Set<() => void>();

function misbehave(name: string): Promise<Response> | Response | undefined {
  if (name.startsWith("slow-")) {
    // Answers only after the client gave up (or the server closes).
    return new Promise((resolve) => {
      const release = (): void => {
        clearTimeout(timer);
        pending.delete(release);
        resolve(json({}));
      };
      const timer = setTimeout(release, 10_000);
      pending.add(release);
    });
  }
  if (name.startsWith("broken-")) {
    return new Response('{"name": "broken', { headers: { "content-type": "application/json" } });
  }
  if (name.startsWith("shapeless-")) return json({ hello: "world" });
  if (name.startsWith("error-")) return json({ error: "internal server error" }, 500);
  if (name.startsWith("limited-")) return json({ errors: [{ detail: "rate limited" }] }, 429);
  return undefined;
}

function route(request: Request): Promise<Response> | Response {
  const path = new URL(request.url).pathname;
  const pypi = /^\/pypi\/([^/]+)\/json$/.exec(path);
  const crates = /^\/api\/v1\/crates\/([^/]+)$/.exec(path);
  const name = decodeURIComponent((pypi ?? crates)?.[1] ?? path.slice(1));
  const odd = misbehave(name.replace(/^@[^/]+\//, ""));
  if (odd !== undefined) return odd;
  if (pypi !== null) {
    const doc = PYPI_PROJECTS[name.toLowerCase().replace(/[-_.]+/g, "-")];
    return doc === undefined ? json({ message: "Not Found" }, 404) : json(doc);
  }
  if (crates !== null) {
    const doc = CRATES[name];
    return doc === undefined
      ? json({ errors: [{ detail: `crate \`${name}\` does not exist` }] }, 404)
      : json(doc);
  }
  const doc = NPM_PACKAGES[name];
  return doc === undefined ? json({ error: "Not found" }, 404) : json(doc);
}

/**
 * Starts the local registry; every registry's base URL is its `url`.
 *
 * @example
 * ```ts ignore
 * const registry = await startLocalRegistry();
 * try { await fetch(`${registry.url}/lodash`).then((r) => r.json()); } finally { await registry.close(); }
 * ```
 */
export function startLocalRegistry(): Promise<LocalRegistry> {
  const requests: string[] = [];
  const controller = new AbortController();
  return new Promise((resolve) => {
    const server = Deno.serve({
      hostname: "127.0.0.1",
      port: 0,
      signal: controller.signal,
      onListen: ({ port }) => {
        resolve({
          url: `http://127.0.0.1:${port}`,
          requests,
          async close() {
            for (const release of [...pending]) release();
            controller.abort();
            await server.finished;
          },
        });
      },
    }, (request) => {
      requests.push(new URL(request.url).pathname);
      return route(request);
    });
  });
}

Deno.test("local registry: speaks the three registries' paths", async () => {
  const registry = await startLocalRegistry();
  try {
    const npm = await fetch(`${registry.url}/@types%2Fnode`).then((r) => r.json());
    assert.equal(npm.name, "@types/node");
    const pypi = await fetch(`${registry.url}/pypi/Flask/json`).then((r) => r.json());
    assert.equal(pypi.info.name, "Flask");
    const missing = await fetch(`${registry.url}/api/v1/crates/nope`);
    assert.equal(missing.status, 404);
    await missing.body?.cancel();
  } finally {
    await registry.close();
  }
});
