import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { KvPluginCache } from "../../../core/plugin/kv_cache.ts";
import { startPlugin } from "../../../core/sandbox.ts";
import { openStore } from "../../../core/store.ts";
import { keys } from "../../../core/store_schema.ts";
import { startLocalRegistry } from "./local_registry_test.ts";
import guard from "./plugin.ts";
import { RULES } from "./signals.ts";

const CONFIG = fileURLToPath(new URL("../../../deno.json", import.meta.url));
const MODULE = new URL("./plugin.ts", import.meta.url).href;
const bash = (command: string) => ({
  hook_event_name: "PreToolUse",
  tool_name: "Bash",
  tool_input: { command },
});

Deno.test("hallucinated-packages: answers go to the host's KV cache and a later process reads them without the network", async () => {
  const server = await startLocalRegistry();
  using store = await openStore({ path: ":memory:" });
  const cache = new KvPluginCache(store);
  const options = {
    registries: { npm: server.url, pypi: server.url, crates: server.url },
    timeoutMs: 300,
  };
  const port = new URL(server.url).port;
  const first = await startPlugin(MODULE, {
    kind: "guard",
    config: CONFIG,
    options,
    cache,
    grant: { net: [...guard.meta.permissions.net!, `127.0.0.1:${port}`] },
  });
  try {
    const result = await first.check(bash("npm install lodahs"));
    assert.deepEqual(result.findings.map((f) => f.rule), [RULES.missing]);
  } finally {
    await first.close();
    await server.close();
  }
  const stored = await store.get<{ value: { status: string } }>(
    keys.cache("plugin:hallucinated-packages", "npm:lodahs"),
  );
  assert.equal(stored.value?.value.status, "missing");

  // The local registry is gone and not granted: only the cache can answer.
  const second = await startPlugin(MODULE, {
    kind: "guard",
    config: CONFIG,
    options,
    cache,
    grant: guard.meta.permissions,
  });
  try {
    const result = await second.check(bash("npm install lodahs"));
    assert.deepEqual(result.findings.map((f) => f.rule), [RULES.missing]);
    assert.equal(result.verdict, undefined);
  } finally {
    await second.close();
  }
});
