// Rule packs that use a guard plugin as a matcher (`plugin: NAME`): through the real runtime
// (sandboxed plugin process, per-rule options, timeouts, a missing plugin) and through
// `taskorch rules test` and `taskorch check` as a user runs them.

import assert from "node:assert/strict";
import { applyConfig, defaultConfig, parseYaml } from "../core/config.ts";
import { loadPack } from "../core/rules/load.ts";
import { createRuntime, type Runtime } from "../core/runtime.ts";
import { ROOT, runTaskorch } from "./support.ts";

const GUARD = `${ROOT}tests/fixtures/plugins/wire_guard.ts`;

const PACK = `id: team
version: 1.0.0
description: Team rules that ask a plugin
rules:
  - id: team.install-flagged
    category: hallucinated_package
    severity: high
    action: ask
    tools: [Bash]
    match:
      all:
        - command: { program: npm, subcommand: install }
        - plugin: wire
          options: { word: lodahs }
    message: "Install stopped: {{plugin_message}}"
    tests:
      fire: ["npm install lodahs"]
      pass: ["npm install lodash", "echo lodahs", "npm install unsure-lodahs"]
  - id: team.prompt-not-flagged
    category: other
    severity: low
    action: warn
    events: [UserPromptSubmit]
    match:
      all:
        - contains: deploy
        - not: { plugin: wire }
    message: "A deploy prompt the plugin did not flag"
    tests:
      fire: ["deploy it"]
      pass: ["deploy danger", "hello"]
`;

async function project(config: string): Promise<{ dir: string; home: string }> {
  const dir = await Deno.makeTempDir();
  const home = await Deno.makeTempDir();
  await Deno.mkdir(`${dir}/.taskorch`);
  await Deno.writeTextFile(`${dir}/team.yaml`, PACK);
  await Deno.writeTextFile(`${dir}/.taskorch/config.yaml`, config);
  return { dir, home };
}

const CONFIG = `packs:\n  add: [./team.yaml]\nplugins:\n  - name: wire\n    from: ${GUARD}\n` +
  `    timeout_ms: 1500\n`;

/**
 * The runtime of a project, from its config file only (not the user's) and a store in
 * memory; nothing touches `Deno.env`, which test files share.
 */
async function projectRuntime(dir: string): Promise<Runtime> {
  const file = `${dir}/.taskorch/config.yaml`;
  const { data, locate } = await parseYaml(await Deno.readTextFile(file), file);
  const config = applyConfig(defaultConfig(), data, file, locate);
  return await createRuntime({ cwd: dir, noBuiltins: true, config, kv: ":memory:" });
}

const bash = (dir: string, command: string) => ({
  hook_event_name: "PreToolUse",
  tool_name: "Bash",
  tool_input: { command },
  cwd: dir,
});

Deno.test("plugin rules: a rule asks its plugin with its own options, only when the rest matched", async () => {
  const { dir } = await project(CONFIG);
  const runtime = await projectRuntime(dir);
  try {
    assert.deepEqual(runtime.problems, []);
    const hit = await runtime.engine.evaluate(bash(dir, "npm install lodahs"));
    assert.equal(hit.decision, "ask");
    assert.deepEqual(hit.findings.map((f) => f.rule), ["team.install-flagged"]);
    assert.equal(hit.findings[0].message, 'Install stopped: wire-guard saw "lodahs"');
    // The plugin answers the rule only: its own finding does not come a second time.
    assert.ok(!hit.findings.some((f) => f.rule === "wire.word"));

    const calls = () => runtime.guards!.states()[0].calls.ok;
    const before = calls();
    const other = await runtime.engine.evaluate(bash(dir, "echo lodahs"));
    assert.equal(other.decision, "allow");
    assert.equal(calls(), before, "the command leaf failed first: the plugin was not asked");

    // `unknown` never matches; a `not:` over the plugin fires when it finds nothing.
    assert.equal(
      (await runtime.engine.evaluate(bash(dir, "npm install unsure-lodahs"))).decision,
      "allow",
    );
    const prompt = (text: string) => ({
      hook_event_name: "UserPromptSubmit",
      prompt: text,
      cwd: dir,
    });
    assert.deepEqual(
      (await runtime.engine.evaluate(prompt("deploy it"))).findings.map((f) => f.rule),
      ["team.prompt-not-flagged"],
    );
    assert.deepEqual((await runtime.engine.evaluate(prompt("deploy danger"))).findings, []);

    // A plugin that overruns leaves the rule undecided for that event: a low warning, no crash.
    const hung = await runtime.engine.evaluate(bash(dir, "npm install hang"));
    assert.deepEqual(hung.findings.map((f) => f.rule), ["team.install-flagged.undecided"]);
    assert.match(hung.findings[0].message, /plugin "wire" did not answer in time/);
    assert.equal(hung.decision, "warn");
    // ...and the plugin answers again on the next event.
    assert.equal((await runtime.engine.evaluate(bash(dir, "npm install lodahs"))).decision, "ask");
  } finally {
    await runtime.close();
  }
});

