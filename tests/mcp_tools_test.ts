// The rule tools through the real server over stdio, with the real built-in packs.

import assert from "node:assert/strict";
// @ts-types="@modelcontextprotocol/sdk/client/index.d.ts"
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
// @ts-types="@modelcontextprotocol/sdk/client/stdio.d.ts"
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { childEnv, FAILING_PACK, taskorchArgs } from "./support.ts";

const home = await Deno.makeTempDir();
const client = new Client({ name: "taskorch-test", version: "0.0.0" });

async function call(name: string, args: Record<string, unknown>) {
  const result = await client.callTool({ name, arguments: args });
  return result as {
    isError?: boolean;
    structuredContent?: Record<string, unknown>;
    content: { text: string }[];
  };
}

Deno.test({
  name: "mcp tools: immune_check, guard_event, rules_list, rules_test",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    await client.connect(
      new StdioClientTransport({
        command: Deno.execPath(),
        args: taskorchArgs("serve", "--stdio"),
        env: childEnv(home),
        cwd: home,
      }),
    );
    try {
      const { tools } = await client.listTools();
      assert.deepEqual(
        tools.map((tool: { name: string }) => tool.name),
        [
          "immune_check",
          "guard_event",
          "immune_record_failure",
          "immune_failures",
          "immune_dashboard",
          "inbox_status",
          "approve_action",
          "rules_list",
          "rules_test",
          "plugins_list",
          "cost_summary",
          "cost_set_budget",
          "grade_output",
          "healing_status",
          "agent_run",
        ],
      );

      await t.step("immune_check denies a recursive delete of home", async () => {
        const result = await call("immune_check", {
          event: {
            hook_event_name: "PreToolUse",
            tool_name: "Bash",
            tool_input: { command: "rm -rf ~" },
            cwd: "/home/user/project",
          },
        });
        const verdict = result.structuredContent!;
        assert.equal(verdict.decision, "deny");
        assert.ok((verdict.risk as number) > 0.5);
        assert.ok(
          (verdict.findings as { category: string }[]).every((f) =>
            f.category === "destructive_command"
          ),
        );
      });

      await t.step("guard_event returns the hook output Claude Code would get", async () => {
        const result = await call("guard_event", {
          event: {
            hook_event_name: "PreToolUse",
            tool_name: "Bash",
            tool_input: { command: "rm -rf /" },
            cwd: "/home/user/project",
          },
        });
        const out = result.structuredContent!.hook_output as {
          hookSpecificOutput: { permissionDecision: string };
        };
        assert.equal(out.hookSpecificOutput.permissionDecision, "deny");
        const fine = await call("guard_event", {
          event: {
            hook_event_name: "PreToolUse",
            tool_name: "Bash",
            tool_input: { command: "rm -rf node_modules" },
            cwd: "/home/user/project",
          },
        });
        assert.equal(fine.structuredContent!.decision, "allow");
        assert.deepEqual(fine.structuredContent!.hook_output, {});
      });

      await t.step("rules_list filters by pack", async () => {
        const result = await call("rules_list", { pack: "destructive" });
        const rules = result.structuredContent!.rules as { pack: string }[];
        assert.ok(rules.length > 0);
        assert.ok(rules.every((r) => r.pack === "destructive"));
        assert.ok(
          (result.structuredContent!.packs as { id: string }[]).some((p) => p.id === "secrets"),
        );
      });

      await t.step("rules_test runs the packs in force, and a pack given as YAML", async () => {
        const all = await call("rules_test", {});
        assert.equal(all.structuredContent!.ok, true);
        const pack = FAILING_PACK;
        const mine = await call("rules_test", { pack_yaml: pack });
        assert.equal(mine.structuredContent!.ok, false);
        const rule = (mine.structuredContent!.rules as {
          fn: number;
          tp: number;
          failures: { test: string; line: number }[];
        }[])[0];
        assert.deepEqual([rule.tp, rule.fn], [1, 1]);
        assert.deepEqual(rule.failures.map((f) => [f.test, f.line]), [["make build", 11]]);

        const broken = await call("rules_test", {
          pack_yaml: pack.replace("severity: high", "severity: huge"),
        });
        assert.equal(broken.isError, true);
        assert.match(
          broken.content[0].text,
          /RULE_PACK_INVALID.*line 7, column 15, rule "mine.make-deploy"/,
        );
      });
    } finally {
      await client.close();
    }
  },
});
