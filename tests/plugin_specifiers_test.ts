// Plugins load from a URL, an `npm:` or a `jsr:` specifier, as an operator configures them:
// each through a local server on 127.0.0.1 speaking that source's real protocol (a web
// server, the npm registry's packument and tarball, JSR's meta files with checksums), into
// a fresh Deno cache, and running in the real sandbox. A remote plugin may import from its
// own host only.

import assert from "node:assert/strict";
import { importHosts, startPlugin } from "../core/sandbox.ts";
import { TaskorchError } from "../core/errors.ts";

const GUARD = `export default {
  meta: {
    name: "remote-guard",
    version: "1.0.0",
    description: "A guard from elsewhere (specifier test)",
    kind: "guard",
    permissions: {},
  },
  check(event) {
    const bad = (event.prompt ?? "").includes("bad");
    return {
      findings: bad
        ? [{ rule: "remote.bad", category: "other", severity: "low", message: "said bad" }]
        : [],
    };
  },
};
`;

const BAD = { hook_event_name: "UserPromptSubmit", prompt: "a bad prompt" };

async function sha(algorithm: "SHA-256" | "SHA-512", bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest(algorithm, bytes as BufferSource));
}

/** Serves `routes` on 127.0.0.1 and records the paths asked for. */
function serve(routes: (path: string, base: string) => Response | undefined) {
  const asked: string[] = [];
  const server: Deno.HttpServer<Deno.NetAddr> = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    onListen() {},
  }, (request): Response => {
    const path = new URL(request.url).pathname;
    asked.push(path);
    return routes(path, `http://127.0.0.1:${server.addr.port}`) ??
      new Response("not found", { status: 404 });
  });
  return { server, asked, base: `http://127.0.0.1:${server.addr.port}` };
}

/**
 * Runs `use` with a fresh Deno cache and the given registry variables for the plugin
 * processes only (passed through `startPlugin`'s `env`: test files share one process, so
 * changing `Deno.env` would leak into other tests' subprocesses).
 */
async function withEnv(
  vars: Record<string, string>,
  use: (env: Record<string, string>) => Promise<void>,
): Promise<void> {
  const cache = await Deno.makeTempDir();
  try {
    await use({ DENO_DIR: cache, ...vars });
  } finally {
    // A plugin process that just exited may still be flushing Deno's cache: try again.
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await Deno.remove(cache, { recursive: true });
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }
}

async function checkGuard(specifier: string, env: Record<string, string>): Promise<void> {
  const guard = await startPlugin(specifier, { kind: "guard", env });
  try {
    assert.equal(guard.meta.name, "remote-guard");
    assert.deepEqual((await guard.check(BAD)).findings.map((f) => f.rule), ["remote.bad"]);
  } finally {
    await guard.close();
  }
}

Deno.test("plugin specifiers: an http(s) URL, allowed to import from its own host only", async () => {
  const other = serve((path) =>
    path === "/helper.js" ? new Response("export const x = 1;\n") : undefined
  );
  const { server, base } = serve((path) => {
    if (path === "/guard.js") return new Response(GUARD);
    if (path === "/greedy.js") {
      return new Response(`import "${other.base}/helper.js";\n${GUARD}`);
    }
  });
  try {
    await withEnv({}, async (env) => {
      await checkGuard(`${base}/guard.js`, env);
      const error = await startPlugin(`${base}/greedy.js`, { kind: "guard", env }).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof TaskorchError);
      assert.equal(error.code, "PLUGIN_START_FAILED");
      assert.match(error.message, /Requires import access to "127\.0\.0\.1:\d+"/);
      assert.deepEqual(other.asked, [], "the other host was never reached");
    });
  } finally {
    await server.shutdown();
    await other.server.shutdown();
  }
});

Deno.test("plugin specifiers: npm: from a registry (packument, tarball, integrity)", async () => {
  const work = await Deno.makeTempDir();
  await Deno.mkdir(`${work}/package`);
  await Deno.writeTextFile(`${work}/package/index.js`, GUARD);
  await Deno.writeTextFile(
    `${work}/package/package.json`,
    JSON.stringify({
      name: "taskorch-remote-guard",
      version: "1.0.0",
      type: "module",
      main: "index.js",
    }),
  );
  const tar = await new Deno.Command("tar", {
    args: ["-czf", `${work}/guard.tgz`, "-C", work, "package"],
  }).output();
  assert.equal(tar.code, 0, new TextDecoder().decode(tar.stderr));
  const tarball = await Deno.readFile(`${work}/guard.tgz`);
  const integrity = `sha512-${btoa(String.fromCharCode(...await sha("SHA-512", tarball)))}`;
  const { server, asked, base } = serve((path, base) => {
    if (path === "/taskorch-remote-guard") {
      return Response.json({
        name: "taskorch-remote-guard",
        "dist-tags": { latest: "1.0.0" },
        versions: {
          "1.0.0": {
            name: "taskorch-remote-guard",
            version: "1.0.0",
            dist: { tarball: `${base}/taskorch-remote-guard-1.0.0.tgz`, integrity },
          },
        },
      });
    }
    if (path === "/taskorch-remote-guard-1.0.0.tgz") return new Response(tarball);
  });
  try {
    await withEnv({ NPM_CONFIG_REGISTRY: `${base}/` }, async (env) => {
      await checkGuard("npm:taskorch-remote-guard@1.0.0", env);
    });
    assert.deepEqual(asked, ["/taskorch-remote-guard", "/taskorch-remote-guard-1.0.0.tgz"]);
  } finally {
    await server.shutdown();
    await Deno.remove(work, { recursive: true });
  }
});

Deno.test("plugin specifiers: jsr: from a registry (meta files, checksummed manifest)", async () => {
  const bytes = new TextEncoder().encode(GUARD);
  const hex = [...await sha("SHA-256", bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");
  const { server, asked, base } = serve((path) => {
    if (path === "/@acme/guard/meta.json") {
      return Response.json({
        scope: "acme",
        name: "guard",
        latest: "1.0.0",
        versions: { "1.0.0": {} },
      });
    }
    if (path === "/@acme/guard/1.0.0_meta.json") {
      return Response.json({
        manifest: { "/mod.js": { size: bytes.length, checksum: `sha256-${hex}` } },
        exports: { ".": "./mod.js" },
      });
    }
    if (path === "/@acme/guard/1.0.0/mod.js") return new Response(bytes);
  });
  try {
    await withEnv({ JSR_URL: `${base}/` }, async (env) => {
      assert.deepEqual(importHosts("jsr:@acme/guard@1.0.0", env.JSR_URL), [new URL(base).host]);
      await checkGuard("jsr:@acme/guard@1.0.0", env);
    });
    assert.ok(asked.includes("/@acme/guard/1.0.0/mod.js"), asked.join(", "));
  } finally {
    await server.shutdown();
  }
});

Deno.test("plugin specifiers: local and npm plugins are given no import host", () => {
  assert.deepEqual(importHosts("file:///p/guard.ts"), []);
  assert.deepEqual(importHosts("npm:some-guard@1"), []);
  assert.deepEqual(importHosts("https://plugins.example.com/g.ts"), ["plugins.example.com"]);
  assert.deepEqual(importHosts("jsr:@a/b", undefined), ["jsr.io"]);
});
