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
