import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { type SandboxReport, startPlugin } from "../sandbox.ts";
import { openStore } from "../store.ts";
import { keys } from "../store_schema.ts";
import { KvPluginCache } from "./kv_cache.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const FIXTURE = `${ROOT}tests/fixtures/plugins/cache_guard.ts`;
const CONFIG = `${ROOT}deno.json`;
const prompt = (text: string) => ({ hook_event_name: "UserPromptSubmit", prompt: text });

Deno.test("KvPluginCache: namespaced entries expire by their own clock (KV expiry is lazy)", async () => {
  using store = await openStore({ path: ":memory:" });
  let now = 1_000;
  const cache = new KvPluginCache(store, { now: () => now });
  await cache.set("plugin:a", "k", [1, 2], 500);
  assert.deepEqual(await cache.get("plugin:a", "k"), [1, 2]);
  assert.equal(await cache.get("plugin:b", "k"), undefined);
  assert.deepEqual((await store.get(keys.cache("plugin:a", "k"))).value, {
    value: [1, 2],
    expiresAt: 1_500,
  });
  now = 1_500;
  assert.equal(await cache.get("plugin:a", "k"), undefined);
  await store.set(keys.cache("plugin:a", "odd"), "not an entry");
  assert.equal(await cache.get("plugin:a", "odd"), undefined);
});

Deno.test("sandbox cache: a plugin's ctx.cache is served by the host from KV, in its namespace", async () => {
  using store = await openStore({ path: ":memory:" });
  const reports: SandboxReport[] = [];
  const start = () =>
    startPlugin(FIXTURE, {
      kind: "guard",
      config: CONFIG,
      cache: new KvPluginCache(store),
      onReport: (r) => reports.push(r),
    });
  const guard = await start();
  try {
    const said = async (text: string) => (await guard.check(prompt(text))).findings[0]?.message;
    assert.equal(await said("has"), "true");
    assert.equal(await said("get k"), "undefined");
    assert.equal(await said("set k v1"), "stored");
    assert.equal(await said("get k"), '{"value":"v1"}');
    // The host chose the namespace: plugin:<name>.
    const entry = await store.get<{ value: unknown }>(keys.cache("plugin:cache-guard", "k"));
    assert.deepEqual(entry.value?.value, { value: "v1" });
    // Concurrent requests are told apart.
    const both = await Promise.all([said("set a 1"), said("set b 2")]);
    assert.deepEqual(both, ["stored", "stored"]);
    assert.deepEqual(await Promise.all([said("get a"), said("get b")]), [
      '{"value":"1"}',
      '{"value":"2"}',
    ]);
  } finally {
    await guard.close();
  }
  // A new process (a restart, another hook run) reads what the last one stored.
  const again = await start();
  try {
    assert.equal((await again.check(prompt("get k"))).findings[0].message, '{"value":"v1"}');
  } finally {
    await again.close();
  }
  assert.deepEqual(reports.filter((r) => r.kind === "cache"), []);
});

Deno.test("sandbox cache: a too-large value, a bad ttl or a failing store is an error the plugin sees and the host reports; the process goes on", async () => {
  const reports: SandboxReport[] = [];
  let fail = false;
  const entries = new Map<string, unknown>();
  const guard = await startPlugin(FIXTURE, {
    kind: "guard",
    config: CONFIG,
    cacheMaxValueBytes: 1024,
    cache: {
      get: (namespace, key) => Promise.resolve(entries.get(`${namespace}/${key}`)),
      set: (namespace, key, value) => {
        if (fail) return Promise.reject(new Error("the disk is full"));
        entries.set(`${namespace}/${key}`, value);
        return Promise.resolve();
      },
    },
    onReport: (r) => reports.push(r),
  });
  try {
    const said = async (text: string) => (await guard.check(prompt(text))).findings[0]?.message;
    assert.match(await said("big") ?? "", /^error: .*100002 bytes of JSON; at most 1024/);
    assert.match(await said("set k v 0") ?? "", /^error: .*ttlMs must be an integer/);
    fail = true;
    assert.match(await said("set k v") ?? "", /^error: .*the disk is full/);
    fail = false;
    assert.equal(await said("set k v"), "stored");
    assert.equal(await said("get k"), '{"value":"v"}');
    assert.deepEqual([...entries.keys()], ["plugin:cache-guard/k"]);
    const cacheReports = reports.filter((r) => r.kind === "cache").map((r) => r.message);
    assert.equal(cacheReports.length, 3);
    assert.match(cacheReports[2], /ctx\.cache\.set\("k"\) failed: the disk is full/);
    assert.equal(guard.status().restarts, 0);
  } finally {
    await guard.close();
  }
});

Deno.test("sandbox cache: without a host cache, ctx.cache is absent", async () => {
  const guard = await startPlugin(FIXTURE, { kind: "guard", config: CONFIG });
  try {
    assert.equal((await guard.check(prompt("has"))).findings[0].message, "false");
  } finally {
    await guard.close();
  }
});
