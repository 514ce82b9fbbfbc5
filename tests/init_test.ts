// `taskorch init claude` through the real CLI process, against settings files that already
// hold a user's hooks and servers, in temporary folders (never the real ~/.claude).

import assert from "node:assert/strict";
import { hookContractErrors } from "../core/claude/hook_contract.ts";
import { HOOKED_EVENTS } from "../core/claude/settings.ts";
import { runTaskorch } from "./support.ts";

const THEIR_SETTINGS = {
  model: "opus",
  permissions: { allow: ["Bash(npm test)"] },
  hooks: {
    PreToolUse: [{ matcher: "Bash", hooks: [{ type: "command", command: "./scripts/guard.sh" }] }],
    Stop: [{ hooks: [{ type: "command", command: "say done" }] }],
  },
};
const THEIR_MCP = { mcpServers: { github: { type: "stdio", command: "npx", args: ["gh-mcp"] } } };

interface Fixture {
  dir: string;
  home: string;
  settings: string;
  mcp: string;
}

async function project(): Promise<Fixture> {
  const dir = await Deno.makeTempDir();
  await Deno.mkdir(`${dir}/.claude`);
  const settings = `${dir}/.claude/settings.json`;
  const mcp = `${dir}/.mcp.json`;
  await Deno.writeTextFile(settings, JSON.stringify(THEIR_SETTINGS, null, 2));
  await Deno.writeTextFile(mcp, JSON.stringify(THEIR_MCP));
  return { dir, home: `${dir}/home`, settings, mcp };
}

async function init(fx: Fixture, ...args: string[]) {
  return await runTaskorch(["init", "claude", ...args], {
    home: fx.home,
    env: { HOME: fx.home, CLAUDE_CONFIG_DIR: "", DENO_DIR },
  });
}

/** Deno's cache, kept when a test moves HOME (or Deno would fetch every dependency again). */
const DENO_DIR = Deno.env.get("DENO_DIR") ?? `${Deno.env.get("HOME")}/.cache/deno`;

const read = async (path: string) => JSON.parse(await Deno.readTextFile(path));

Deno.test("init: merges into a project's settings, keeps theirs, is idempotent, removes only ours", async () => {
  const fx = await project();
  const originalSettings = await Deno.readTextFile(fx.settings);
  const originalMcp = await Deno.readTextFile(fx.mcp);

  const dry = await init(fx, "--dir", fx.dir, "--dry-run");
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /PreToolUse: add taskorch's command hook/);
  assert.match(dry.stdout, /\+{3} .*settings\.json\n@@ /);
  assert.match(dry.stdout, /Dry run: nothing was written/);
  assert.equal(await Deno.readTextFile(fx.settings), originalSettings);
  await assert.rejects(Deno.stat(`${fx.settings}.bak`));

  const first = await init(fx, "--dir", fx.dir);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /Installed\. Previous versions kept as .*settings\.json\.bak/);
  assert.equal(await Deno.readTextFile(`${fx.settings}.bak`), originalSettings);
  const settings = await read(fx.settings);
  assert.equal(settings.model, "opus");
  assert.deepEqual(settings.permissions, THEIR_SETTINGS.permissions);
  assert.deepEqual(settings.hooks.PreToolUse[0], THEIR_SETTINGS.hooks.PreToolUse[0]);
  assert.deepEqual(settings.hooks.Stop[0], THEIR_SETTINGS.hooks.Stop[0]);
  for (const event of HOOKED_EVENTS) {
    const ours = settings.hooks[event].at(-1).hooks[0];
    assert.equal(ours.type, "command");
    assert.match(ours.command, /mod\.ts hook$/);
  }
  const mcp = await read(fx.mcp);
  assert.deepEqual(Object.keys(mcp.mcpServers), ["github", "taskorch"]);
  assert.equal(mcp.mcpServers.taskorch.args.at(-1), "serve");

  const installed = await Deno.readTextFile(fx.settings);
  const second = await init(fx, "--dir", fx.dir);
  assert.equal(second.code, 0);
  assert.match(second.stdout, /already installed: nothing to change/);
  assert.equal(await Deno.readTextFile(fx.settings), installed);

  const removed = await init(fx, "--dir", fx.dir, "--remove");
  assert.equal(removed.code, 0, removed.stderr);
  assert.match(removed.stdout, /Stop: remove taskorch's hook/);
  assert.deepEqual(await read(fx.settings), THEIR_SETTINGS);
  assert.deepEqual(await read(fx.mcp), JSON.parse(originalMcp));
  const again = await init(fx, "--dir", fx.dir, "--remove");
  assert.match(again.stdout, /not installed there: nothing to remove/);
});

