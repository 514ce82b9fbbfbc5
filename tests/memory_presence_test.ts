// The hook process and the memory's presence filter: once a pattern is stored, a `taskorch
// hook` whose text shares no LSH bucket with any pattern does not open the store at all; one
// that may match does. Shown by breaking the store file after learning: only the hook that
// opens it notices.

import assert from "node:assert/strict";
import { runTaskorch } from "./support.ts";

Deno.test("memory presence: a hook opens the store only for text that may match a pattern", async () => {
  const home = await Deno.makeTempDir();
  const kv = `${home}/taskorch.kv`;
  const env = { TASKORCH_KV: kv };
  try {
    const learned = await runTaskorch([
      "learn",
      "--category",
      "other",
      "--text",
      "npm run deploy-preview failed: missing script deploy-preview",
    ], { home, env });
    assert.equal(learned.code, 0, learned.stderr);
    const marker = await Deno.stat(`${kv}.memory`);
    assert.ok(marker.size > 8, "the marker is a presence filter");

    const hook = async (prompt: string) => {
      const out = await runTaskorch(["hook"], {
        home,
        env,
        stdin: JSON.stringify({ hook_event_name: "UserPromptSubmit", prompt, session_id: "s" }),
      });
      assert.equal(out.code, 0, out.stderr);
      return out.stdout;
    };
    // Working store: the similar prompt is warned, the unrelated one is not.
    assert.match(await hook("npm run deploy-preview please"), /resembles a past failure/);
    assert.doesNotMatch(await hook("summarize the README in two lines"), /memory/);

    // Break the store: a hook that opens it reports the memory checker's failure.
    for (const suffix of ["", "-wal", "-shm"]) {
      await Deno.remove(`${kv}${suffix}`).catch(() => {});
    }
    await Deno.writeTextFile(kv, "this is not a database ".repeat(500));
    assert.match(await hook("npm run deploy-preview please"), /memory checker failed/);
    // The unrelated prompt never opened it.
    assert.doesNotMatch(await hook("summarize the README in two lines"), /memory/);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});
