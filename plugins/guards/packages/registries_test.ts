import assert from "node:assert/strict";
import { startLocalRegistry } from "./local_registry_test.ts";
import { cratesRegistry, defaultRegistries, npmRegistry, pypiRegistry } from "./registries.ts";

Deno.test("registries: exists with the first publication time, missing on 404", async () => {
  const server = await startLocalRegistry();
  try {
    const npm = npmRegistry({ baseUrl: server.url });
    assert.deepEqual(await npm.lookup("lodash"), {
      status: "exists",
      createdAt: "2012-04-23T16:37:11.912Z",
      versions: 2,
    });
    assert.deepEqual(await npm.lookup("@types/node"), {
      status: "exists",
      createdAt: "2012-12-10T16:05:00.000Z",
      versions: 1,
    });
    assert.equal((await npm.lookup("lodahs")).status, "missing");
    assert.deepEqual(await npm.lookup("gone-pkg"), {
      status: "missing",
      reason: "unpublished from npm",
    });

    const pypi = pypiRegistry({ baseUrl: `${server.url}/` });
    assert.deepEqual(await pypi.lookup("requests"), {
      status: "exists",
      createdAt: "2011-02-14T16:22:14.000Z",
      versions: 2,
    });
    assert.equal((await pypi.lookup("reqeusts")).status, "missing");

    const crates = cratesRegistry({ baseUrl: server.url });
    assert.deepEqual(await crates.lookup("serde"), {
      status: "exists",
      createdAt: "2014-12-05T20:20:39.487Z",
      versions: 2,
    });
    const missing = await crates.lookup("serde-jsonn");
    assert.equal(missing.status, "missing");
    assert.match(missing.status === "missing" ? missing.reason : "", /404/);

    assert.deepEqual(server.requests, [
      "/lodash",
      "/@types%2Fnode",
      "/lodahs",
      "/gone-pkg",
      "/pypi/requests/json",
      "/pypi/reqeusts/json",
      "/api/v1/crates/serde",
      "/api/v1/crates/serde-jsonn",
    ]);
  } finally {
    await server.close();
  }
});

Deno.test("registries: 5xx, 429, malformed JSON and timeouts are unknown, never missing", async () => {
  const server = await startLocalRegistry();
  try {
    const npm = npmRegistry({ baseUrl: server.url, timeoutMs: 200 });
    const answers = {
      error: await npm.lookup("error-pkg"),
      limited: await npm.lookup("limited-pkg"),
      broken: await npm.lookup("broken-pkg"),
      slow: await npm.lookup("slow-pkg"),
    };
    for (const [what, answer] of Object.entries(answers)) {
      assert.equal(answer.status, "unknown", what);
    }
    const reasons = Object.values(answers).map((a) => a.status === "unknown" ? a.reason : "");
    assert.match(reasons[0], /HTTP 500/);
    assert.match(reasons[1], /HTTP 429/);
    assert.match(reasons[2], /malformed JSON/);
    assert.match(reasons[3], /within 200 ms/);
    // JSON that is not the registry's shape.
    for (const registry of [npm, pypiRegistry({ baseUrl: server.url })]) {
      const answer = await registry.lookup("shapeless-pkg");
      assert.equal(answer.status, "unknown");
      assert.match(
        answer.status === "unknown" ? answer.reason : "",
        /without the registry's fields/,
      );
    }
  } finally {
    await server.close();
  }
});

Deno.test("registries: an unreachable registry is unknown", async () => {
  // A port that was just free: nothing listens there.
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const registries = defaultRegistries({
    timeoutMs: 1000,
    baseUrls: {
      npm: `http://127.0.0.1:${port}`,
      pypi: `http://127.0.0.1:${port}`,
      crates: `http://127.0.0.1:${port}`,
    },
  });
  for (const registry of Object.values(registries)) {
    const answer = await registry.lookup("anything");
    assert.equal(answer.status, "unknown", registry.ecosystem);
    assert.match(answer.status === "unknown" ? answer.reason : "", /could not be reached/);
  }
});

Deno.test("registries: a cancelled lookup is unknown", async () => {
  const server = await startLocalRegistry();
  try {
    const controller = new AbortController();
    const pending = npmRegistry({ baseUrl: server.url }).lookup("slow-pkg", controller.signal);
    controller.abort();
    assert.deepEqual(await pending, { status: "unknown", reason: "the lookup was cancelled" });
  } finally {
    await server.close();
  }
});

Deno.test("registries: default hosts", () => {
  const registries = defaultRegistries();
  assert.deepEqual(
    Object.values(registries).map((r) => r.host),
    ["registry.npmjs.org", "pypi.org", "crates.io"],
  );
});
