import assert from "node:assert/strict";
import { join } from "node:path";
import { openStore } from "../store.ts";
import { keys } from "../store_schema.ts";
import { learnFailure, patternId } from "./learn.ts";
import { markerPath, memoryMayHavePatterns } from "./marker.ts";
import { BANDS } from "./minhash.ts";
import { loadModel } from "./model.ts";
import type { FailurePattern } from "./types.ts";

Deno.test("learnFailure creates a pattern with its LSH entries, then counts recurrences", async () => {
  using store = await openStore({ path: ":memory:" });
  const first = await learnFailure(store, {
    category: "destructive_command",
    text: "rm -rf /tmp/build-17/out",
    description: "deleted the build cache the other job needed",
    suggestion: "delete only your own output folder",
    source: "manual",
    scope: "global",
    at: "2025-01-01T10:00:00.000Z",
  });
  assert.equal(first.created, true);
  assert.equal(first.pattern.occurrences, 1);
  assert.deepEqual(first.pattern.features, ["_path_", "rf", "rm"]);
  const lsh = await store.list<string[]>([keys.prefix.lsh]);
  assert.equal(lsh.length, BANDS);
  assert.ok(lsh.every((e) => e.value.length === 1 && e.value[0] === first.pattern.id));
  assert.equal(await store.counter(keys.counter("memory.patterns")), 1n);

  // Another path and number: the same failure.
  const again = await learnFailure(store, {
    category: "destructive_command",
    text: "rm -rf /var/tmp/build-99/out",
    description: "again",
    scope: "global",
    at: "2025-01-03T10:00:00.000Z",
  });
  assert.equal(again.created, false);
  assert.equal(again.pattern.id, first.pattern.id);
  assert.equal(again.pattern.occurrences, 2);
  assert.equal(again.pattern.firstSeen, "2025-01-01T10:00:00.000Z");
  assert.equal(again.pattern.lastSeen, "2025-01-03T10:00:00.000Z");
  assert.equal(again.pattern.description, "again");
  assert.equal(again.pattern.suggestion, "delete only your own output folder");
  assert.equal(again.pattern.text, "rm -rf /tmp/build-17/out", "the first text is kept");
  assert.equal((await store.list([keys.prefix.patterns])).length, 1);
  assert.equal((await store.list([keys.prefix.lsh])).length, BANDS, "no new index entries");
  assert.equal(await store.counter(keys.counter("memory.patterns")), 1n);
  const stored = await store.get<FailurePattern>(keys.pattern(first.pattern.id));
  assert.equal(stored.value?.occurrences, 2);

  // An older incident (import) moves firstSeen back; occurrences merge.
  const imported = await learnFailure(store, {
    category: "destructive_command",
    text: "rm -rf /tmp/build-17/out",
    scope: "global",
    source: "import",
    occurrences: 5,
    firstSeen: "2024-12-01T00:00:00.000Z",
    at: "2024-12-20T00:00:00.000Z",
  });
  assert.equal(imported.pattern.occurrences, 7);
  assert.equal(imported.pattern.firstSeen, "2024-12-01T00:00:00.000Z");
  assert.equal(imported.pattern.lastSeen, "2025-01-03T10:00:00.000Z");
  assert.equal(imported.pattern.source, "manual", "the first source is kept");

  const model = await loadModel(store);
  assert.equal(model.positives, 1 + 1 + 5);
});

Deno.test("learnFailure: scope, workspace and category make different patterns", async () => {
  using store = await openStore({ path: ":memory:" });
  const text = "npm run deploy";
  const a = await learnFailure(store, { category: "other", text, cwd: "/repo/a" });
  const b = await learnFailure(store, { category: "other", text, cwd: "/repo/b" });
  const c = await learnFailure(store, { category: "other", text, scope: "global", cwd: "/x" });
  const d = await learnFailure(store, { category: "scope_drift", text, scope: "global" });
  assert.equal(a.pattern.scope, "project");
  assert.equal(a.pattern.cwd, "/repo/a");
  assert.equal(c.pattern.cwd, undefined, "a global pattern keeps no workspace");
  assert.equal(new Set([a, b, c, d].map((r) => r.pattern.id)).size, 4);
  assert.ok([a, b, c, d].every((r) => r.created));
  assert.equal(await patternId("global", "/x", "other", text), c.pattern.id);
});

Deno.test("learnFailure rejects bad input with INPUT_INVALID", async () => {
  using store = await openStore({ path: ":memory:" });
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ category: "nope", text: "x y" }, /category must be one of/],
    [{ category: "other", text: "   " }, /text is empty/],
    [{ category: "other", text: "42 /tmp/x" }, /no word to match on/],
    [{ category: "other", text: "ok text", occurrences: 0 }, /occurrences must be/],
    [{ category: "other", text: "ok text", at: "yesterday" }, /"at" is not a date/],
    [{ category: "other", text: "ok text", scope: "team" }, /scope must be/],
  ];
  for (const [input, message] of cases) {
    await assert.rejects(
      // deno-lint-ignore no-explicit-any
      () => learnFailure(store, input as any),
      (error: Error & { code?: string }) =>
        error.code === "INPUT_INVALID" && message.test(error.message),
    );
  }
  assert.equal((await store.list([keys.prefix.patterns])).length, 0);
});

Deno.test("learnFailure creates the memory marker beside a store file", async () => {
  const dir = await Deno.makeTempDir({ prefix: "taskorch_learn_" });
  const path = join(dir, "t.kv");
  try {
    using store = await openStore({ path });
    assert.equal(memoryMayHavePatterns(path), false);
    await learnFailure(store, { category: "other", text: "cargo publish", scope: "global" });
    assert.equal(memoryMayHavePatterns(path), true);
    assert.ok((await Deno.stat(markerPath(path)!)).isFile);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("learnFailure: similar patterns written at once through two connections share buckets without losing one", async () => {
  const dir = await Deno.makeTempDir();
  const path = join(dir, "taskorch.kv");
  using a = await openStore({ path });
  using b = await openStore({ path });
  // Near-identical failures: they land in the same buckets in most bands.
  const texts = Array.from(
    { length: 16 },
    (_, i) => `docker compose down volumes postgres staging service${"abcdefghijklmnop"[i]}`,
  );
  const results = await Promise.all(
    texts.map((text, i) =>
      learnFailure(i % 2 === 0 ? a : b, { category: "destructive_command", text, scope: "global" })
    ),
  );
  assert.ok(results.every((r) => r.created));
  const buckets = await a.list<string[]>([keys.prefix.lsh]);
  const indexed = new Set(buckets.flatMap((entry) => entry.value));
  for (const { pattern } of results) {
    const bands = buckets.filter((entry) => entry.value.includes(pattern.id)).length;
    assert.equal(bands, BANDS, `pattern ${pattern.id} is in every band's bucket`);
  }
  assert.equal(indexed.size, texts.length);
  assert.equal(await a.counter(keys.counter("memory.patterns")), BigInt(texts.length));
  await Deno.remove(dir, { recursive: true });
});
