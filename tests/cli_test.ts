// The CLI as a user runs it: a real `deno run mod.ts ...` process per case.

import assert from "node:assert/strict";
import { COMMANDS } from "../core/cli.ts";
import { childEnv, FAILING_PACK, runTaskorch, taskorchArgs } from "./support.ts";

const home = await Deno.makeTempDir();

Deno.test("cli: --help works for the program and every subcommand", async () => {
  const top = await runTaskorch(["--help"], { home });
  assert.equal(top.code, 0);
  for (const command of COMMANDS) {
    assert.match(top.stdout, new RegExp(`\\b${command.name}\\b`));
    const help = await runTaskorch([command.name, "--help"], { home });
    assert.equal(help.code, 0, `${command.name} --help exits 0`);
    assert.match(help.stdout, new RegExp(`^Usage: taskorch ${command.name}`));
  }
});

Deno.test("cli: version prints the package version", async () => {
  const config = JSON.parse(await Deno.readTextFile(new URL("../deno.json", import.meta.url)));
  const out = await runTaskorch(["version", "--json"], { home });
  assert.equal(out.code, 0);
  assert.deepEqual(JSON.parse(out.stdout), {
    name: "@taskorch/mcp",
    version: config.version,
    deno: Deno.version.deno,
  });
});

Deno.test("cli: an unknown command or flag is a usage error with a hint", async () => {
  const typo = await runTaskorch(["sevre"], { home });
  assert.equal(typo.code, 2);
  assert.match(typo.stderr, /unknown command "sevre"; did you mean "serve"\?/);
  const flag = await runTaskorch(["check", "--nope"], { home });
  assert.equal(flag.code, 2);
  assert.match(flag.stderr, /taskorch check: .*--nope.*\[CLI_USAGE\]/);
  const port = await runTaskorch(["serve", "--http", "--port", "http"], { home });
  assert.equal(port.code, 2);
  assert.match(port.stderr, /--port must be a whole number from 0 to 65535, got "http"/);
});

Deno.test("cli: check --jsonl reads stdin and answers one line per line", async () => {
  const input = [
    JSON.stringify({ id: 1, hook_event_name: "UserPromptSubmit", prompt: "hello" }),
    "garbage",
  ].join("\n");
  const out = await runTaskorch(["check", "--jsonl", "-"], { home, stdin: input });
  assert.equal(out.code, 0);
  const lines = out.stdout.trimEnd().split("\n").map((l) => JSON.parse(l));
  assert.deepEqual(lines[0], { id: 1, decision: "allow", risk: 0, findings: [] });
  assert.equal(lines[1].line, 2);
  assert.match(out.stderr, /1 malformed line/);
});

Deno.test("cli: check of a missing file names the file", async () => {
  const out = await runTaskorch(["check", "--jsonl", "/nonexistent/x.jsonl"], { home });
  assert.equal(out.code, 2);
  assert.match(out.stderr, /Cannot read "\/nonexistent\/x.jsonl"/);
});

Deno.test("cli: hook prints hook output JSON and exits 0", async () => {
  const payload = {
    hook_event_name: "PreToolUse",
    tool_name: "Bash",
    tool_input: { command: "ls" },
  };
  const out = await runTaskorch(["hook"], { home, stdin: JSON.stringify(payload) });
  assert.equal(out.code, 0);
  assert.deepEqual(JSON.parse(out.stdout), {});
});

Deno.test("cli: a malformed hook payload gets a precise message and fails open", async () => {
  const out = await runTaskorch(["hook"], { home, stdin: '{"tool_name": "Bash"' });
  assert.equal(out.code, 0);
  const parsed = JSON.parse(out.stdout);
  assert.match(parsed.systemMessage, /could not parse the payload: it is not JSON/);
  const missing = await runTaskorch(["hook"], { home, stdin: '{"tool_name": "Bash"}' });
  assert.match(JSON.parse(missing.stdout).systemMessage, /"hook_event_name" is missing/);
  const empty = await runTaskorch(["hook"], { home, stdin: "" });
  assert.match(JSON.parse(empty.stdout).systemMessage, /stdin was empty/);
});

Deno.test("cli: with --fail-closed a malformed hook payload exits 2 with the reason", async () => {
  const out = await runTaskorch(["hook", "--fail-closed"], { home, stdin: "[]" });
  assert.equal(out.code, 2);
  assert.equal(out.stdout, "");
  assert.match(out.stderr, /expected a JSON object, got array \(failing closed\)/);
  const env = await runTaskorch(["hook"], {
    home,
    stdin: "[]",
    env: { TASKORCH_FAIL_CLOSED: "1" },
  });
  assert.equal(env.code, 2);
});

