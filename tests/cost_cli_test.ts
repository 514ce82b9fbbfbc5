import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runTaskorch } from "./support.ts";

const FIXTURES = fileURLToPath(new URL("./fixtures/cost/", import.meta.url));

Deno.test("cli: cost import-claude, summary, budget set/list/remove through the real process", async () => {
  const home = await Deno.makeTempDir({ prefix: "taskorch_cost_cli_" });
  const env = { TASKORCH_KV: join(home, "cost.kv"), CLAUDE_CONFIG_DIR: join(home, ".claude") };
  try {
    // the default folder: this project's (the child runs in this cwd) under ~/.claude/projects
    const project = join(home, ".claude", "projects", Deno.cwd().replace(/[^A-Za-z0-9]/g, "-"));
    await Deno.mkdir(project, { recursive: true });
    await Deno.copyFile(`${FIXTURES}session_a.jsonl`, join(project, "a.jsonl"));
    const run = (...args: string[]) => runTaskorch(["cost", ...args], { home, env });

    let out = await run("import-claude");
    assert.equal(out.code, 0, out.stderr);
    assert.match(
      out.stdout,
      /imported 3 of 3 Claude Code messages from 1 transcript: \$0\.0301 \(\+1 unpriced\)/,
    );
    out = await run("import-claude", "--claude-project", project);
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /imported 0 of 3 .*\n {2}3 already in the ledger, 1 repeated lines/);
    out = await run("import-claude", `${FIXTURES}session_b_resumed.jsonl`, "--json");
    assert.equal(out.code, 0, out.stderr);
    const report = JSON.parse(out.stdout);
    assert.equal(report.imported, 1);
    assert.equal(report.alreadyImported, 1);

    out = await run("budget", "set", "provider:openai", "month", "20", "--warn-at", "0.5");
    assert.equal(out.code, 0, out.stderr);
    assert.match(
      out.stdout,
      /budget provider:openai\/month set: \$20\.00 \(warn at 0\.5, throttle at 0\.9\)/,
    );
    out = await run("budget", "set", "provider:openai", "week", "20");
    assert.equal(out.code, 2);
    assert.match(out.stderr, /period must be "day" or "month", got "week"/);
    out = await run("budget", "list", "--json");
    assert.equal(JSON.parse(out.stdout)[0].id, "provider:openai/month");

    out = await run("summary", "--json");
    assert.equal(out.code, 0, out.stderr);
    const s = JSON.parse(out.stdout);
    assert.equal(s.allTime.agent.costUsd, 0.06013);
    assert.equal(s.allTime.agent.unpricedCalls, 1);
    out = await run("summary");
    assert.match(out.stdout, /all time\s+\$0\.0601\s+\$0\.00\s+\$0\.0601\s+4\s+1/);
    assert.match(
      out.stdout,
      /Unpriced \(cost unknown, not counted as \$0\): anthropic\/claude-experimental-x ×1/,
    );
    assert.match(out.stdout, /provider:openai\/month/);

    out = await run("budget", "remove", "provider:openai", "month");
    assert.match(out.stdout, /removed/);
    out = await run("frobnicate");
    assert.equal(out.code, 2);
    assert.match(out.stderr, /say summary, budget or import-claude, not "frobnicate"/);
    out = await run("--help");
    assert.match(out.stdout, /import-claude/);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});
