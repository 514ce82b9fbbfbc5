import assert from "node:assert/strict";
import { asLookup, cacheKey, DEFAULT_TTLS, MemoryCache, ttlOf } from "./cache.ts";

Deno.test("MemoryCache: values expire after their TTL and are copies", async () => {
  let now = 1_000;
  const cache = new MemoryCache({ now: () => now });
  const value = { status: "exists", versions: 3 };
  await cache.set("npm:x", value, 500);
  value.versions = 4;
  assert.deepEqual(await cache.get("npm:x"), { status: "exists", versions: 3 });
  now = 1_499;
  assert.notEqual(await cache.get("npm:x"), undefined);
  now = 1_500;
  assert.equal(await cache.get("npm:x"), undefined);
  assert.equal(cache.size, 0);
  assert.equal(await cache.get("never-set"), undefined);
});

Deno.test("MemoryCache: bounded, the oldest entry goes first", async () => {
  const cache = new MemoryCache({ maxEntries: 2 });
  await cache.set("a", 1, 60_000);
  await cache.set("b", 2, 60_000);
  await cache.set("a", 3, 60_000); // rewritten: now the newest
  await cache.set("c", 4, 60_000);
  assert.equal(cache.size, 2);
  assert.equal(await cache.get("b"), undefined);
  assert.equal(await cache.get("a"), 3);
  assert.equal(await cache.get("c"), 4);
});

Deno.test("asLookup and ttlOf: only registry answers, unknown never cached", () => {
  assert.deepEqual(asLookup({ status: "exists", createdAt: "2020-01-01T00:00:00.000Z" }), {
    status: "exists",
    createdAt: "2020-01-01T00:00:00.000Z",
  });
  assert.deepEqual(asLookup({ status: "missing", reason: "404" }), {
    status: "missing",
    reason: "404",
  });
  for (const junk of [undefined, null, 3, "exists", { status: "unknown", reason: "x" }, {}]) {
    assert.equal(asLookup(junk), undefined);
  }
  assert.equal(ttlOf({ status: "exists" }), DEFAULT_TTLS.existsMs);
  assert.equal(ttlOf({ status: "missing", reason: "" }), DEFAULT_TTLS.missingMs);
  assert.equal(ttlOf({ status: "unknown", reason: "" }), undefined);
  assert.equal(cacheKey("npm", "@types/node"), "npm:@types/node");
});
