import assert from "node:assert/strict";
import { lineColumn, parseJsonObject, readJsonFile, writeFileAtomic } from "./json_file.ts";
import { unifiedDiff } from "./text_diff.ts";

Deno.test("parseJsonObject names the file, line and column of a syntax error", () => {
  const text = '{\n  "hooks": {\n    "Stop": []\n  },\n  "model": "x",\n}\n';
  assert.throws(
    () => parseJsonObject(text, "/p/settings.json"),
    (error: Error) => {
      assert.match(error.message, /^Cannot read \/p\/settings\.json:6:1: it is not valid JSON/);
      assert.match(error.message, /Nothing was written/);
      assert.equal((error as { code?: string }).code, "CONFIG_INVALID");
      return true;
    },
  );
  assert.throws(() => parseJsonObject("[1]", "a.json"), /expected a JSON object at the top/);
  assert.deepEqual(parseJsonObject("  \n", "a.json"), {});
  assert.deepEqual(lineColumn("ab\ncd", 4), { line: 2, column: 2 });
});

Deno.test("writeFileAtomic keeps a .bak and the file's mode, and leaves no temp file", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/sub/settings.json`;
  assert.equal(await writeFileAtomic(path, '{"a": 1}\n'), undefined);
  await Deno.chmod(path, 0o600);
  assert.equal(await writeFileAtomic(path, '{"a": 2}\n'), `${path}.bak`);
  assert.equal(await Deno.readTextFile(`${path}.bak`), '{"a": 1}\n');
  assert.deepEqual((await readJsonFile(path)).data, { a: 2 });
  assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);
  const names = [...Deno.readDirSync(`${dir}/sub`)].map((e) => e.name).sort();
  assert.deepEqual(names, ["settings.json", "settings.json.bak"]);
  assert.deepEqual(await readJsonFile(`${dir}/absent.json`), {
    path: `${dir}/absent.json`,
    exists: false,
    text: "",
    data: {},
  });
  await Deno.remove(dir, { recursive: true });
});

Deno.test("unifiedDiff shows only the changed region with context", () => {
  const before = Array.from({ length: 30 }, (_, i) => `line ${i}`).join("\n") + "\n";
  const after = before.replace("line 20\n", "line 20\nadded\n");
  const diff = unifiedDiff(before, after, "f");
  assert.equal(
    diff,
    [
      "--- f",
      "+++ f",
      "@@ -19,6 +19,7 @@", // "line 18" is the file's 19th line
      " line 18",
      " line 19",
      " line 20",
      "+added",
      " line 21",
      " line 22",
      " line 23",
      "",
    ].join("\n"),
  );
  assert.equal(unifiedDiff(before, before, "f"), "");
});
