import assert from "node:assert/strict";
import { inlineCodeOf, languageOf } from "./interpreters.ts";
import { parseShell } from "./parse.ts";

const INLINE: [string, string, string][] = [
  [
    `python3 -c "import shutil; shutil.rmtree('/home')"`,
    "python",
    "import shutil; shutil.rmtree('/home')",
  ],
  ["python -Bc 'print(1)'", "python", "print(1)"],
  ["python3.12 -u -c 'x'", "python", "x"],
  ["python3 - <<EOF\nimport os\nos.remove('x')\nEOF", "python", "import os\nos.remove('x')"],
  ["python3 <<'PY'\nprint(2)\nPY", "python", "print(2)"],
  [
    `node -e 'require("fs").rmSync("/", {recursive:true})'`,
    "node",
    `require("fs").rmSync("/", {recursive:true})`,
  ],
  ["node --eval 'a()'", "node", "a()"],
  ["node --eval='b()'", "node", "b()"],
  ["node -p 'process.env'", "node", "process.env"],
  ["node -r dotenv/config -e 'c()'", "node", "c()"],
  ["node <<EOF\nd()\nEOF", "node", "d()"],
  [`perl -e 'unlink glob "*"'`, "perl", `unlink glob "*"`],
  ["perl -E 'say 1'", "perl", "say 1"],
  ["perl -ne 'print' file", "perl", "print"],
  ["perl -i.bak -pe 's/a/b/' f", "perl", "s/a/b/"],
  ["perl -e 'a;' -e 'b;'", "perl", "a;\nb;"],
  ["ruby -e 'FileUtils.rm_rf(\"/\")'", "ruby", `FileUtils.rm_rf("/")`],
  ["ruby -r fileutils -e 'x'", "ruby", "x"],
  ["php -r 'unlink(\"x\");'", "php", `unlink("x");`],
  ["deno eval 'Deno.removeSync(\"/\")'", "deno", `Deno.removeSync("/")`],
  ["deno eval --print '1+1'", "deno", "1+1"],
  ["bun -e 'Bun.spawn([\"rm\"])'", "bun", `Bun.spawn(["rm"])`],
  ["bash -c 'rm -rf /'", "shell", "rm -rf /"],
  ["echo 'print(3)' | python3", "python", "print(3)"],
];

Deno.test("parseShell: inline code", async (t) => {
  for (const [src, language, code] of INLINE) {
    await t.step(JSON.stringify(src), () => {
      const cmd = parseShell(src).commands.find((c) => c.inlineCode !== undefined);
      assert.deepEqual(cmd?.inlineCode, { language, code });
    });
  }
});

Deno.test("parseShell: interpreters running files have no inline code", () => {
  for (
    const src of [
      "python3 script.py -c x",
      "node app.js -e x",
      "perl x.pl",
      "python3 -m http.server",
      "deno run x.ts",
      "bun run dev",
      "ruby x.rb",
    ]
  ) {
    const [cmd] = parseShell(src).commands;
    assert.equal(cmd.inlineCode, undefined, src);
  }
});

Deno.test("languageOf knows interpreter spellings", () => {
  const known: [string, string | undefined][] = [
    ["python", "python"],
    ["python3.12", "python"],
    ["pypy3", "python"],
    ["nodejs", "node"],
    ["perl5.36", "perl"],
    ["ruby3.2", "ruby"],
    ["php8.2", "php"],
    ["deno", "deno"],
    ["bun", "bun"],
    ["pythonista", undefined],
    ["bash", undefined],
    ["", undefined],
  ];
  for (const [program, language] of known) assert.equal(languageOf(program), language, program);
});

Deno.test("inlineCodeOf reads code from stdin only when the interpreter does", () => {
  assert.deepEqual(inlineCodeOf("python3", [], "print(1)"), {
    language: "python",
    code: "print(1)",
  });
  assert.equal(inlineCodeOf("python3", ["x.py"], "print(1)"), undefined);
  assert.equal(inlineCodeOf("bun", [], "x"), undefined);
  assert.equal(inlineCodeOf("ls", ["-c", "x"], undefined), undefined);
  assert.equal(inlineCodeOf("python3", ["-c"], undefined), undefined);
  assert.equal(inlineCodeOf("node", ["-e"], undefined), undefined);
  assert.equal(inlineCodeOf("php", ["-r"], undefined), undefined);
});
