import assert from "node:assert/strict";
import { inPlace, isPlace, type Place, resolvePlace } from "./places.ts";

const ctx = { cwd: "/home/user/project", home: "/home/user" };

Deno.test("resolvePlace expands ~ and $HOME, resolves against cwd, cuts globs", () => {
  const cases: [string, string | undefined][] = [
    ["/", "/"],
    ["/*", "/"],
    ["~", "/home/user"],
    ["~/", "/home/user"],
    ["~/*", "/home/user"],
    ["$HOME", "/home/user"],
    ["${HOME}/.ssh", "/home/user/.ssh"],
    [".", "/home/user/project"],
    ["*", "/home/user/project"],
    ["build/", "/home/user/project/build"],
    ["../", "/home/user"],
    ["../../..", "/"],
    ["/etc/../usr//lib/", "/usr/lib"],
    ["$DIR/x", undefined],
    ["$(pwd)", undefined],
    ["", undefined],
  ];
  for (const [raw, want] of cases) assert.equal(resolvePlace(raw, ctx)?.path, want, raw);
  assert.equal(resolvePlace("x", { home: "/h" }), undefined, "relative without cwd");
});

Deno.test("places: is and in", () => {
  const table: [string, Place, boolean, boolean][] = [
    // path, place, is, in
    ["/", "root", true, true],
    ["/home/user", "home", true, true],
    ["/home/other", "home", true, true],
    ["/root", "home", true, true],
    ["/home/user/project", "home", false, true],
    ["/etc", "system", true, true],
    ["/etc/nginx", "system", false, true],
    ["/usr/local", "system", true, true],
    ["/tmp/x", "system", false, false],
    ["/home/user/x", "system", false, false],
    ["/home/user/project", "workspace", true, true],
    ["/home/user/project/src", "workspace", false, true],
    ["/home/user/projectx", "workspace", false, false],
    ["/home/user", "outside_workspace", true, true],
    ["/home/user/project/a", "outside_workspace", false, false],
    ["/home/user/project/.git", "git_dir", true, true],
    ["/home/user/project/.git/refs", "git_dir", false, true],
    ["/tmp", "temp", true, true],
    ["/dev/sda", "device", true, true],
    ["/dev/null", "device", false, false],
  ];
  for (const [path, place, is, inside] of table) {
    assert.equal(isPlace(path, place, ctx), is, `${path} is ${place}`);
    assert.equal(inPlace(path, place, ctx), inside, `${path} in ${place}`);
  }
});

Deno.test("places: a project under /root is not a system folder when home is /root", () => {
  const root = { cwd: "/root/project", home: "/root" };
  assert.equal(inPlace("/root/project/build", "system", root), false);
  assert.equal(isPlace("/root", "home", root), true);
});
