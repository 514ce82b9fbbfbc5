import assert from "node:assert/strict";
import { loadConfig } from "./config.ts";
import { readSection } from "./config_section.ts";

Deno.test("readSection names file, line, column and path of a bad value", async () => {
  const dir = await Deno.makeTempDir();
  const home = await Deno.makeTempDir();
  const previous = Deno.env.get("TASKORCH_HOME");
  Deno.env.set("TASKORCH_HOME", home);
  try {
    await Deno.mkdir(`${dir}/.taskorch`);
    const file = `${dir}/.taskorch/config.yaml`;
    await Deno.writeTextFile(file, "min_confidence: 0\ncost:\n  budgets:\n    - limit_usd: lots\n");
    const config = await loadConfig(dir);
    const parse = (value: unknown, fail: (p: (string | number)[], m: string) => never) => {
      const limit = (value as { budgets: { limit_usd: unknown }[] }).budgets[0].limit_usd;
      if (typeof limit !== "number") fail(["budgets", 0, "limit_usd"], "must be a number");
      return limit;
    };
    await assert.rejects(
      () => readSection(config, "cost", parse),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, "CONFIG_INVALID");
        assert.equal(
          error.message,
          `Cannot load config "${file}": line 4, column 18: cost.budgets[0].limit_usd must be a number`,
        );
        return true;
      },
    );
    // Loaded again (now from the JSON cache), the section is still there.
    const again = await loadConfig(dir);
    assert.deepEqual(again.sections.cost?.map((s) => s.file), [file]);
    assert.deepEqual(await readSection(again, "inbox", () => 1), []);
  } finally {
    if (previous === undefined) Deno.env.delete("TASKORCH_HOME");
    else Deno.env.set("TASKORCH_HOME", previous);
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(home, { recursive: true });
  }
});
