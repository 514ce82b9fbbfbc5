import assert from "node:assert/strict";
import * as node from "node:path";
import { basename, dirname, isAbsolute, join, normalize, resolve } from "./posix_path.ts";

const paths = [
  "/",
  "//",
  "/etc/../usr//lib/",
  "a/./b/..",
  "../../x",
  "/../..",
  "a/../..",
  ".",
  "",
  "/home/user/project/",
  "x//y/./z/../w",
];

Deno.test("posix_path agrees with node:path on normalize, dirname, basename, isAbsolute", () => {
  for (const p of paths) {
    if (p === "") continue;
    const expected = node.posix.normalize(p).replace(/(.)\/$/, "$1");
    assert.equal(normalize(p), expected, `normalize ${p}`);
    assert.equal(normalize(dirname(p)), normalize(node.posix.dirname(p)), `dirname ${p}`);
    assert.equal(basename(p), node.posix.basename(p), `basename ${p}`);
    assert.equal(isAbsolute(p), node.posix.isAbsolute(p), `isAbsolute ${p}`);
  }
});

Deno.test("posix_path join and resolve", () => {
  assert.equal(join("/home/user", "project", "../x"), "/home/user/x");
  assert.equal(join("a", "", "b"), "a/b");
  assert.equal(resolve("/a", "b", "../c"), "/a/c");
  assert.equal(resolve("/a", "/b", "c"), "/b/c");
  assert.equal(resolve("x"), node.resolve("x"));
});
