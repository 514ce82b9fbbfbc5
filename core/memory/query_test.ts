import assert from "node:assert/strict";
import { keys, openStore } from "../store.ts";
import { listPatterns, parseSince } from "./query.ts";
import type { FailurePattern } from "./types.ts";

const NOW = new Date("2026-03-10T00:00:00Z");

function pattern(id: string, fields: Partial<FailurePattern>): FailurePattern {
  return {
    id,
    category: "other",
    text: `text ${id}`,
    description: "",
    features: ["f"],
    occurrences: 1,
    firstSeen: "2026-03-01T00:00:00.000Z",
    lastSeen: "2026-03-01T00:00:00.000Z",
    source: "manual",
    scope: "global",
    ...fields,
  };
}

Deno.test("listPatterns filters, sorts and limits learned patterns from a real KV", async () => {
  using store = await openStore({ path: ":memory:" });
  const patterns = [
    pattern("a", { occurrences: 3, lastSeen: "2026-03-09T00:00:00.000Z", text: "npm run deploy" }),
    pattern("b", {
      occurrences: 7,
      category: "hallucinated_package",
      source: "tool_failure",
      tool: "Bash",
      text: "pip install reqeusts",
    }),
    pattern("c", {
      occurrences: 3,
      lastSeen: "2026-03-05T00:00:00.000Z",
      scope: "project",
      cwd: "/repo",
      description: "Deploy script missing",
    }),
    pattern("d", { scope: "project", cwd: "/other", firstSeen: "2026-03-08T00:00:00.000Z" }),
  ];
  for (const p of patterns) await store.set(keys.pattern(p.id), p);
  const ids = async (filter: Parameters<typeof listPatterns>[1]) =>
    (await listPatterns(store, filter, NOW)).patterns.map((p) => p.id);

  assert.deepEqual(await ids({}), ["b", "a", "c", "d"]); // occurrences, then last seen
  assert.deepEqual(await ids({ sort: "last_seen" }), ["a", "c", "b", "d"]);
  assert.deepEqual(await ids({ sort: "first_seen" }), ["d", "b", "a", "c"]);
  assert.deepEqual(await ids({ category: "hallucinated_package" }), ["b"]);
  assert.deepEqual(await ids({ source: "tool_failure" }), ["b"]);
  assert.deepEqual(await ids({ scope: "project" }), ["c", "d"]);
  assert.deepEqual(await ids({ cwd: "/repo" }), ["b", "a", "c"]);
  assert.deepEqual(await ids({ query: "DEPLOY" }), ["a", "c"]); // text or description
  assert.deepEqual(await ids({ since: "4d" }), ["a"]); // last seen on or after 03-06
  assert.deepEqual(await ids({ since: "2026-03-05" }), ["a", "c"]);
  assert.deepEqual(await ids({ minOccurrences: 3, limit: 2 }), ["b", "a"]);
  const list = await listPatterns(store, { minOccurrences: 3, limit: 1 }, NOW);
  assert.deepEqual({ stored: list.stored, matching: list.matching }, { stored: 4, matching: 3 });
  assert.ok(!("features" in list.patterns[0]));
  await assert.rejects(() => listPatterns(store, { since: "yesterday" }), /ISO 8601/);
});

Deno.test("parseSince reads ages and dates", () => {
  assert.equal(parseSince("90m", NOW).toISOString(), "2026-03-09T22:30:00.000Z");
  assert.equal(parseSince("2w", NOW).toISOString(), "2026-02-24T00:00:00.000Z");
  assert.equal(parseSince("2026-03-01T12:00:00Z", NOW).toISOString(), "2026-03-01T12:00:00.000Z");
  assert.throws(() => parseSince("7 days", NOW), /an age such as/);
});