Deno.test("init: the installed hook command runs taskorch from any folder", async () => {
  const fx = await project();
  assert.equal((await init(fx, "--dir", fx.dir)).code, 0);
  const settings = await read(fx.settings);
  const command: string = settings.hooks.PreToolUse.at(-1).hooks[0].command;
  const elsewhere = await Deno.makeTempDir();
  const child = new Deno.Command("sh", {
    args: ["-c", command],
    cwd: elsewhere,
    env: {
      TASKORCH_HOME: fx.home,
      TASKORCH_KV: ":memory:",
      HOME: fx.home,
      PATH: "/usr/bin:/bin",
      DENO_DIR,
    },
    clearEnv: true,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify({
    hook_event_name: "PreToolUse",
    session_id: "s",
    cwd: elsewhere,
    tool_name: "Bash",
    tool_input: { command: "rm -rf /" },
  })));
  await writer.close();
  const out = await child.output();
  const stdout = new TextDecoder().decode(out.stdout);
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  const parsed = JSON.parse(stdout);
  assert.equal(parsed.hookSpecificOutput.permissionDecision, "deny");
  assert.deepEqual(hookContractErrors("PreToolUse", parsed), []);
});

Deno.test("init: malformed JSON is reported with file, line and column, and nothing is written", async () => {
  const fx = await project();
  const broken = '{\n  "hooks": {\n    "Stop": []\n  }\n  "model": "x"\n}\n';
  await Deno.writeTextFile(fx.settings, broken);
  const mcpBefore = await Deno.readTextFile(fx.mcp);
  const out = await init(fx, "--dir", fx.dir);
  assert.equal(out.code, 1);
  assert.match(
    out.stderr,
    new RegExp(`Cannot read ${fx.settings.replaceAll(".", "\\.")}:5:3: it is not valid JSON`),
  );
  assert.match(out.stderr, /\[CONFIG_INVALID\]/);
  assert.equal(await Deno.readTextFile(fx.settings), broken);
  assert.equal(await Deno.readTextFile(fx.mcp), mcpBefore, "the other file is untouched too");
  await assert.rejects(Deno.stat(`${fx.mcp}.bak`));
});

Deno.test("init --user writes ~/.claude/settings.json and ~/.claude.json, keeping their keys", async () => {
  const home = await Deno.makeTempDir();
  const fx: Fixture = {
    dir: home,
    home,
    settings: `${home}/.claude/settings.json`,
    mcp: `${home}/.claude.json`,
  };
  const state = { numStartups: 12, projects: { "/w": { allowedTools: [] } }, ...THEIR_MCP };
  await Deno.writeTextFile(fx.mcp, JSON.stringify(state));
  const out = await init(fx, "--user");
  assert.equal(out.code, 0, out.stderr);
  const settings = await read(fx.settings);
  assert.equal(Object.keys(settings.hooks).length, HOOKED_EVENTS.length);
  const mcp = await read(fx.mcp);
  assert.equal(mcp.numStartups, 12);
  assert.deepEqual(mcp.projects, state.projects);
  assert.deepEqual(Object.keys(mcp.mcpServers), ["github", "taskorch"]);
  const usage = await init(fx, "--user", "--project");
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /choose one of --project and --user/);
});

Deno.test("init --http writes http hooks to the server's /hook with the token from the environment", async () => {
  const fx = await project();
  const out = await init(fx, "--dir", fx.dir, "--http", "http://127.0.0.1:7420");
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stdout, /Export TASKORCH_TOKEN/);
  const settings = await read(fx.settings);
  assert.deepEqual(settings.hooks.PostToolUse.at(-1), {
    matcher: "*",
    hooks: [{
      type: "http",
      url: "http://127.0.0.1:7420/hook",
      headers: { Authorization: "Bearer $TASKORCH_TOKEN" },
      allowedEnvVars: ["TASKORCH_TOKEN"],
      timeout: 10,
    }],
  });
  assert.deepEqual((await read(fx.mcp)).mcpServers.taskorch, {
    type: "http",
    url: "http://127.0.0.1:7420/mcp",
    headers: { Authorization: "Bearer ${TASKORCH_TOKEN}" },
  });
  // Switching back to the process route replaces ours, still once per event.
  assert.equal((await init(fx, "--dir", fx.dir)).code, 0);
  const back = await read(fx.settings);
  assert.equal(back.hooks.PostToolUse.length, 1);
  assert.equal(back.hooks.PostToolUse[0].hooks[0].type, "command");
});
