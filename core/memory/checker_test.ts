import assert from "node:assert/strict";
import { createEngine } from "../engine.ts";
import { openStore } from "../store.ts";
import { createMemoryChecker, MARKER_RECHECK_MS, matchFinding } from "./checker.ts";
import { learnFailure } from "./learn.ts";
import { loadModel } from "./model.ts";

Deno.test("memory checker: a similar past failure warns, a recurring one asks", async () => {
  using store = await openStore({ path: ":memory:" });
  const checker = createMemoryChecker({ store });
  const engine = createEngine({ checkers: [checker] });
  const bash = (command: string) => ({
    hook_event_name: "PreToolUse",
    tool_name: "Bash",
    tool_input: { command },
    cwd: "/repo",
  });
  assert.equal((await engine.evaluate(bash("npm publish --access public"))).decision, "allow");
  await learnFailure(store, {
    category: "other",
    text: "npm publish --access public",
    description: "npm ERR! 403 you must be logged in",
    suggestion: "Run npm whoami first; publish from CI.",
    cwd: "/repo",
  });
  const once = await engine.evaluate(bash("npm publish --access=public"));
  assert.equal(once.decision, "warn");
  const [finding] = once.findings;
  assert.equal(finding.source, "memory");
  assert.equal(finding.category, "other");
  assert.match(
    finding.message,
    /100% similar.*failed once.*"npm publish --access public": npm ERR! 403/,
  );
  assert.equal(finding.suggestion, "Run npm whoami first; publish from CI.");

  await learnFailure(store, {
    category: "other",
    text: "npm publish --access public",
    cwd: "/repo",
  });
  assert.equal((await engine.evaluate(bash("npm publish --access public"))).decision, "ask");
  // Another workspace, unrelated text, other events: nothing.
  assert.equal(
    (await engine.evaluate({ ...bash("npm publish --access public"), cwd: "/other" })).decision,
    "allow",
  );
  assert.equal((await engine.evaluate(bash("npm run build"))).decision, "allow");
  const prompt = await engine.evaluate({
    hook_event_name: "UserPromptSubmit",
    prompt: "publish the npm package with public access",
  });
  assert.equal(prompt.findings[0]?.source, "memory", "a prompt about the same thing is flagged");
  assert.equal(
    (await engine.evaluate({
      hook_event_name: "PostToolUse",
      tool_name: "Bash",
      tool_input: { command: "npm publish --access public" },
    }))
      .decision,
    "allow",
  );
  await checker.close();
});

Deno.test("memory checker: a matched success trains the scorer only when asked to", async () => {
  using store = await openStore({ path: ":memory:" });
  await learnFailure(store, { category: "other", text: "cargo test --release", scope: "global" });
  const success = {
    hook_event_name: "PostToolUse",
    tool_name: "Bash",
    tool_input: { command: "cargo test --release" },
  };
  await createMemoryChecker({ store }).check(success);
  assert.equal((await loadModel(store)).negatives, 0);
  const learning = createMemoryChecker({ store, learnFromSuccess: true });
  assert.deepEqual(await learning.check(success), []);
  assert.equal((await loadModel(store)).negatives, 1);
  await learning.check({ ...success, tool_input: { command: "ls" } });
  assert.equal((await loadModel(store)).negatives, 1, "an unmatched success teaches nothing");
});

Deno.test("matchFinding: the suggestion falls back to the category's advice", () => {
  const finding = matchFinding({
    pattern: {
      id: "ab",
      category: "hallucinated_path",
      text: "cat src/confg.ts",
      description: "",
      features: ["cat", "_path_"],
      occurrences: 5,
      firstSeen: "2025-01-01T00:00:00.000Z",
      lastSeen: "2025-01-01T00:00:00.000Z",
      source: "tool_failure",
      scope: "global",
    },
    similarity: 0.6,
    decay: 1,
    probability: 0.5,
    score: 0.6,
  });
  assert.equal(finding.action, "warn", "recurring but not highly similar");
  assert.match(finding.suggestion!, /Check that the path exists/);
});

Deno.test("memory checker: a memory another process starts is consulted within a second", async () => {
  const dir = await Deno.makeTempDir();
  const kv = `${dir}/taskorch.kv`;
  const checker = createMemoryChecker({ kv });
  const event = {
    hook_event_name: "PreToolUse",
    cwd: dir,
    tool_name: "Bash",
    tool_input: { command: "terraform apply -auto-approve on the staging stack" },
  };
  try {
    assert.deepEqual(await checker.check(event), [], "no marker: nothing to consult");
    {
      using writer = await openStore({ path: kv });
      await learnFailure(writer, {
        category: "destructive_command",
        text: "terraform apply -auto-approve on the staging stack",
        scope: "global",
      });
    }
    await new Promise((done) => setTimeout(done, MARKER_RECHECK_MS + 50));
    const findings = await checker.check(event);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].source, "memory");
  } finally {
    await checker.close();
    await Deno.remove(dir, { recursive: true });
  }
});
