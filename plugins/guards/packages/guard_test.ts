import assert from "node:assert/strict";
import type { AgentEvent } from "../../../core/event.ts";
import { DEFAULT_TTLS, MemoryCache, type TtlCache } from "./cache.ts";
import { checkPackages, type CheckPackagesOptions } from "./guard.ts";
import { type LocalRegistry, NOW, startLocalRegistry } from "./local_registry_test.ts";
import { defaultRegistries } from "./registries.ts";
import { RULES } from "./signals.ts";

function bash(command: string, hook = "PreToolUse"): AgentEvent {
  return { hook_event_name: hook, tool_name: "Bash", tool_input: { command } };
}

function options(server: LocalRegistry, extra: Partial<CheckPackagesOptions> = {}) {
  return {
    registries: defaultRegistries({
      timeoutMs: 300,
      baseUrls: { npm: server.url, pypi: server.url, crates: server.url },
    }),
    now: () => NOW,
    ...extra,
  };
}

async function withServer(fn: (server: LocalRegistry) => Promise<void>): Promise<void> {
  const server = await startLocalRegistry();
  try {
    await fn(server);
  } finally {
    await server.close();
  }
}

Deno.test("checkPackages: each ecosystem's signals from the local registry", async () => {
  await withServer(async (server) => {
    const cases: Array<[string, string[]]> = [
      ["npm install lodahs", [`${RULES.missing}:lodahs`]],
      ["pnpm add fresh-helper", [`${RULES.new}:fresh-helper`]],
      ["yarn add expresss", [`${RULES.similar}:expresss`]],
      ["npm i left-pad gone-pkg", [`${RULES.missing}:gone-pkg`]],
      ["pip install reqeusts", [`${RULES.missing}:reqeusts`]],
      ["uv add freshly_made", [`${RULES.new}:freshly-made`]],
      ["cargo add brand-new-crate serde_jsonn", [
        `${RULES.new}:brand-new-crate`,
        `${RULES.missing}:serde_jsonn`,
      ]],
      ["cargo add serde tokio", []],
      ["deno add npm:lodahs jsr:@std/nope", [`${RULES.missing}:lodahs`]],
    ];
    for (const [command, expected] of cases) {
      const result = await checkPackages(bash(command), options(server));
      assert.equal(result.verdict, undefined, command);
      const got = result.findings.map((f) => `${f.rule}:${/"([^"]+)"/.exec(f.message)?.[1]}`);
      assert.deepEqual(got, expected, command);
      for (const finding of result.findings) {
        assert.equal(finding.category, "hallucinated_package");
        assert.ok(finding.suggestion !== undefined && finding.suggestion.length > 0);
      }
    }
  });
});

Deno.test("checkPackages: popular packages and custom registries are not looked up", async () => {
  await withServer(async (server) => {
    const result = await checkPackages(
      bash(
        "npm i react lodash && pip install requests numpy && " +
          "pip install -i https://pypi.example.com/simple internal-lib && " +
          "npm i --registry https://npm.example.com @acme/ui",
      ),
      options(server),
    );
    assert.deepEqual(result, { findings: [] });
    assert.deepEqual(server.requests, []);
  });
});

Deno.test("checkPackages: only Bash commands about to run", async () => {
  await withServer(async (server) => {
    const quiet: AgentEvent[] = [
      bash("npm i lodahs", "PostToolUse"),
      { hook_event_name: "PreToolUse", tool_name: "Write", tool_input: { command: "npm i x" } },
      { hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command: 42 } },
      { hook_event_name: "PreToolUse", tool_name: "Bash" },
      { hook_event_name: "UserPromptSubmit", prompt: "npm i lodahs" },
      bash("ls -la"),
    ];
    for (const event of quiet) {
      assert.deepEqual(await checkPackages(event, options(server)), { findings: [] });
    }
    assert.deepEqual(server.requests, []);
    const asked = await checkPackages(bash("npm i lodahs", "PermissionRequest"), options(server));
    assert.equal(asked.findings.length, 1);
  });
});

Deno.test("checkPackages: an unreachable or failing registry is unknown, never a finding", async () => {
  await withServer(async (server) => {
    const result = await checkPackages(
      bash("npm i slow-pkg error-pkg broken-pkg limited-pkg lodahs"),
      options(server),
    );
    assert.equal(result.verdict, "unknown");
    assert.deepEqual(result.findings.map((f) => f.rule), [RULES.missing]); // lodahs only
  });
  // Nothing listens on the port any more.
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const url = `http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}`;
  listener.close();
  const offline = await checkPackages(bash("pip install reqeusts && cargo add tokoi"), {
    registries: defaultRegistries({ baseUrls: { npm: url, pypi: url, crates: url } }),
  });
  assert.deepEqual(offline, { findings: [], verdict: "unknown" });
});

Deno.test("checkPackages: answers are cached with a TTL; unknown answers are not", async () => {
  await withServer(async (server) => {
    let now = NOW;
    const cache = new MemoryCache({ now: () => now });
    const opts = options(server, { cache, now: () => now });
    const command = bash("npm i lodahs fresh-helper error-pkg");
    const first = await checkPackages(command, opts);
    assert.equal(server.requests.length, 3);
    assert.equal(cache.size, 2);

    const second = await checkPackages(command, opts);
    assert.deepEqual(second, first);
    assert.deepEqual(server.requests, ["/lodahs", "/fresh-helper", "/error-pkg", "/error-pkg"]);

    // A missing name is asked again after an hour, an existing one after a day.
    now += DEFAULT_TTLS.missingMs;
    await checkPackages(command, opts);
    assert.deepEqual(server.requests.slice(4).sort(), ["/error-pkg", "/lodahs"]);
    now += DEFAULT_TTLS.existsMs;
    await checkPackages(command, opts);
    assert.deepEqual(server.requests.slice(6).sort(), ["/error-pkg", "/fresh-helper", "/lodahs"]);
  });
});

Deno.test("checkPackages: a cache holding garbage or failing is only slower", async () => {
  await withServer(async (server) => {
    const broken: TtlCache = {
      get: () => Promise.reject(new Error("KV unavailable")),
      set: () => Promise.reject(new Error("KV unavailable")),
    };
    const garbage: TtlCache = {
      get: () => Promise.resolve({ status: "exists?", createdAt: 5 }),
      set: () => Promise.resolve(),
    };
    for (const cache of [broken, garbage]) {
      const result = await checkPackages(bash("npm i lodahs"), options(server, { cache }));
      assert.deepEqual(result.findings.map((f) => f.rule), [RULES.missing]);
    }
    assert.deepEqual(server.requests, ["/lodahs", "/lodahs"]);
  });
});

Deno.test("checkPackages: the lookups are cancelled with the host's signal", async () => {
  await withServer(async (server) => {
    const controller = new AbortController();
    const pending = checkPackages(
      bash("npm i slow-one slow-two"),
      options(server, { signal: controller.signal }),
    );
    controller.abort();
    assert.deepEqual(await pending, { findings: [], verdict: "unknown" });
  });
});