Deno.test("plugin rules: a rule whose plugin is not configured is reported and skipped", async () => {
  const { dir } = await project("packs:\n  add: [./team.yaml]\n");
  const runtime = await projectRuntime(dir);
  try {
    assert.equal(runtime.problems.length, 2);
    assert.match(
      runtime.problems[0],
      /^Rule "team.install-flagged" \(.*team.yaml:5\) uses plugin "wire", which is not configured/,
    );
    assert.equal(
      (await runtime.engine.evaluate(bash(dir, "npm install lodahs"))).decision,
      "allow",
    );
  } finally {
    await runtime.close();
  }
});

Deno.test("plugin rules: taskorch rules test runs their inline tests with the configured plugin", async () => {
  const { dir, home } = await project(CONFIG);
  const run = await runTaskorch(["rules", "test", "team.yaml", "--json"], { home, cwd: dir });
  assert.equal(run.code, 0, run.stdout + run.stderr);
  const report = JSON.parse(run.stdout);
  assert.deepEqual(report.totals.skipped, []);
  assert.deepEqual(
    report.rules.map((r: { rule: string; tp: number; tn: number }) => [r.rule, r.tp, r.tn]),
    [["team.install-flagged", 1, 3], ["team.prompt-not-flagged", 1, 2]],
  );

  // Without the plugin configured, its rules' tests are skipped, saying why.
  const bare = await project("{}\n");
  const skipped = await runTaskorch(["rules", "test", "team.yaml"], {
    home: bare.home,
    cwd: bare.dir,
  });
  assert.match(skipped.stdout, /skip team.install-flagged: plugin "wire" is not configured/);
  assert.match(skipped.stdout, /\(2 skipped\)/);
});

Deno.test("plugin rules: a broken plugin: leaf names file, line and column", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(
    `${dir}/bad.yaml`,
    PACK.replace("options: { word: lodahs }", "options: [lodahs]"),
  );
  const run = await runTaskorch(["rules", "lint", `${dir}/bad.yaml`], { cwd: dir, home: dir });
  assert.equal(run.code, 1);
  assert.equal(
    run.stderr,
    `Cannot load rule pack "${dir}/bad.yaml": line 14, column 20, rule "team.install-flagged": ` +
      `"options" must be object\n`,
  );
});

Deno.test("plugin rules: the plugins a rule uses survive the pack caches (full and per event)", async () => {
  const { dir } = await project("{}\n");
  const cacheDir = `${dir}/cache`;
  for (const round of ["written", "read back"]) {
    const slice = await loadPack(`${dir}/team.yaml`, { event: "PreToolUse", cacheDir });
    const full = await loadPack(`${dir}/team.yaml`, { cacheDir });
    assert.deepEqual(slice.rules.map((r) => [r.id, r.plugins]), [["team.install-flagged", [
      "wire",
    ]]], round);
    assert.deepEqual(full.rules.map((r) => r.plugins), [["wire"], ["wire"]], round);
  }
});