Deno.test("cli: started in a terminal, serve prints the URL, token and claude line", async () => {
  // `script` gives the child a real pseudo-terminal, as a person's shell would.
  const tokenHome = await Deno.makeTempDir();
  const command = [Deno.execPath(), ...taskorchArgs("serve", "--port", "0")]
    .map((a) => `'${a}'`).join(" ");
  const child = new Deno.Command("script", {
    args: ["-qfec", command, "/dev/null"],
    env: childEnv(tokenHome),
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  const deadline = Date.now() + 20_000;
  while (!seen.includes("Ctrl+C") && Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    seen += value;
  }
  child.kill("SIGTERM");
  reader.releaseLock();
  await child.stdout.cancel().catch(() => {});
  await child.stderr.cancel().catch(() => {});
  await child.stdin.close().catch(() => {});
  await child.status;
  assert.match(seen, /serving MCP over Streamable HTTP at http:\/\/127\.0\.0\.1:\d+\/mcp/);
  assert.match(seen, new RegExp(`token:\\s+${tokenHome}/http-token \\(just created, mode 0600\\)`));
  assert.match(
    seen,
    /claude mcp add --transport http taskorch http:\/\/127\.0\.0\.1:\d+\/mcp --header "Authorization: Bearer \$\(cat .*http-token\)"/,
  );
  assert.match(seen, /claude mcp add taskorch -- .*tools\/deno run -A .*mod\.ts serve/);
});

Deno.test("cli: check --command prints the verdict readably, --json as JSON, --fail-on sets the exit", async () => {
  const text = await runTaskorch(
    ["check", "--command", "rm -rf ~", "--cwd", "/home/user/project"],
    { home },
  );
  assert.equal(text.code, 0);
  assert.match(text.stdout, /^DENY {2}risk 0\.\d+/);
  assert.match(text.stdout, /\[critical\] fs\./);
  const json = await runTaskorch(["check", "--command", "ls", "--json"], { home });
  assert.equal(JSON.parse(json.stdout).decision, "allow");
  const failOn = await runTaskorch(["check", "--command", "rm -rf /", "--fail-on", "deny"], {
    home,
  });
  assert.equal(failOn.code, 1);
});

Deno.test("cli: hook denies a destructive command with a reason for the agent", async () => {
  const payload = {
    hook_event_name: "PreToolUse",
    tool_name: "Bash",
    tool_input: { command: "sudo rm -rf --no-preserve-root /" },
    cwd: "/home/user/project",
  };
  const out = await runTaskorch(["hook"], { home, stdin: JSON.stringify(payload) });
  assert.equal(out.code, 0);
  const parsed = JSON.parse(out.stdout);
  assert.equal(parsed.hookSpecificOutput.permissionDecision, "deny");
  assert.match(parsed.hookSpecificOutput.permissionDecisionReason, /^taskorch deny:/);
});

Deno.test("cli: rules test and lint report failures with file, line and rule", async () => {
  const dir = await Deno.makeTempDir();
  const pack = FAILING_PACK;
  await Deno.writeTextFile(`${dir}/mine.yaml`, pack);
  await Deno.writeTextFile(`${dir}/broken.yaml`, pack.replace("category: other", "category: bad"));

  const all = await runTaskorch(["rules", "test"], { home });
  assert.equal(all.code, 0, all.stdout + all.stderr);
  assert.match(all.stdout, /FP 0 {2}FN 0 {2}all tests pass\n$/);

  const mine = await runTaskorch(["rules", "test", `${dir}/mine.yaml`], { home });
  assert.equal(mine.code, 1);
  assert.match(mine.stdout, /FAIL mine\.make-deploy +TP 1 {2}TN 1 {2}FP 0 {2}FN 1/);
  assert.match(
    mine.stdout,
    new RegExp(`missed \\(should fire\\): "make build" at ${dir}/mine\\.yaml:11:`),
  );

  const lint = await runTaskorch(["rules", "lint", `${dir}/mine.yaml`, `${dir}/broken.yaml`], {
    home,
  });
  assert.equal(lint.code, 1);
  assert.match(lint.stdout, /ok {3}.*mine\.yaml: mine 1\.0\.0, 1 rules/);
  assert.match(
    lint.stderr,
    /broken\.yaml": line 6, column 15, rule "mine\.make-deploy": "category" must be one of/,
  );

  const unloadable = await runTaskorch(["rules", "test", `${dir}/broken.yaml`], { home });
  assert.equal(unloadable.code, 1);
  assert.match(unloadable.stdout, /FAILED: 1 pack\(s\) did not load/);
  assert.doesNotMatch(unloadable.stdout, /all tests pass/);

  const list = await runTaskorch(["rules", "list", "--json"], { home });
  assert.ok(JSON.parse(list.stdout).some((r: { pack: string }) => r.pack === "secrets"));
});
