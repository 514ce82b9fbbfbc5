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
    ["/var/folders/ab/T/x", "temp", false, true],
    ["/var/folders/ab/T/x", "system", false, false],
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

Deno.test("resolvePlace: a glob before the last segment keeps the path below its folder", () => {
  assert.equal(resolvePlace("*/.git", ctx)?.path, "/home/user/project/*/.git");
  assert.equal(isPlace(resolvePlace("*/.git", ctx)!.path, "workspace", ctx), false);
  assert.equal(inPlace(resolvePlace("*/.git", ctx)!.path, "workspace", ctx), true);
  assert.equal(resolvePlace("/home/*", ctx)?.path, "/home");
  assert.equal(resolvePlace("build/*/", ctx)?.path, "/home/user/project/build");
});

Deno.test("resolvePlace: base is where relative paths resolve (after cd)", () => {
  assert.equal(
    resolvePlace("*", { ...ctx, base: "/home/user/project/build" })?.path,
    "/home/user/project/build",
  );
  assert.equal(resolvePlace("x", { ...ctx, base: null }), undefined, "unknown base");
  assert.equal(resolvePlace("/etc", { ...ctx, base: null })?.path, "/etc", "absolute ignores base");
});

Deno.test("resolvePlace and places: Windows paths", () => {
  const cases: [string, string | undefined][] = [
    ["C:\\", "C:/"],
    ["c:/Users/me/", "C:/Users/me"],
    ["E:\\<folder>\\SS", "E:/<folder>/SS"],
    ["C:\\Users\\me\\*", "C:/Users/me"],
    ["C:", "C:/"],
    ["$env:USERPROFILE", "/home/user"],
    ["%USERPROFILE%\\x", "/home/user/x"],
    ["%APPDATA%\\x", undefined],
  ];
  for (const [raw, want] of cases) assert.equal(resolvePlace(raw, ctx)?.path, want, raw);
  const table: [string, Place, boolean, boolean][] = [
    ["C:/", "root", true, true],
    ["C:/Users/me", "home", true, true],
    ["C:/Users/Public", "home", false, true],
    ["C:/Windows", "system", true, true],
    ["C:/Windows/System32/drivers", "system", false, true],
    ["C:/Program Files/App", "system", false, true],
    ["C:/Users/me/project", "system", false, false],
    ["C:/Windows/Temp/x", "temp", false, true],
    ["E:/data", "outside_workspace", true, true],
  ];
  for (const [path, place, is, inside] of table) {
    assert.equal(isPlace(path, place, ctx), is, `${path} is ${place}`);
    assert.equal(inPlace(path, place, ctx), inside, `${path} in ${place}`);
  }
  const win = { cwd: "C:\\Users\\me\\project", home: "C:/Users/me" };
  assert.equal(resolvePlace("dist", win)?.path, "C:/Users/me/project/dist");
  assert.equal(inPlace("c:/users/me/project/dist", "workspace", win), true);
  assert.equal(isPlace("C:/Users/me/project", "workspace", win), true);
  assert.equal(inPlace("D:/other", "outside_workspace", win), true);
});

Deno.test("places: device is a storage or memory device, not a harmless character device", () => {
  for (
    const path of ["/dev/sda", "/dev/nvme0n1p1", "/dev/mmcblk0", "/dev/mapper/root", "/dev/mem"]
  ) {
    assert.equal(isPlace(path, "device", ctx), true, path);
  }
  for (
    const path of [
      "/dev/null",
      "/dev/zero",
      "/dev/stdout",
      "/dev/stderr",
      "/dev/tty",
      "/dev/pts/0",
      "/dev/fd/3",
      "/dev/shm/x",
      "/dev/tcp/h/80",
      "/dev/urandom",
    ]
  ) {
    assert.equal(isPlace(path, "device", ctx), false, path);
  }
});

Deno.test("places: cache holds package-manager caches and regenerable build output", () => {
  const inside = [
    "/home/user/.cache/pip",
    "/home/user/.npm/_cacache",
    "/home/user/Library/Caches/x",
    "/home/user/.gradle/caches/8.0",
    "/home/user/other/node_modules",
    "/home/user/other/dist",
    "/srv/app/node_modules/x",
    "/root/.cache",
  ];
  for (const path of inside) assert.equal(inPlace(path, "cache", ctx), true, path);
  const outside = [
    "/home/user/.ssh",
    "/home/user/Documents",
    "/build",
    "/home/user/.config",
    "/etc",
  ];
  for (const path of outside) assert.equal(inPlace(path, "cache", ctx), false, path);
  assert.equal(isPlace("/home/user/other/node_modules", "cache", ctx), true);
  assert.equal(isPlace("/home/user/other/node_modules/x", "cache", ctx), false);
});
