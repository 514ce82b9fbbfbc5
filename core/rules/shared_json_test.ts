import assert from "node:assert/strict";
import { share, unshare } from "./shared_json.ts";

const round = (value: unknown) => unshare(JSON.parse(JSON.stringify(share(value))));

Deno.test("share lifts repeated sub-trees and unshare restores the same value", () => {
  const flags = { regex: "(?:^|\\s)-[a-zA-Z]*i|--in-place", flags: "i", note: "x".repeat(40) };
  const path = { path: { in: ["system"], not_in: ["temp"] }, glob: ["/etc/**", "/boot/**"] };
  const value = {
    rules: [
      { id: "a", match: { all: [flags, { any: [path, path] }] } },
      { id: "b", match: { all: [flags, { not: path }] }, tests: undefined },
      { id: "c", match: { regex: "short" } },
    ],
  };
  const lifted = share(value);
  assert.equal(lifted.shared.length, 2, "the two repeated trees are lifted once each");
  assert.ok(JSON.stringify(lifted).length < JSON.stringify(value).length);
  assert.deepEqual(round(value), JSON.parse(JSON.stringify(value)));
});

Deno.test("a shared sub-tree comes back as one object, nested shares included", () => {
  const inner = { regex: "i".repeat(80) };
  const outer = { any: [inner, { not: inner }] };
  const value = { x: outer, y: outer, z: [inner] };
  const restored = round(value) as { x: unknown; y: unknown; z: unknown[] };
  assert.equal(restored.x, restored.y);
  assert.equal((restored.x as { any: unknown[] }).any[0], restored.z[0]);
  assert.deepEqual(restored, JSON.parse(JSON.stringify(value)));
});

Deno.test("values without repeats, scalars and empty containers pass through unchanged", () => {
  for (const value of [null, 1, "text", [], {}, { a: [1, 2, { b: "c" }] }]) {
    assert.deepEqual(round(value), value);
  }
});
