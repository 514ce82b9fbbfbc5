import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { applyConfig, defaultConfig } from "../config.ts";
import { openStore } from "../store.ts";
import { BUILTIN_PROVIDERS } from "./builtin.ts";
import { openProviders } from "./open.ts";
import { shareProviders, withProviders } from "./shared.ts";

const config = applyConfig(defaultConfig(), {
  plugins: [{ from: fileURLToPath(BUILTIN_PROVIDERS.echo), kind: "provider", name: "echo" }],
}, "/tmp/shared-test/.taskorch/config.yaml");
const hello = { messages: [{ role: "user" as const, content: "hello" }] };

Deno.test({
  name: "shareProviders: opens once on first use, retries a failed open, closes the plugins",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    using store = await openStore({ path: ":memory:" });
    let opens = 0;
    const shared = shareProviders(async () => {
      if (++opens === 1) throw new Error("first open fails");
      return await openProviders(store, config);
    });
    assert.equal(shared.opened, false);
    await assert.rejects(shared.get(), /first open fails/);
    assert.equal(shared.opened, false, "a failed open is not kept");
    const [a, b] = await Promise.all([shared.get(), shared.get()]);
    assert.equal(a, b);
    assert.equal(opens, 2);
    assert.equal((await a.complete("echo", hello, { caller: "test" })).text, "hello");
    await shared.close();
    assert.equal(shared.opened, false);
    await assert.rejects(
      a.complete("echo", hello, { caller: "test" }),
      /The providers are closed/,
    );
    await assert.rejects(shared.get(), /closed/);
    assert.equal(opens, 2, "nothing is opened after close");
  },
});

Deno.test({
  name: "withProviders: shared ones are used and left open; otherwise opened and closed",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    using store = await openStore({ path: ":memory:" });
    const shared = shareProviders(() => openProviders(store, config));
    let opened = 0;
    const open = () => (opened++, openProviders(store, config));
    const first = await withProviders(shared.get, open, async (p) => {
      await p.complete("echo", hello, { caller: "test" });
      return p;
    });
    assert.equal(opened, 0);
    assert.equal((await first.complete("echo", hello, { caller: "t" })).text, "hello");
    const own = await withProviders(undefined, open, async (p) => {
      await p.complete("echo", hello, { caller: "test" });
      return p;
    });
    assert.equal(opened, 1);
    await assert.rejects(own.complete("echo", hello, { caller: "t" }), /closed/);
    await shared.close();
  },
});
