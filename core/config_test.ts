import assert from "node:assert/strict";
import { applyConfig, defaultConfig, loadConfig } from "./config.ts";
import { TaskorchError } from "./errors.ts";

Deno.test("config: user then project, project wins, relative packs resolve from the project", async () => {
  const home = await Deno.makeTempDir();
  const project = await Deno.makeTempDir();
  await Deno.mkdir(`${project}/.taskorch`);
  await Deno.writeTextFile(
    `${home}/config.yaml`,
    "packs:\n  disable: [injection]\nrules:\n  a.b: { action: warn }\n  c.d: { enabled: false }\nmin_confidence: 0.3\n",
  );
  await Deno.writeTextFile(
    `${project}/.taskorch/config.yaml`,
    "packs:\n  add: [./team.yaml, https://example.com/p.yaml]\nrules:\n  a.b: { action: deny }\nmin_confidence: 0.6\nfail_closed: true\n",
  );
  const previous = Deno.env.get("TASKORCH_HOME");
  Deno.env.set("TASKORCH_HOME", home);
  try {
    const config = await loadConfig(project);
    assert.deepEqual(config.disabledPacks, ["injection"]);
    assert.deepEqual(config.addedPacks, [`${project}/team.yaml`, "https://example.com/p.yaml"]);
    assert.deepEqual(config.rules, { "a.b": { action: "deny" }, "c.d": { enabled: false } });
    assert.equal(config.minConfidence, 0.6);
    assert.equal(config.failClosed, true);
    assert.equal(config.files.length, 2);
  } finally {
    if (previous === undefined) Deno.env.delete("TASKORCH_HOME");
    else Deno.env.set("TASKORCH_HOME", previous);
  }
});

const bad: [unknown, RegExp][] = [
  [["list"], /expected a mapping/],
  [
    { colour: 1 },
    /unknown key "colour"; expected one of packs, rules, min_confidence, fail_closed/,
  ],
  [{ packs: { add: "x.yaml" } }, /"packs.add" must be a list of strings/],
  [
    { rules: { "a.b": { action: "explode" } } },
    /rules.a.b.action must be one of allow, warn, ask, deny, block/,
  ],
  [{ rules: { "a.b": { enabled: "no" } } }, /rules.a.b.enabled must be true or false/],
  [{ min_confidence: 2 }, /min_confidence must be a number from 0 to 1/],
  [{ fail_closed: "yes" }, /fail_closed must be true or false/],
];

for (const [data, message] of bad) {
  Deno.test(`config: ${JSON.stringify(data)} is a CONFIG_INVALID error naming the file`, () => {
    assert.throws(
      () => applyConfig(defaultConfig(), data, "/p/.taskorch/config.yaml"),
      (error: unknown) => {
        assert.ok(error instanceof TaskorchError);
        assert.equal(error.code, "CONFIG_INVALID");
        assert.match(error.message, /^Cannot load config "\/p\/\.taskorch\/config\.yaml": /);
        assert.match(error.message, message);
        return true;
      },
    );
  });
}

Deno.test("config: plugins resolve relative paths from the project and take defaults", async () => {
  const project = await Deno.makeTempDir();
  await Deno.mkdir(`${project}/.taskorch`);
  await Deno.writeTextFile(
    `${project}/.taskorch/config.yaml`,
    [
      "plugins:",
      "  - from: ./guards/g.ts",
      "    grant: { net: [registry.npmjs.org], read: [./data] }",
      "    options: { minAgeDays: 3 }",
      "  - name: pkg",
      "    from: npm:@acme/guard@1",
      "    timeout_ms: 500",
      "    hook: true",
      "    enabled: false",
      "",
    ].join("\n"),
  );
  const previous = Deno.env.get("TASKORCH_HOME");
  Deno.env.set("TASKORCH_HOME", `${project}/no-home`);
  try {
    const { plugins } = await loadConfig(project);
    assert.equal(plugins.length, 2);
    assert.equal(plugins[0].from, `${project}/guards/g.ts`);
    assert.equal(plugins[0].name, "./guards/g.ts");
    assert.equal(plugins[0].named, false);
    assert.deepEqual(plugins[0].grant, { net: ["registry.npmjs.org"], read: [`${project}/data`] });
    assert.deepEqual(plugins[0].options, { minAgeDays: 3 });
    assert.equal(plugins[0].kind, "guard");
    assert.equal(plugins[0].timeoutMs, 2000);
    assert.equal(plugins[0].enabled, true);
    assert.equal(plugins[0].hook, false);
    assert.deepEqual(plugins[0].at, {
      file: `${project}/.taskorch/config.yaml`,
      line: 2,
      column: 5,
    });
    assert.equal(plugins[1].from, "npm:@acme/guard@1");
    assert.equal(plugins[1].name, "pkg");
    assert.equal(plugins[1].timeoutMs, 500);
    assert.equal(plugins[1].hook, true);
    assert.equal(plugins[1].enabled, false);
  } finally {
    if (previous === undefined) Deno.env.delete("TASKORCH_HOME");
    else Deno.env.set("TASKORCH_HOME", previous);
  }
});

