// Guard plugins wired end to end: a configured guard through the real CLI (`taskorch check`)
// and over MCP (`immune_check`, `plugins_list`); `taskorch plugins list|add`.

import assert from "node:assert/strict";
import {
  childEnv,
  connectServeStdio,
  projectWithConfig,
  ROOT,
  runTaskorch,
  taskorchArgs,
} from "./support.ts";

const GUARD = `${ROOT}tests/fixtures/plugins/wire_guard.ts`;

const project = projectWithConfig;

Deno.test("plugins: a configured guard's finding through taskorch check; a hang is a timeout", async () => {
  const home = await Deno.makeTempDir();
  const dir = await project(
    `plugins:\n  - from: ${GUARD}\n    options: { word: lodahs }\n    timeout_ms: 1500\n`,
  );
  const found = await runTaskorch(
    ["check", "--json", "--cwd", dir, "--command", "npm install lodahs"],
    { home },
  );
  assert.equal(found.stderr, "");
  const verdict = JSON.parse(found.stdout);
  assert.equal(verdict.decision, "deny");
  const finding = verdict.findings.find((f: { rule: string }) => f.rule === "wire.word");
  assert.equal(finding.source, "guard");
  assert.equal(finding.category, "hallucinated_package");

  const hung = await runTaskorch(
    ["check", "--json", "--cwd", dir, "--command", "rm -rf ~ # hang"],
    { home },
  );
  const late = JSON.parse(hung.stdout);
  const rules = late.findings.map((f: { rule: string }) => f.rule);
  assert.ok(rules.includes("plugin.wire-guard.timeout"), rules.join(", "));
  assert.equal(late.decision, "deny", "the rules still answer");
});

Deno.test({
  name: "plugins: immune_check and plugins_list over MCP",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const home = await Deno.makeTempDir();
    const dir = await project(`plugins:\n  - name: wire\n    from: ${GUARD}\n`);
    const client = await connectServeStdio({ home: home, cwd: dir });
    try {
      const before = await client.callTool({ name: "plugins_list", arguments: {} }) as {
        structuredContent: { plugins: { name: string; state: string }[] };
      };
      assert.deepEqual(
        before.structuredContent.plugins.map((p) => [p.name, p.state]),
        [["wire", "not started"]],
      );
      const result = await client.callTool({
        name: "immune_check",
        arguments: { event: { hook_event_name: "UserPromptSubmit", prompt: "danger ahead" } },
      }) as { structuredContent: { findings: { rule: string; source?: string }[] } };
      const finding = result.structuredContent.findings.find((f) => f.rule === "wire.word");
      assert.equal(finding?.source, "guard");
      const after = await client.callTool({ name: "plugins_list", arguments: {} }) as {
        structuredContent: {
          plugins: { name: string; state: string; meta: { version: string } | null }[];
        };
      };
      assert.equal(after.structuredContent.plugins[0].state, "running");
      assert.equal(after.structuredContent.plugins[0].meta?.version, "1.0.0");
    } finally {
      await client.close();
    }
  },
});

Deno.test("plugins: add refuses a plugin asking more than granted, then adds it keeping the YAML", async () => {
  const home = await Deno.makeTempDir();
  const dir = await project("# team settings\nmin_confidence: 0.2 # keep\n");
  const asking = `${ROOT}tests/fixtures/plugins/net_asking_guard.ts`;
  const cmd = (args: string[]) =>
    new Deno.Command(Deno.execPath(), {
      args: taskorchArgs("plugins", ...args),
      env: childEnv(home),
      cwd: dir,
      stdout: "piped",
      stderr: "piped",
    }).output().then((o) => ({
      code: o.code,
      stdout: new TextDecoder().decode(o.stdout),
      stderr: new TextDecoder().decode(o.stderr),
    }));
  const refused = await cmd(["add", asking]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /net/);
  assert.match(refused.stderr, /example\.com/);
  const added = await cmd(["add", asking, "--grant-net", "example.com"]);
  assert.equal(added.code, 0, added.stderr);
  assert.match(added.stdout, /Added net-asking-guard@1\.0\.0 \(guard\)/);
  const text = await Deno.readTextFile(`${dir}/.taskorch/config.yaml`);
  assert.match(text, /# team settings/);
  assert.match(text, /min_confidence: 0\.2 # keep/);
  const listed = await cmd(["list", "--json"]);
  assert.equal(listed.code, 0, listed.stderr);
  const { plugins } = JSON.parse(listed.stdout);
  assert.equal(plugins.length, 1);
  assert.equal(plugins[0].name, "net-asking-guard");
  assert.deepEqual(plugins[0].grant, { net: ["example.com"] });
  const tested = await cmd(["test", "net-asking-guard"]);
  assert.equal(tested.code, 0, tested.stderr);
  assert.match(tested.stdout, /started in [\d.]+ ms, answered in [\d.]+ ms/);
  const twice = await cmd(["add", asking, "--grant-net", "example.com"]);
  assert.equal(twice.code, 2);
  assert.match(twice.stderr, /already configured/);
});

Deno.test("plugins: a configured guard's ctx.cache is kept in the store, across processes", async () => {
  const home = await Deno.makeTempDir();
  const kv = `${home}/taskorch.kv`;
  const dir = await project(
    `plugins:\n  - from: ${ROOT}tests/fixtures/plugins/cache_guard.ts\n`,
  );
  const ask = async (prompt: string) => {
    const out = await runTaskorch(["check", "--json", "--cwd", dir, "--prompt", prompt], {
      home,
      env: { TASKORCH_KV: kv },
    });
    assert.equal(out.stderr, "");
    const verdict = JSON.parse(out.stdout);
    return verdict.findings.find((f: { rule: string }) => f.rule === "cache.result")?.message;
  };
  assert.equal(await ask("has"), "true");
  assert.equal(await ask("set colour blue"), "stored");
  // A new process (a new plugin process too) reads what the last one stored.
  assert.equal(await ask("get colour"), JSON.stringify({ value: "blue" }));
});
