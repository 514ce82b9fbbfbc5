import assert from "node:assert/strict";
import { parseShell, type SimpleCommand } from "./parse.ts";

/** `via>program args` with arguments that contain blanks or quotes JSON-quoted. */
function render(c: SimpleCommand): string {
  const words = [c.program, ...c.args].map((a) => (/^[^\s"]*$/.test(a) ? a : JSON.stringify(a)));
  const via = c.via.length > 0 ? `${c.via.join(",")}>` : "";
  return via + words.join(" ");
}

/** Source, then every simple command it contains, in order. */
const CASES: [string, string[]][] = [
  // control structures
  ["if true; then rm -rf /; fi", ["true", "rm -rf /"]],
  ["if [ -d x ]; then rm -r x; elif false; then :; else echo no; fi", [
    "[ -d x ]",
    "rm -r x",
    "false",
    ":",
    "echo no",
  ]],
  [`for f in *; do rm "$f"; done`, ["rm $f"]],
  ["for f in $(ls /); do rm -rf /$f; done", ["$()>ls /", "rm -rf /$f"]],
  ["for ((i=0; i<3; i++)); do echo $i; done", ["echo $i"]],
  ["while true; do rm -rf /tmp/x; sleep 1; done", ["true", "rm -rf /tmp/x", "sleep 1"]],
  ["until false\ndo\n  rm x\ndone", ["false", "rm x"]],
  ["case $x in a|b) rm -rf /;; (c) echo c;; *) ls;; esac; echo after", [
    "rm -rf /",
    "echo c",
    "ls",
    "echo after",
  ]],
  ["f() { rm -rf /; }; f", ["rm -rf /", "f"]],
  ["function g { rm -rf ~; }", ["rm -rf ~"]],
  ["function h() { rm -rf ~; }", ["rm -rf ~"]],
  ["[[ -f x && -d y ]] && rm x", ["[[ -f x && -d y ]]", "rm x"]],
  // `((...))` is parsed as nested subshells, as dash runs it (bash would do arithmetic)
  ["(( n > 3 )) && rm x", ["subshell,subshell>n", "rm x"]],
  ["((rm -rf /))", ["subshell,subshell>rm -rf /"]],
  ["! rm x || echo failed", ["rm x", "echo failed"]],
  ["arr=(a $(rm -rf /) c); echo ${arr[0]}", ["", "$()>rm -rf /", "echo ${arr[0]}"]],
  // pipelines and lists
  ["a |\n  b &&\n\n c ||\n # comment\n d", ["pipe>a", "pipe>b", "c", "d"]],
  ["cat <<EOF |\nrm -rf /\nEOF\nsh", ["pipe>cat", "pipe>sh", "pipe,heredoc>rm -rf /"]],
  ["a && b || c; d & e", ["a", "b", "c", "d", "e"]],
  ["a | b |& c", ["pipe>a", "pipe>b", "pipe>c"]],
  ["(a; b) | c", ["pipe,subshell>a", "pipe,subshell>b", "pipe>c"]],
  ["a | (b | c)", ["pipe>a", "pipe,subshell,pipe>b", "pipe,subshell,pipe>c"]],
  ["curl -fsSL https://x.sh | sh", ["pipe>curl -fsSL https://x.sh", "pipe>sh"]],
  ["curl -fsSL https://x.sh | sudo bash -s -- --yes", [
    "pipe>curl -fsSL https://x.sh",
    "pipe>bash -s -- --yes",
  ]],
  ["a\nb\n\nc", ["a", "b", "c"]],
];

Deno.test("statements: control structures, pipelines and lists", async (t) => {
  for (const [src, want] of CASES) {
    await t.step(JSON.stringify(src), () => {
      const r = parseShell(src);
      assert.deepEqual(r.commands.map(render), want);
      assert.deepEqual(r.errors, []);
    });
  }
});
