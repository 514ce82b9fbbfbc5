import assert from "node:assert/strict";
import { parsePlugins, type PluginConfig } from "../config.ts";
import { createEngine } from "../engine.ts";
import { createGuardChecker, liveGuardCheckers } from "./guard_checker.ts";

const fixtures = new URL("../../tests/fixtures/plugins/", import.meta.url).pathname;

function configured(entries: Record<string, unknown>[]): PluginConfig[] {
  return parsePlugins(entries, `${fixtures}.taskorch/config.yaml`);
}

const prompt = (text: string) => ({ hook_event_name: "UserPromptSubmit", prompt: text });

Deno.test("guard checker: no plugins, nothing starts and nothing is found", async () => {
  const guards = createGuardChecker({ plugins: [] });
  assert.equal(guards.active, false);
  assert.deepEqual(await guards.check(prompt("danger")), []);
  await guards.close();
});

Deno.test("guard checker: a guard's findings come back with source guard; unknown adds nothing", async () => {
  const guards = createGuardChecker({
    plugins: configured([{ from: "wire_guard.ts", options: { word: "boom" } }]),
    cwd: fixtures,
  });
  try {
    assert.equal(guards.states()[0].state, "not started");
    const findings = await guards.check(prompt("it goes boom"));
    assert.equal(findings.length, 1);
    assert.equal(findings[0].rule, "wire.word");
    assert.equal(findings[0].source, "guard");
    assert.equal(findings[0].category, "hallucinated_package");
    assert.deepEqual(await guards.check(prompt("fine")), []);
    assert.deepEqual(await guards.check(prompt("unsure boom")), []);
    const [state] = guards.states();
    assert.equal(state.state, "running");
    assert.equal(state.name, "wire-guard");
    assert.equal(state.meta?.version, "1.0.0");
    assert.equal(state.calls.ok, 3);
    assert.ok(liveGuardCheckers().includes(guards));
  } finally {
    await guards.close();
  }
  assert.ok(!liveGuardCheckers().includes(guards));
});

Deno.test("guard checker: a hanging guard is a timeout finding and the engine still answers", async () => {
  const guards = createGuardChecker({
    plugins: configured([{ name: "slow", from: "wire_guard.ts", timeout_ms: 300 }]),
    cwd: fixtures,
  });
  const engine = createEngine({
    checkers: [guards, {
      name: "rules",
      check: () => [{ rule: "r.x", category: "other", severity: "low", message: "rule" }],
    }],
  });
  try {
    const verdict = await engine.evaluate(prompt("hang"));
    const rules = verdict.findings.map((f) => f.rule).sort();
    assert.deepEqual(rules, ["plugin.slow.timeout", "r.x"]);
    const timeout = verdict.findings.find((f) => f.rule === "plugin.slow.timeout")!;
    assert.equal(timeout.action, "warn");
    assert.equal(timeout.severity, "low");
    assert.match(timeout.message, /did not answer within 300 ms/);
    assert.equal(guards.states()[0].calls.timeouts, 1);
    // The process restarts on a later event.
    const again = await engine.evaluate(prompt("danger"));
    assert.ok(again.findings.some((f) => f.rule === "wire.word"));
  } finally {
    await guards.close();
  }
});

Deno.test("guard checker: a guard that cannot start is reported once, then skipped", async () => {
  const problems: string[] = [];
  const guards = createGuardChecker({
    plugins: configured([{ name: "crashy", from: "crash_import.ts" }]),
    cwd: fixtures,
    problems,
  });
  try {
    const first = await guards.check(prompt("x"));
    assert.equal(first.length, 1);
    assert.equal(first[0].rule, "plugin.crashy.broken");
    assert.deepEqual(await guards.check(prompt("x")), []);
    assert.equal(problems.length, 1);
    assert.match(problems[0], /Guard plugin "crashy" is broken/);
    assert.equal(guards.states()[0].state, "broken");
    assert.match(guards.states()[0].lastError ?? "", /did not start/);
  } finally {
    await guards.close();
  }
});

Deno.test("guard checker: a guard asking more than granted is broken, naming the permission", async () => {
  const guards = createGuardChecker({
    plugins: configured([{ from: "net_asking_guard.ts" }]),
    cwd: fixtures,
  });
  try {
    const [finding] = await guards.check(prompt("x"));
    assert.match(finding.message, /net/);
    assert.match(finding.message, /example\.com/);
  } finally {
    await guards.close();
  }
});

Deno.test("guard checker: hook-only runs only hook: true; disabled never runs", async () => {
  const guards = createGuardChecker({
    plugins: configured([
      { name: "a", from: "wire_guard.ts" },
      { name: "b", from: "wire_guard.ts", hook: true },
      { name: "c", from: "wire_guard.ts", hook: true, enabled: false },
    ]),
    cwd: fixtures,
    hookOnly: true,
  });
  try {
    assert.deepEqual(guards.states().map((s) => s.state), ["skipped", "not started", "disabled"]);
    const findings = await guards.check(prompt("danger"));
    assert.equal(findings.length, 1);
    assert.deepEqual(guards.states().map((s) => s.state), ["skipped", "running", "disabled"]);
  } finally {
    await guards.close();
  }
});
