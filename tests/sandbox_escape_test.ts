/**
 * Hostile plugins (tests/fixtures/plugins/) against the real sandbox: each attack is
 * contained and reported, and the host keeps serving the other plugins.
 */

import assert from "node:assert/strict";
import { TaskorchError } from "../core/errors.ts";
import { type SandboxedPlugin, startPlugin } from "../core/sandbox.ts";
import { ROOT } from "./support.ts";

const FIXTURES = `${ROOT}tests/fixtures/plugins/`;
const prompt = (text: string) => ({ hook_event_name: "UserPromptSubmit", prompt: text });

async function failure(promise: Promise<unknown>): Promise<TaskorchError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof TaskorchError, `expected a TaskorchError, got ${error}`);
  return error;
}

/** A well-behaved plugin that must keep answering while its neighbours misbehave. */
async function withBystander(test: (bystander: SandboxedPlugin) => Promise<void>): Promise<void> {
  const bystander = await startPlugin(`${FIXTURES}echo_guard.ts`, { config: `${ROOT}deno.json` });
  try {
    await test(bystander);
    assert.equal((await bystander.check(prompt("danger"))).findings.length, 1);
    assert.equal(bystander.status().restarts, 0);
  } finally {
    await bystander.close();
  }
}

Deno.test("escape: reading outside the grant is refused; the granted path is readable", async () => {
  const dir = await Deno.makeTempDir();
  const secret = `${dir}/secret.txt`;
  const allowed = `${dir}/allowed`;
  await Deno.mkdir(allowed);
  await Deno.writeTextFile(secret, "TOP-SECRET");
  await Deno.writeTextFile(`${allowed}/ok.txt`, "fine");
  const plugin = await startPlugin(`${FIXTURES}read_outside.ts`, { grant: { read: [allowed] } });
  try {
    for (const path of [secret, "/etc/passwd", `${allowed}/../secret.txt`]) {
      const error = await failure(plugin.check(prompt(path)));
      assert.equal(error.code, "PLUGIN_CALL_FAILED");
      assert.match(error.message, /NotCapable: Requires read access/);
      assert.doesNotMatch(error.message, /TOP-SECRET/);
    }
    const ok = await plugin.check(prompt(`${allowed}/ok.txt`));
    assert.equal(ok.findings[0].message, "fine");
  } finally {
    await plugin.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("escape: reaching an ungranted host is refused; the granted one answers", async () => {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, () => {
    return new Response("local secret");
  });
  const port = server.addr.port;
  try {
    const denied = await startPlugin(`${FIXTURES}net_reach.ts`, {
      grant: { net: ["example.com"] },
    });
    try {
      const error = await failure(denied.check(prompt(`http://127.0.0.1:${port}/`)));
      assert.equal(error.code, "PLUGIN_CALL_FAILED");
      assert.match(error.message, /NotCapable: Requires net access to "127\.0\.0\.1:\d+"/);
    } finally {
      await denied.close();
    }
    const granted = await startPlugin(`${FIXTURES}net_reach.ts`, {
      grant: { net: [`127.0.0.1:${port}`] },
    });
    try {
      const ok = await granted.check(prompt(`http://127.0.0.1:${port}/`));
      assert.equal(ok.findings[0].message, "local secret");
    } finally {
      await granted.close();
    }
  } finally {
    await server.shutdown();
  }
});

Deno.test("escape: only granted environment variables are visible, no prompt grants more", async () => {
  Deno.env.set("SANDBOX_TEST_ALLOWED", "visible");
  Deno.env.set("SANDBOX_TEST_SECRET", "hidden");
  const plugin = await startPlugin(`${FIXTURES}env_read.ts`, {
    grant: { env: ["SANDBOX_TEST_ALLOWED"] },
  });
  try {
    const ok = await plugin.check(prompt("SANDBOX_TEST_ALLOWED"));
    assert.equal(ok.findings[0].message, "visible");
    for (const name of ["SANDBOX_TEST_SECRET", "*", "HOME"]) {
      const error = await failure(plugin.check(prompt(name)));
      assert.match(error.message, /NotCapable: Requires env access/);
      assert.doesNotMatch(error.message, /hidden/);
    }
    const request = await plugin.check(prompt("request"));
    assert.equal(request.findings[0].message, "denied");
  } finally {
    await plugin.close();
    Deno.env.delete("SANDBOX_TEST_ALLOWED");
    Deno.env.delete("SANDBOX_TEST_SECRET");
  }
});

Deno.test("escape: spawning a process is refused", async () => {
  const plugin = await startPlugin(`${FIXTURES}spawn.ts`);
  try {
    const error = await failure(plugin.check(prompt("x")));
    assert.equal(error.code, "PLUGIN_CALL_FAILED");
    assert.match(error.message, /NotCapable: Requires run access/);
  } finally {
    await plugin.close();
  }
});

Deno.test("escape: a busy loop is killed at the timeout, the host serves, the next call restarts", async () => {
  await withBystander(async (bystander) => {
    const plugin = await startPlugin(`${FIXTURES}loop.ts`, { timeoutMs: 300, backoffMs: 10 });
    try {
      const looping = plugin.check(prompt("loop"));
      // The host's event loop is free while the plugin spins.
      assert.equal((await bystander.check(prompt("danger"))).findings.length, 1);
      const error = await failure(looping);
      assert.equal(error.code, "PLUGIN_TIMEOUT");
      assert.deepEqual(await plugin.check(prompt("fine")), { findings: [] });
      assert.equal(plugin.status().restarts, 1);
      assert.ok(plugin.reports().some((r) => r.kind === "timeout"));
    } finally {
      await plugin.close();
    }
  });
});

Deno.test("escape: unbounded allocation dies at the heap cap and is reported", async () => {
  await withBystander(async () => {
    const plugin = await startPlugin(`${FIXTURES}alloc.ts`, {
      heapMb: 64,
      timeoutMs: 20_000,
      backoffMs: 10,
    });
    try {
      const error = await failure(plugin.check(prompt("alloc")));
      assert.equal(error.code, "PLUGIN_CRASHED");
      assert.match(error.message, /out of memory \(heap cap 64 MB\)/);
      assert.ok(plugin.reports().some((r) => r.kind === "crash"));
      assert.deepEqual(await plugin.check(prompt("fine")), { findings: [] });
    } finally {
      await plugin.close();
    }
  });
});

Deno.test("escape: garbage on stdout is reported, not fatal, and cannot forge answers", async () => {
  const plugin = await startPlugin(`${FIXTURES}garbage.ts`);
  try {
    for (let i = 0; i < 3; i++) {
      assert.deepEqual(await plugin.check(prompt(`call ${i}`)), { findings: [] });
    }
    const kinds = plugin.reports().map((r) => `${r.kind}: ${r.message}`);
    assert.ok(
      kinds.some((k) => k.includes("stdout: the plugin printed on stdout: garbage at import")),
    );
    assert.ok(kinds.some((k) => k.includes("garbage during a call call 2")));
    assert.ok(kinds.some((k) => k.includes("a partial line without newline")));
    assert.ok(kinds.some((k) => k.startsWith("protocol: a malformed frame")));
    assert.ok(kinds.some((k) => k === "protocol: an answer to unknown call 999 was ignored"));
    assert.equal(plugin.status().restarts, 0);
  } finally {
    await plugin.close();
  }
});

Deno.test("escape: a crash at import is a start failure with its stderr; others serve", async () => {
  await withBystander(async () => {
    const error = await failure(startPlugin(`${FIXTURES}crash_import.ts`));
    assert.equal(error.code, "PLUGIN_START_FAILED");
    assert.match(error.message, /crash at import on purpose/);
  });
});

Deno.test("escape: the plugin process never inherits the host's environment", async () => {
  Deno.env.set("SANDBOX_TEST_SECRET", "hidden");
  const plugin = await startPlugin(`${FIXTURES}env_read.ts`, { grant: { env: ["SANDBOX_*"] } });
  try {
    // Granted by prefix: the host passes only matching variables into the process.
    const all = await plugin.check(prompt("SANDBOX_TEST_SECRET"));
    assert.equal(all.findings[0].message, "hidden");
    const error = await failure(plugin.check(prompt("PATH")));
    assert.match(error.message, /NotCapable/);
  } finally {
    await plugin.close();
    Deno.env.delete("SANDBOX_TEST_SECRET");
  }
});
