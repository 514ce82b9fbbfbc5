import assert from "node:assert/strict";
import { flagValue, flagValues, hasAnyFlag, hasFlag, positionals } from "./flags.ts";

const HAS: [string[], string, boolean][] = [
  [["-rf", "/"], "-r", true],
  [["-rf", "/"], "-f", true],
  [["-fr", "~"], "-r", true],
  [["-r", "-f", "/"], "-f", true],
  [["-Rf", "/"], "-r", false],
  [["-Rf", "/"], "-R", true],
  [["-v", "/"], "-r", false],
  [["--recursive", "--force", "/"], "--recursive", true],
  [["--force=yes"], "--force", true],
  [["--forced"], "--force", false],
  [["--force"], "-f", false],
  [["-f"], "--force", false],
  [["-5"], "-5", true],
  [["-15"], "-5", false],
  [["-n5"], "-5", true],
  [["-x1"], "-1", true],
  [["-r/tmp"], "-r", false],
  [["--", "-rf"], "-r", false],
  [["a", "--", "--force"], "--force", false],
  [[".", "-name", "*.log", "-delete"], "-delete", true],
  [[".", "-deleted"], "-delete", false],
  [["-delete"], "-d", true],
  [["-exec", "rm"], "-exec", true],
  [["--no-preserve-root", "/"], "--no-preserve-root", true],
  [["push", "--force-with-lease"], "--force", false],
  [["push", "--force-with-lease"], "--force-with-lease", true],
  [[], "-r", false],
  [["-"], "-r", false],
  [["rf"], "-r", false],
];

Deno.test("hasFlag", async (t) => {
  for (const [args, spec, want] of HAS) {
    await t.step(`${JSON.stringify(args)} ${spec}`, () => {
      assert.equal(hasFlag(args, spec), want);
    });
  }
});

Deno.test("hasAnyFlag", () => {
  assert.ok(hasAnyFlag(["-fr"], ["-r", "-R", "--recursive"]));
  assert.ok(hasAnyFlag(["--recursive"], ["-r", "-R", "--recursive"]));
  assert.ok(!hasAnyFlag(["-v"], ["-r", "-R", "--recursive"]));
  assert.ok(!hasAnyFlag(["-r"], []));
});

const VALUE: [string[], string, string | undefined][] = [
  [["-n", "10", "f"], "-n", "10"],
  [["-n10", "f"], "-n", "10"],
  [["-xf", "a.tar"], "-f", "a.tar"],
  [["-C/tmp", "status"], "-C", "/tmp"],
  [["--git-dir=x", "push"], "--git-dir", "x"],
  [["--git-dir", "x", "push"], "--git-dir", "x"],
  [[".", "-name", "*.log"], "-name", "*.log"],
  [["-n"], "-n", undefined],
  [["--", "-n", "1"], "-n", undefined],
  [["-5"], "-5", undefined],
  [["-m", "a message"], "-m", "a message"],
  [["-am", "fix"], "-m", "fix"],
  [["--message=fix: x=y"], "--message", "fix: x=y"],
  [["-v"], "-n", undefined],
  [["-x y z"], "-z", undefined],
];

Deno.test("flagValue", async (t) => {
  for (const [args, spec, want] of VALUE) {
    await t.step(`${JSON.stringify(args)} ${spec}`, () => {
      assert.equal(flagValue(args, spec), want);
    });
  }
});

Deno.test("flagValues lists every occurrence", () => {
  assert.deepEqual(flagValues(["-e", "a", "-e", "b", "-eC"], "-e"), ["a", "b", "C"]);
  assert.deepEqual(flagValues(["--x=1", "--x", "2"], "--x"), ["1", "2"]);
  assert.deepEqual(flagValues([], "--x"), []);
});

const POSITIONALS: [string[], string[], string[]][] = [
  [["-rf", "/", "~"], [], ["/", "~"]],
  [["-n", "10", "file"], ["-n"], ["file"]],
  [["-n", "10", "file"], [], ["10", "file"]],
  [["-n10", "file"], ["-n"], ["file"]],
  [["-vn", "10", "file"], ["-n"], ["file"]],
  [["-C", "dir", "push", "origin"], ["-C"], ["push", "origin"]],
  [["--git-dir=x", "push"], ["--git-dir"], ["push"]],
  [["--git-dir", "x", "push"], ["--git-dir"], ["push"]],
  [[".", "-name", "*.log", "-delete"], ["-name"], ["."]],
  [["--", "-rf", "-"], [], ["-rf", "-"]],
  [["-", "a"], [], ["-", "a"]],
  [["-5", "x"], [], ["x"]],
  [[], ["-n"], []],
];

Deno.test("positionals", async (t) => {
  for (const [args, valued, want] of POSITIONALS) {
    await t.step(`${JSON.stringify(args)} valued=${valued.join(",")}`, () => {
      assert.deepEqual(positionals(args, { valued }), want);
    });
  }
  assert.deepEqual(positionals(["-f", "x"]), ["x"]);
});
