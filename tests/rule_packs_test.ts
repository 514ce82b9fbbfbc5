// The built-in rule packs: they load, validate against the shipped schema, and every
// rule's inline tests pass (each `fire` case fires, each `pass` near miss does not).

import assert from "node:assert/strict";
import { Ajv } from "ajv";
import { parse } from "yaml";
import schema from "../rules/pack.schema.json" with { type: "json" };
import { BUILTIN_PACKS, builtinPackUrl, loadPack } from "../core/rules/load.ts";
import { runRuleTests } from "../core/rules/test_runner.ts";

const packs = await Promise.all(
  BUILTIN_PACKS.map((name) => loadPack(builtinPackUrl(name), { cache: false })),
);

Deno.test("built-in packs validate against the shipped JSON Schema (as an editor would)", async () => {
  const validate = new Ajv({ strict: false }).compile(schema);
  for (const name of BUILTIN_PACKS) {
    const data = parse(await Deno.readTextFile(builtinPackUrl(name)));
    assert.ok(validate(data), `${name}: ${JSON.stringify(validate.errors)}`);
  }
});

for (const pack of packs) {
  Deno.test(`pack ${pack.id}: every rule's inline tests pass`, async () => {
    const report = await runRuleTests([pack]);
    const failures = report.rules.flatMap((r) =>
      r.failures.map((f) =>
        `${r.rule}: ${f.kind} ${JSON.stringify(f.test.name)} (line ${f.test.at.line})`
      )
    );
    assert.deepEqual(failures, []);
    assert.deepEqual(report.totals.untested, [], "every rule has fire tests");
  });

  Deno.test(`pack ${pack.id}: every rule has near-miss pass tests`, () => {
    for (const rule of pack.rules) {
      assert.ok(rule.tests.some((t) => t.expect === "pass"), `${rule.id} has pass tests`);
    }
  });
}

Deno.test("rule ids are unique across the built-in packs", () => {
  const ids = packs.flatMap((p) => p.rules.map((r) => r.id));
  assert.equal(new Set(ids).size, ids.length);
});
