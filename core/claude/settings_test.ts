import assert from "node:assert/strict";
import {
  commandHook,
  HOOKED_EVENTS,
  httpHook,
  installHooks,
  installServer,
  isOurHook,
  mcpServer,
  removeHooks,
  removeServer,
  runsTaskorch,
  serverOrigin,
} from "./settings.ts";

const ARGV = [
  "/opt/deno",
  "run",
  "-A",
  "--config",
  "/src/taskorch/deno.json",
  "/src/taskorch/mod.ts",
];
const isMod = (path: string) => path === "/src/taskorch/mod.ts" || path === "/old/mod.ts";
const hook = commandHook(ARGV);
const FILE = "settings.json";

const theirs = () => ({
  model: "opus",
  hooks: {
    PreToolUse: [
      { matcher: "Bash", hooks: [{ type: "command", command: "./guard.sh" }] },
      { matcher: "Edit|Write", hooks: [{ type: "command", command: "prettier --write" }] },
    ],
    Notification: [{ hooks: [{ type: "command", command: "notify-send hi" }] }],
  },
});

type Groups = Record<string, { matcher?: string; hooks: Record<string, unknown>[] }[]>;

Deno.test("installHooks keeps the user's hooks in order and appends ours once per event", () => {
  const { data, changed, changes } = installHooks(theirs(), hook, FILE, isMod);
  assert.ok(changed);
  assert.equal(data.model, "opus");
  const hooks = data.hooks as Groups;
  assert.deepEqual(hooks.PreToolUse.slice(0, 2), theirs().hooks.PreToolUse);
  assert.deepEqual(hooks.PreToolUse[2], { matcher: "*", hooks: [hook] });
  assert.deepEqual(hooks.Stop, [{ hooks: [hook] }]);
  assert.deepEqual(hooks.Notification, theirs().hooks.Notification);
  for (const event of HOOKED_EVENTS) assert.equal(hooks[event].length > 0, true, event);
  assert.equal(changes.length, HOOKED_EVENTS.length);
  const again = installHooks(data, hook, FILE, isMod);
  assert.equal(again.changed, false);
  assert.ok(again.changes.every((c) => c.endsWith("already installed")));
});

Deno.test("installHooks updates a moved or outdated hook of ours in place and drops duplicates", () => {
  const old = { type: "command", command: "/old/deno run -A /old/mod.ts hook", timeout: 5 };
  const settings = {
    hooks: {
      PreToolUse: [
        { matcher: "Bash", hooks: [{ type: "command", command: "./guard.sh" }, old] },
        { matcher: "*", hooks: [old] },
      ],
    },
  };
  const { data, changes } = installHooks(settings, hook, FILE, isMod);
  const pre = (data.hooks as Groups).PreToolUse;
  assert.deepEqual(pre, [
    { matcher: "Bash", hooks: [{ type: "command", command: "./guard.sh" }, hook] },
  ]);
  assert.match(changes[0], /update taskorch's hook \(and drop 1 duplicate\)/);
});

Deno.test("removeHooks takes out exactly ours and the containers only ours filled", () => {
  const installed = installHooks(theirs(), hook, FILE, isMod).data;
  const { data, changed } = removeHooks(installed, FILE, isMod);
  assert.ok(changed);
  assert.deepEqual(data, theirs());
  const none = removeHooks({ hooks: { Stop: [{ hooks: [hook] }] } }, FILE, isMod).data;
  assert.deepEqual(none, {});
  assert.equal(removeHooks(theirs(), FILE, isMod).changed, false);
});

Deno.test("a user's hook that merely mentions hook or mod.ts is not ours", () => {
  for (
    const command of [
      "./hook",
      "deno run /elsewhere/mod.ts hook", // another project's mod.ts
      "echo taskorch",
      "taskorch-lint hook",
    ]
  ) assert.equal(isOurHook({ type: "command", command }, isMod), false, command);
  for (
    const command of [
      "taskorch hook",
      "deno run -A --unstable-kv jsr:@taskorch/mcp@0.1.0 hook",
      "'/opt/my deno' run -A '/old/mod.ts' hook --fail-closed",
    ]
  ) assert.equal(isOurHook({ type: "command", command }, isMod), true, command);
  assert.equal(runsTaskorch("taskorch serve", isMod), true);
  assert.equal(isOurHook({ type: "http", url: "http://127.0.0.1:9/hook" }, isMod), false);
  assert.equal(isOurHook(httpHook("http://127.0.0.1:7420"), isMod), true);
});

Deno.test("http hooks send the token from TASKORCH_TOKEN and replace a command hook of ours", () => {
  const origin = serverOrigin("http://127.0.0.1:7420/mcp");
  assert.equal(origin, "http://127.0.0.1:7420");
  const http = httpHook(origin);
  assert.deepEqual(http, {
    type: "http",
    url: "http://127.0.0.1:7420/hook",
    headers: { Authorization: "Bearer $TASKORCH_TOKEN" },
    allowedEnvVars: ["TASKORCH_TOKEN"],
    timeout: 10,
  });
  const withCommand = installHooks(theirs(), hook, FILE, isMod).data;
  const switched = installHooks(withCommand, http, FILE, isMod).data;
  const pre = (switched.hooks as Groups).PreToolUse;
  assert.deepEqual(pre[2], { matcher: "*", hooks: [http] });
  assert.throws(() => serverOrigin("127.0.0.1:7420"), /--http needs/);
});

Deno.test("installServer adds taskorch, keeps other servers and never takes a foreign name", () => {
  const config = { numStartups: 3, mcpServers: { github: { command: "npx", args: ["gh"] } } };
  const server = mcpServer(ARGV);
  assert.deepEqual(server, {
    type: "stdio",
    command: "/opt/deno",
    args: ["run", "-A", "--config", "/src/taskorch/deno.json", "/src/taskorch/mod.ts", "serve"],
  });
  const { data } = installServer(config, server, FILE, isMod);
  assert.equal(data.numStartups, 3);
  assert.deepEqual(Object.keys(data.mcpServers as object), ["github", "taskorch"]);
  assert.equal(installServer(data, server, FILE, isMod).changed, false);
  const foreign = { mcpServers: { taskorch: { command: "python", args: ["other.py"] } } };
  const kept = installServer(foreign, server, FILE, isMod);
  assert.equal(kept.changed, false);
  assert.match(kept.changes[0], /not taskorch's; left as is/);
  const renamed = { mcpServers: { immune: { command: "taskorch", args: ["serve"] } } };
  assert.equal(installServer(renamed, server, FILE, isMod).changed, false);
  const removed = removeServer(data, FILE, isMod);
  assert.deepEqual(removed.data, {
    numStartups: 3,
    mcpServers: { github: config.mcpServers.github },
  });
  assert.equal(removeServer(foreign, FILE, isMod).changed, false);
});

Deno.test("malformed shapes are refused, naming the file and key", () => {
  assert.throws(
    () => installHooks({ hooks: [] }, hook, FILE, isMod),
    /Cannot update settings.json: "hooks" must be an object/,
  );
  assert.throws(
    () => installHooks({ hooks: { Stop: {} } }, hook, FILE, isMod),
    /"hooks.Stop" must be an array/,
  );
  assert.throws(
    () => installServer({ mcpServers: [] }, mcpServer(ARGV), ".mcp.json", isMod),
    /"mcpServers" must be an object/,
  );
});