const badPlugins: [string, RegExp][] = [
  ["plugins: x\n", /line 1, column 10: plugins must be a list of plugins/],
  ["plugins:\n  - grant: {}\n", /line 2, column 5: plugins\[0\] needs from/],
  ["plugins:\n  - from: 3\n", /line 2, column 11: plugins\[0\]\.from must be a path/],
  [
    "plugins:\n  - from: a.ts\n    colour: red\n",
    /line 3, column 13: plugins\[0\]\.colour is not a plugin key/,
  ],
  [
    "plugins:\n  - from: a.ts\n    grant: { net: registry.npmjs.org }\n",
    /line 3, column 19: plugins\[0\]\.grant\.net must be a list of strings/,
  ],
  [
    "plugins:\n  - from: a.ts\n    grant: { disk: [x] }\n",
    /plugins\[0\]\.grant\.disk is not valid: .*unknown permission "disk"/,
  ],
  [
    "plugins:\n  - from: a.ts\n    grant: { net: ['not a host'] }\n",
    /plugins\[0\]\.grant is not valid: .*not a host/,
  ],
  [
    "plugins:\n  - from: a.ts\n  - from: b.ts\n    timeout_ms: -1\n",
    /line 4, column 17: plugins\[1\]\.timeout_ms must be a whole number/,
  ],
  ["plugins:\n  - from: a.ts\n    hook: yes\n", /plugins\[0\]\.hook must be true or false/],
  ["plugins:\n  - from: a.ts\n    kind: linter\n", /plugins\[0\]\.kind must be one of guard/],
  ["plugins:\n  - from: a.ts\n    options: [1]\n", /plugins\[0\]\.options must be a mapping/],
  ["plugins:\n  - from: [a.ts\n", /Cannot load config "[^"]+": line \d+, column \d+: /],
];

for (const [text, message] of badPlugins) {
  Deno.test(`config: plugins ${JSON.stringify(text)} is a CONFIG_INVALID error with line and column`, async () => {
    const project = await Deno.makeTempDir();
    await Deno.mkdir(`${project}/.taskorch`);
    await Deno.writeTextFile(`${project}/.taskorch/config.yaml`, text);
    const previous = Deno.env.get("TASKORCH_HOME");
    Deno.env.set("TASKORCH_HOME", `${project}/no-home`);
    try {
      await assert.rejects(() => loadConfig(project), (error: unknown) => {
        assert.ok(error instanceof TaskorchError);
        assert.equal(error.code, "CONFIG_INVALID");
        assert.match(error.message, /^Cannot load config ".+\/\.taskorch\/config\.yaml": /);
        assert.match(error.message, message);
        return true;
      });
    } finally {
      if (previous === undefined) Deno.env.delete("TASKORCH_HOME");
      else Deno.env.set("TASKORCH_HOME", previous);
    }
  });
}

Deno.test("loadConfig reads a config it has read before from its cache, and still places errors", async () => {
  const home = await Deno.makeTempDir();
  const dir = await Deno.makeTempDir();
  await Deno.mkdir(`${dir}/.taskorch`);
  const file = `${dir}/.taskorch/config.yaml`;
  const previous = Deno.env.get("TASKORCH_HOME");
  Deno.env.set("TASKORCH_HOME", home);
  try {
    await Deno.writeTextFile(
      file,
      "min_confidence: 0.4\npacks:\n  disable: [injection]\nplugins:\n  - from: ./g.ts\n",
    );
    const first = await loadConfig(dir);
    const cached: string[] = [];
    for await (const entry of Deno.readDir(`${home}/cache/config`)) cached.push(entry.name);
    assert.equal(cached.length, 1);
    const second = await loadConfig(dir);
    assert.deepEqual(second, first, "the same config, plugin declaration positions included");
    assert.equal(second.plugins.length, 1);
    // An edited file is read again, and an invalid one still fails with its position.
    await Deno.writeTextFile(file, "min_confidence: 0.7\n");
    assert.equal((await loadConfig(dir)).minConfidence, 0.7);
    await Deno.writeTextFile(file, "plugins:\n  - from: ./g.ts\n    grant: { net: x }\n");
    await assert.rejects(() => loadConfig(dir), /line 3, column \d+: plugins\[0\]\.grant\.net/);
  } finally {
    if (previous === undefined) Deno.env.delete("TASKORCH_HOME");
    else Deno.env.set("TASKORCH_HOME", previous);
  }
});
