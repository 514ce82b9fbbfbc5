import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { startPlugin } from "../../../core/sandbox.ts";
import { PluginTester } from "../../../testing.ts";
import { startLocalRegistry } from "./local_registry_test.ts";
import guard from "./plugin.ts";
import { RULES } from "./signals.ts";

const CONFIG = fileURLToPath(new URL("../../../deno.json", import.meta.url));
const MODULE = new URL("./plugin.ts", import.meta.url);

function bash(command: string) {
  return { hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command } };
}

// The local registry is started once for this file and stopped at unload.
const server = await startLocalRegistry();
addEventListener("unload", () => void server.close());
const port = new URL(server.url).port;
const local = { npm: server.url, pypi: server.url, crates: server.url };

const tests = {
  valid: [
    { name: "popular packages", event: bash("npm i react && pip install requests") },
    { name: "an established package", event: bash("npm i left-pad") },
    { name: "not an install", event: bash("npm run install") },
    { name: "a requirements file", event: bash("pip install -r requirements.txt") },
    { name: "an unreachable registry is unknown, not a finding", event: bash("npm i slow-x") },
  ],
  invalid: [
    {
      name: "a missing npm package",
      event: bash("npm install lodahs"),
      findings: [{
        rule: RULES.missing,
        category: "hallucinated_package" as const,
        action: "deny" as const,
      }],
    },
    {
      name: "a lookalike of a popular PyPI project",
      event: bash("pip install reqeusts"),
      findings: [{ rule: RULES.missing, message: /does not exist/ }],
    },
  ],
  invalidOptions: [
    { name: "negative age", options: { minAgeDays: -1 }, error: "minAgeDays" },
    { name: "unknown option", options: { colour: "red" } },
    {
      name: "registry not a URL",
      options: { registries: { npm: "nope" } },
      error: "registries.npm",
    },
  ],
};

const options = { registries: local, timeoutMs: 300 };

// In-process: the author's own code under test. (The plugin reads the real clock, so the
// fixtures' ages are left to guard_test.ts, which sets the clock.)
new PluginTester(guard, { options }).run("hallucinated-packages (in process)", tests);

// Through the real sandbox, with the registries' hosts and the local one granted.
new PluginTester(guard, {
  sandbox: true,
  module: MODULE,
  config: CONFIG,
  options,
  timeoutMs: 5000,
  grant: { net: ["registry.npmjs.org", "pypi.org", "crates.io", `127.0.0.1:${port}`] },
}).run("hallucinated-packages (sandboxed)", { valid: tests.valid, invalid: tests.invalid });

Deno.test("hallucinated-packages: granted only the registries, another host is unknown", async () => {
  // The local registry's answers never arrive: a missing name is unknown, not a finding.
  const sandboxed = await startPlugin(MODULE.href, {
    kind: "guard",
    config: CONFIG,
    options,
    grant: guard.meta.permissions,
  });
  try {
    assert.deepEqual(await sandboxed.check(bash("npm install lodahs")), {
      findings: [],
      verdict: "unknown",
    });
  } finally {
    await sandboxed.close();
  }
});
