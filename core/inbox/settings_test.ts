import assert from "node:assert/strict";
import { applyConfig, defaultConfig } from "../config.ts";
import { isHeadless, modeOverride, queues } from "./headless.ts";
import { inboxSettings, ruleSettings } from "./settings.ts";

const FILE = "/p/.taskorch/config.yaml";

Deno.test("inbox settings: defaults, merged files, per-rule values", async () => {
  assert.deepEqual(await inboxSettings(defaultConfig()), {
    mode: "auto",
    ttlMinutes: 60,
    onTimeout: "deny",
    rules: {},
  });
  let config = applyConfig(defaultConfig(), {
    inbox: { ttl_minutes: 30, rules: { "a.b": { ttl_minutes: 5 } } },
  }, "/home/u/.taskorch/config.yaml");
  config = applyConfig(config, {
    inbox: { mode: "queue", rules: { "a.b": { on_timeout: "allow" } } },
  }, FILE);
  const settings = await inboxSettings(config);
  assert.equal(settings.mode, "queue");
  assert.equal(settings.ttlMinutes, 30);
  assert.deepEqual(ruleSettings(settings, "a.b"), {
    ttlMinutes: 5,
    onTimeout: "allow",
    mode: "queue",
  });
  assert.deepEqual(ruleSettings(settings, undefined), {
    ttlMinutes: 30,
    onTimeout: "deny",
    mode: "queue",
  });
});

Deno.test("inbox settings: bad values are CONFIG_INVALID naming the path", async () => {
  const table: [unknown, RegExp][] = [
    ["yes", /inbox must be a mapping/],
    [{ ttl_minutes: 0 }, /inbox\.ttl_minutes must be a number of minutes above 0/],
    [{ ttl_minutes: 100000 }, /at most 43200/],
    [{ on_timeout: "maybe" }, /inbox\.on_timeout must be deny or allow, got "maybe"/],
    [{ mode: "later" }, /inbox\.mode must be auto, queue or ask/],
    [{ tll_minutes: 5 }, /inbox\.tll_minutes is not an inbox setting/],
    [{ rules: ["a"] }, /inbox\.rules must be a mapping of rule id/],
    [{ rules: { "a.b": { ttl: 5 } } }, /inbox\.rules\.a\.b\.ttl is not an inbox setting/],
  ];
  for (const [value, message] of table) {
    const config = applyConfig(defaultConfig(), { inbox: value }, FILE);
    await assert.rejects(
      () => inboxSettings(config),
      (e: Error & { code?: string }) => e.code === "CONFIG_INVALID" && message.test(e.message),
      JSON.stringify(value),
    );
  }
});

Deno.test("headless detection and modes", () => {
  const env = (vars: Record<string, string>) => (name: string) => vars[name];
  const table: [Record<string, string>, boolean][] = [
    [{ CLAUDE_CODE_ENTRYPOINT: "sdk-cli" }, true], // claude -p (checked with 2.1.197)
    [{ CLAUDE_CODE_ENTRYPOINT: "sdk-ts" }, true],
    [{ CLAUDE_CODE_ENTRYPOINT: "cli" }, false], // the interactive terminal
    [{ CLAUDE_CODE_ENTRYPOINT: "cli", CI: "true" }, false],
    [{ CI: "true" }, true],
    [{ CI: "0" }, false],
    [{ CI: "" }, false],
    [{}, false],
  ];
  for (const [vars, headless] of table) assert.equal(isHeadless(env(vars)), headless);
  assert.equal(modeOverride(env({ TASKORCH_INBOX_MODE: "queue" })), "queue");
  assert.equal(modeOverride(env({})), undefined);
  assert.throws(() => modeOverride(env({ TASKORCH_INBOX_MODE: "x" })), /must be auto, queue/);
  assert.deepEqual(
    [queues("auto", true), queues("auto", false), queues("queue", false), queues("ask", true)],
    [true, false, true, false],
  );
});
