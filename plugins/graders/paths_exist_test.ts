import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { PluginTester } from "@taskorch/mcp/testing";
import grader, { referencedPaths } from "./paths_exist.ts";

const CONFIG = fileURLToPath(new URL("../../deno.json", import.meta.url));
const root = await Deno.makeTempDir({ prefix: "taskorch-paths-" });
await Deno.mkdir(`${root}/src/lib`, { recursive: true });
await Deno.writeTextFile(`${root}/src/app.ts`, "export {};\n");
await Deno.writeTextFile(`${root}/README.md`, "# x\n");
globalThis.addEventListener("unload", () => Deno.removeSync(root, { recursive: true }));
const at = (output: string) => ({ output, cwd: root });

const tests = {
  valid: [
    { name: "an existing file", input: at("I changed `src/app.ts` to export nothing.") },
    { name: "with a line number", input: at("See src/app.ts:12:3 for the fix.") },
    { name: "a folder", input: at("Everything lives under `src/lib/`.") },
    { name: "a dot path", input: at("Updated ./README.md.") },
    { name: "no paths", input: at("All done, nothing to report.") },
    { name: "a created file is not judged", input: at("I will create `src/new_feature.ts` next.") },
    { name: "a missing file said to be missing", input: at("`src/gone.ts` does not exist.") },
    { name: "urls are not paths", input: at("Docs: https://deno.land/std/path/mod.ts here.") },
    { name: "a version number", input: at("Upgraded to 2.9.6 today.") },
  ],
  invalid: [
    { name: "a made-up file", input: at("The handler is in `src/handlers/auth.ts`.") },
    { name: "a typo", input: at("I fixed the bug in src/ap.ts.") },
    { name: "one of two missing", input: at("Read `src/app.ts` and `src/util.ts`.") },
    { name: "a made-up folder", input: at("Configs live in `config/env/`.") },
  ],
};

new PluginTester(grader).run("paths-exist (in process)", tests);
Deno.test("paths-exist (sandboxed, granted the workspace as the host does)", async () => {
  const { startPlugin } = await import("../../core/sandbox.ts");
  const plugin = await startPlugin(fileURLToPath(new URL("./paths_exist.ts", import.meta.url)), {
    kind: "grader",
    grant: { read: ["."] },
    config: CONFIG,
    cwd: root,
  });
  try {
    assert.equal((await plugin.grade(tests.valid[0].input)).pass, true);
    const failed = await plugin.grade(tests.invalid[2].input);
    assert.equal(failed.pass, false);
    assert.equal(failed.score, 0.5);
    assert.match(failed.evidence![0], /src\/util\.ts does not exist/);
  } finally {
    await plugin.close();
  }
});

Deno.test("paths-exist: referencedPaths skips URLs, plans and prose slashes", () => {
  const found = referencedPaths(
    "Edit src/a.ts and/or lib/b.js. Use I/O wisely. We should add docs/new.md. See https://x.y/z.ts",
  ).map((p) => p.path);
  assert.deepEqual(found, ["src/a.ts", "lib/b.js"]);
});

Deno.test("paths-exist: a path outside the grant is unknown, never a failure", async () => {
  const { startPlugin } = await import("../../core/sandbox.ts");
  const other = await Deno.makeTempDir();
  const plugin = await startPlugin(fileURLToPath(new URL("./paths_exist.ts", import.meta.url)), {
    kind: "grader",
    grant: { read: ["."] },
    config: CONFIG,
    cwd: other,
  });
  try {
    const result = await plugin.grade({ output: `It is in ${root}/src/absent.ts.`, cwd: other });
    assert.equal(result.pass, true);
    assert.match(result.reason, /could not be checked/);
  } finally {
    await plugin.close();
    await Deno.remove(other, { recursive: true });
  }
});
