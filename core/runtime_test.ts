import assert from "node:assert/strict";
import { applyConfig, defaultConfig } from "./config.ts";
import { createRuntime } from "./runtime.ts";

const TEAM = `id: team
version: 1.0.0
description: team rules
rules:
  - id: team.no-deploy
    category: other
    severity: high
    action: ask
    tools: [Bash]
    match:
      command:
        program: [make]
        subcommand: [deploy]
    message: deploys
    tests:
      fire: [make deploy]
      pass: [make build]
`;

const deploy = {
  hook_event_name: "PreToolUse",
  tool_name: "Bash",
  tool_input: { command: "make deploy" },
  cwd: "/home/user/project",
};

Deno.test("runtime: built-in packs plus a user pack, with overrides applied", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/team.yaml`, TEAM);
  const runtime = await createRuntime({ config: defaultConfig(), packs: [`${dir}/team.yaml`] });
  assert.ok(runtime.packs.some((p) => p.id === "destructive"), "built-ins load");
  assert.equal((await runtime.engine.evaluate(deploy)).decision, "ask");

  const overridden = await createRuntime({
    config: applyConfig(
      defaultConfig(),
      { rules: { "team.no-deploy": { action: "warn" } } },
      "c.yaml",
    ),
    packs: [`${dir}/team.yaml`],
  });
  assert.equal((await overridden.engine.evaluate(deploy)).decision, "warn");

  const disabled = await createRuntime({
    config: applyConfig(
      defaultConfig(),
      { rules: { "team.no-deploy": { enabled: false } } },
      "c.yaml",
    ),
    packs: [`${dir}/team.yaml`],
  });
  assert.equal((await disabled.engine.evaluate(deploy)).decision, "allow");
});

Deno.test("runtime: a broken user pack is reported and never disables the built-in packs", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/broken.yaml`, TEAM.replace("severity: high", "severity: huge"));
  const runtime = await createRuntime({
    config: defaultConfig(),
    packs: [`${dir}/broken.yaml`, `${dir}/missing.yaml`],
  });
  assert.equal(runtime.problems.length, 2);
  assert.match(
    runtime.problems[0],
    /broken\.yaml": line 7, column 15, rule "team\.no-deploy": "severity" must be one of/,
  );
  assert.match(runtime.problems[1], /missing\.yaml": line 1, column 1: cannot read it/);
  const verdict = await runtime.engine.evaluate({ ...deploy, tool_input: { command: "rm -rf ~" } });
  assert.equal(verdict.decision, "deny", "built-in rules still run");
});

Deno.test("runtime: a pack redefining a rule id is refused, the first one kept", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/a.yaml`, TEAM);
  await Deno.writeTextFile(`${dir}/b.yaml`, TEAM.replace("id: team\n", "id: team2\n"));
  const runtime = await createRuntime({
    config: defaultConfig(),
    packs: [`${dir}/a.yaml`, `${dir}/b.yaml`],
    noBuiltins: true,
  });
  assert.deepEqual(runtime.packs.map((p) => p.id), ["team"]);
  assert.match(runtime.problems[0], /rule "team.no-deploy" is already defined in ".*a\.yaml"/);
});

Deno.test("runtime: disabling a built-in pack by id", async () => {
  const runtime = await createRuntime({
    config: applyConfig(defaultConfig(), { packs: { disable: ["destructive"] } }, "c.yaml"),
  });
  assert.ok(!runtime.packs.some((p) => p.id === "destructive"));
  const verdict = await runtime.engine.evaluate({ ...deploy, tool_input: { command: "rm -rf ~" } });
  assert.equal(verdict.decision, "allow");
});

Deno.test("runtime: a user pack by URL, served on 127.0.0.1", async () => {
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    (request) =>
      new URL(request.url).pathname === "/team.yaml"
        ? new Response(TEAM)
        : new Response("not found", { status: 404 }),
  );
  try {
    const { port } = server.addr as Deno.NetAddr;
    const runtime = await createRuntime({
      config: defaultConfig(),
      packs: [`http://127.0.0.1:${port}/team.yaml`, `http://127.0.0.1:${port}/gone.yaml`],
      noBuiltins: true,
    });
    assert.deepEqual(runtime.packs.map((p) => p.id), ["team"]);
    assert.equal((await runtime.engine.evaluate(deploy)).decision, "ask");
    assert.match(runtime.problems[0], /gone\.yaml": line 1, column 1: cannot read it: HTTP 404/);
  } finally {
    await server.shutdown();
  }
});
