import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { TaskorchError } from "./errors.ts";
import { pluginUrl, type SandboxOptions, startPlugin } from "./sandbox.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const FIXTURES = `${ROOT}tests/fixtures/plugins/`;
const CONFIG = `${ROOT}deno.json`;
const prompt = (text: string) => ({ hook_event_name: "UserPromptSubmit", prompt: text });

async function rejectsWith(promise: Promise<unknown>, code: string, pattern?: RegExp) {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof TaskorchError, `expected a TaskorchError, got ${error}`);
  assert.equal(error.code, code, error.message);
  if (pattern) assert.match(error.message, pattern);
}

function echo(options: SandboxOptions = {}) {
  return startPlugin(`${FIXTURES}echo_guard.ts`, { config: CONFIG, kind: "guard", ...options });
}

Deno.test("sandbox: hello gives the validated meta, a call gives validated findings", async () => {
  const guard = await echo();
  try {
    assert.deepEqual(guard.meta, {
      name: "echo-guard",
      version: "1.0.0",
      description: "Flags prompts that contain a word (sandbox test fixture).",
      kind: "guard",
      permissions: {},
    });
    assert.deepEqual(await guard.check(prompt("nothing here")), { findings: [] });
    const result = await guard.check(prompt("danger ahead"));
    assert.deepEqual(result.findings.map((f) => f.rule), ["echo.word"]);
    assert.deepEqual(guard.status().state, "ready");
  } finally {
    await guard.close();
  }
});

Deno.test("sandbox: options are validated by the plugin's schema and reach ctx.options", async () => {
  const guard = await echo({ options: { word: "rm" } });
  try {
    assert.deepEqual((await guard.check(prompt("please rm it"))).findings.length, 1);
    assert.deepEqual((await guard.check(prompt("danger"))).findings.length, 0);
  } finally {
    await guard.close();
  }
  await rejectsWith(echo({ options: { word: 42 } }), "PLUGIN_INVALID", /invalid options: word/);
});

