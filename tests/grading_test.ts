// grade_output through the real MCP server over stdio: a failed grade with a task is learned,
// and immune_check then warns a similar prompt from the memory.

import assert from "node:assert/strict";
import { stageAll } from "./fixtures/grader_cases.ts";
import { connectServeStdio } from "./support.ts";

Deno.test({
  name: "mcp grade_output: graders answer, a failed grade is learned, immune_check warns next time",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const home = await Deno.makeTempDir();
    const staged = await stageAll();
    const never = staged.find((s) => s.fixture.file === "tests_never_ran.jsonl")!.input;
    const client = await connectServeStdio({ home: home });
    const call = async (name: string, args: Record<string, unknown>) =>
      (await client.callTool({ name, arguments: args })) as {
        isError?: boolean;
        structuredContent?: Record<string, unknown>;
        content: { text: string }[];
      };
    try {
      await t.step("the tool is described for a model, with an output schema", async () => {
        const { tools } = await client.listTools();
        const tool = tools.find((x: { name: string }) => x.name === "grade_output")!;
        assert.match(tool.description!, /Grade an output/);
        assert.ok(tool.outputSchema);
        assert.equal(tool.annotations?.readOnlyHint, false);
      });

      await t.step(
        "json and syntax grade a broken answer; nothing learned without a task",
        async () => {
          const result = await call("grade_output", {
            output: '```json\n{"ok": true,}\n```',
            graders: ["json", "syntax"],
          });
          assert.ok(!result.isError, result.content[0]?.text);
          const report = result.structuredContent!;
          assert.equal(report.pass, false);
          assert.deepEqual(
            (report.graders as { grader: string; pass: boolean }[]).map((g) => [g.grader, g.pass]),
            [["json", false], ["syntax", false]],
          );
          assert.deepEqual(report.learned, []);
          assert.match(result.content[0].text, /^FAIL/);
        },
      );

      const task = "Add the empty-password check to the login handler in src/auth.ts";
      await t.step(
        "a false success claim is graded against the transcript and learned",
        async () => {
          const result = await call("grade_output", {
            output: never.output,
            task,
            transcript_path: never.transcript_path,
            cwd: never.cwd,
            graders: ["claims"],
          });
          const report = result.structuredContent!;
          assert.equal(report.pass, false, result.content[0].text);
          const learned = report.learned as { grader: string; pattern?: string }[];
          assert.equal(learned.length, 1);
          assert.ok(learned[0].pattern, JSON.stringify(learned));
        },
      );

      await t.step("immune_check warns the next similar prompt", async () => {
        const result = await call("immune_check", {
          event: {
            hook_event_name: "UserPromptSubmit",
            prompt: "Add an empty-password check to the login handler in src/auth.ts",
            cwd: never.cwd,
          },
        });
        const verdict = result.structuredContent!;
        const findings = verdict.findings as { category: string; rule: string }[];
        assert.ok(
          findings.some((f) => f.category === "false_success_claim" && f.rule.startsWith("memory")),
          JSON.stringify(verdict),
        );
        assert.notEqual(verdict.decision, "allow");
      });
    } finally {
      await client.close();
      await Deno.remove(home, { recursive: true });
    }
  },
});
