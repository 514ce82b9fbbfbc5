import assert from "node:assert/strict";
import { type Checker, createEngine } from "./engine.ts";

const destructive: Checker = {
  name: "toy",
  check(event) {
    const command = String(event.tool_input?.command ?? "");
    return command.includes("rm -rf /")
      ? [{
        rule: "toy.rm-root",
        category: "destructive_command",
        severity: "critical",
        message: "deletes the root",
        suggestion: "delete a path inside the workspace",
      }]
      : [];
  },
};

const broken: Checker = {
  name: "broken",
  check() {
    throw new Error("boom");
  },
};

const bash = (command: string) => ({
  hook_event_name: "PreToolUse",
  tool_name: "Bash",
  tool_input: { command },
});

Deno.test("the engine merges checker findings into one verdict", async () => {
  const engine = createEngine({ checkers: [destructive] });
  assert.deepEqual(engine.checkers, ["toy"]);
  assert.equal((await engine.evaluate(bash("ls"))).decision, "allow");
  const verdict = await engine.evaluate(bash("rm -rf /"));
  assert.equal(verdict.decision, "deny");
  assert.equal(verdict.findings[0].rule, "toy.rm-root");
  assert.deepEqual(verdict.suggestions, ["delete a path inside the workspace"]);
});

Deno.test("a failing checker becomes a warning, or fails the evaluation when closed", async () => {
  const open = createEngine({ checkers: [broken, destructive] });
  const verdict = await open.evaluate(bash("rm -rf /"));
  assert.equal(verdict.decision, "deny", "the other checkers still ran");
  const failure = verdict.findings.find((f) => f.rule === "taskorch.checker-failed.broken");
  assert.ok(failure);
  assert.match(failure.message, /boom/);

  const closed = createEngine({ checkers: [broken], onCheckerError: "throw" });
  await assert.rejects(closed.evaluate(bash("ls")), /boom/);
});