Deno.test("sandbox: per-call options lie over the operator's, validated by the schema", async () => {
  const guard = await echo({ options: { word: "rm" } });
  try {
    const call = (text: string, word: unknown) =>
      guard.check(prompt(text), { pluginOptions: { word } });
    assert.equal((await call("push --force", "force")).findings.length, 1);
    assert.equal((await call("please rm it", "force")).findings.length, 0);
    // Without per-call options the operator's hold again.
    assert.equal((await guard.check(prompt("please rm it"))).findings.length, 1);
    await rejectsWith(call("x", 7), "PLUGIN_CALL_FAILED", /this call's invalid options: word/);
    // A bad call does not hurt the process.
    assert.equal((await call("force", "force")).findings.length, 1);
    assert.equal(guard.status().state, "ready");
  } finally {
    await guard.close();
  }
});

Deno.test("sandbox: concurrent calls are multiplexed by id and answered out of order", async () => {
  const guard = await echo();
  try {
    const order: string[] = [];
    const slow = guard.check(prompt("sleep:200")).then(() => order.push("slow"));
    const fast = guard.check(prompt("danger")).then(() => order.push("fast"));
    const many = Array.from({ length: 50 }, (_, i) => guard.check(prompt(`danger ${i}`)));
    await Promise.all([slow, fast, ...many]);
    assert.deepEqual(order, ["fast", "slow"]);
    for (const result of await Promise.all(many)) assert.deepEqual(result.findings.length, 1);
  } finally {
    await guard.close();
  }
});

Deno.test("sandbox: a plugin that throws or answers a bad shape fails that call only", async () => {
  const guard = await echo();
  try {
    await rejectsWith(guard.check(prompt("throw")), "PLUGIN_CALL_FAILED", /asked to throw/);
    await rejectsWith(
      guard.check(prompt("malformed")),
      "PLUGIN_INVALID",
      /findings\[0\]\.category/,
    );
    assert.deepEqual(await guard.check(prompt("ok")), { findings: [] });
    assert.deepEqual(guard.status().restarts, 0);
  } finally {
    await guard.close();
  }
});

Deno.test("sandbox: a timeout kills the process with SIGKILL; the next call restarts it", async () => {
  const guard = await echo({ timeoutMs: 300, backoffMs: 10 });
  try {
    const before = Number((await guard.check(prompt("pid"))).findings[0].message);
    const sibling = guard.check(prompt("sleep:2000"), { timeoutMs: 5000 });
    await rejectsWith(guard.check(prompt("sleep:5000")), "PLUGIN_TIMEOUT", /SIGKILL/);
    await rejectsWith(sibling, "PLUGIN_CRASHED", /overran its 300 ms timeout/);
    assert.deepEqual(guard.status().state, "down");
    assert.deepEqual(guard.status().crashesInARow, 1);
    const after = Number((await guard.check(prompt("pid"))).findings[0].message);
    assert.ok(after !== before, "a new process serves");
    assert.deepEqual(guard.status(), { state: "ready", crashesInARow: 0, restarts: 1, pid: after });
    assert.ok(guard.reports().some((r) => r.kind === "timeout"));
    assert.ok(guard.reports().some((r) => r.kind === "restart"));
  } finally {
    await guard.close();
  }
});

Deno.test("sandbox: restarts back off exponentially and the plugin is broken after N in a row", async () => {
  const guard = await startPlugin(`${FIXTURES}exit_later.ts`, {
    maxCrashes: 3,
    backoffMs: 100,
  });
  try {
    const started = performance.now();
    for (let i = 0; i < 3; i++) {
      await rejectsWith(guard.check(prompt("exit")), "PLUGIN_CRASHED", /exit code 7/);
    }
    // Two restarts waited 100 ms and 200 ms.
    assert.ok(performance.now() - started >= 300, "backoff waited");
    assert.deepEqual(guard.status().state, "broken");
    await rejectsWith(guard.check(prompt("fine")), "PLUGIN_BROKEN", /3 times in a row/);
    assert.ok(guard.reports().some((r) => r.kind === "broken"));
  } finally {
    await guard.close();
  }
});

Deno.test("sandbox: a successful call resets the failures in a row", async () => {
  const guard = await startPlugin(`${FIXTURES}exit_later.ts`, { maxCrashes: 2, backoffMs: 1 });
  try {
    for (let i = 0; i < 3; i++) {
      await rejectsWith(guard.check(prompt("exit")), "PLUGIN_CRASHED");
      assert.deepEqual(await guard.check(prompt("fine")), { findings: [] });
    }
    assert.deepEqual(guard.status().state, "ready");
  } finally {
    await guard.close();
  }
});

Deno.test("sandbox: a plugin asking for more than the grant is refused, naming the permission", async () => {
  await rejectsWith(
    startPlugin(`${FIXTURES}greedy.ts`, { grant: { env: ["HOME"] } }),
    "PLUGIN_PERMISSION_DENIED",
    /net permission "example\.com".*granted net: nothing/,
  );
  await rejectsWith(
    startPlugin(`${FIXTURES}greedy.ts`, { grant: { net: ["example.com"] } }),
    "PLUGIN_PERMISSION_DENIED",
    /env permission "HOME"/,
  );
  const granted = await startPlugin(`${FIXTURES}greedy.ts`, {
    grant: { env: ["HOME"], net: ["example.com:443", "example.com"] },
  });
  assert.deepEqual(granted.meta.permissions, { env: ["HOME"], net: ["example.com"] });
  await granted.close();
});

Deno.test("sandbox: a module that is not a plugin, or of another kind, is refused", async () => {
  await rejectsWith(
    startPlugin(`${FIXTURES}no_default.ts`),
    "PLUGIN_INVALID",
    /no default export/,
  );
  await rejectsWith(
    startPlugin(`${FIXTURES}loop.ts`, { kind: "grader" }),
    "PLUGIN_INVALID",
    /expected grader, got guard/,
  );
  const guard = await startPlugin(`${FIXTURES}loop.ts`);
  try {
    await rejectsWith(guard.grade({}), "PLUGIN_INVALID", /is a guard, not a grader/);
  } finally {
    await guard.close();
  }
});

Deno.test("sandbox: close ends the process; later calls fail with PLUGIN_CLOSED", async () => {
  const guard = await echo({ graceMs: 200 });
  const pending = guard.check(prompt("sleep:100"));
  await guard.close();
  // The runner finishes in-flight calls after stdin closes, within the grace period.
  assert.deepEqual(await pending, { findings: [] });
  assert.deepEqual(guard.status().state, "closed");
  await rejectsWith(guard.check(prompt("x")), "PLUGIN_CLOSED");
  await guard.close();
});

Deno.test("sandbox: close kills a process that does not exit in its grace period", async () => {
  const guard = await startPlugin(`${FIXTURES}loop.ts`, { graceMs: 100, timeoutMs: 10_000 });
  const stuck = guard.check(prompt("loop"));
  await new Promise((r) => setTimeout(r, 50));
  await guard.close();
  await rejectsWith(stuck, "PLUGIN_CLOSED");
});

Deno.test("pluginUrl: paths become file URLs, specifiers stay", () => {
  assert.deepEqual(pluginUrl("p/x.ts", "/w"), "file:///w/p/x.ts");
  assert.deepEqual(pluginUrl("/a b/x.ts", "/w"), "file:///a%20b/x.ts");
  assert.deepEqual(pluginUrl("npm:taskorch-guard@1", "/w"), "npm:taskorch-guard@1");
  assert.deepEqual(pluginUrl("https://example.com/g.ts", "/w"), "https://example.com/g.ts");
});
