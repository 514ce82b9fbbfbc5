import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { TaskorchError } from "./errors.ts";
import {
  formatKey,
  isLockError,
  keys,
  openStore,
  resolveKvPath,
  SCHEMA_VERSION,
  Store,
  utcDay,
} from "./store.ts";

/**
 * Runs `fn` with environment variables set (undefined unsets) and restores them as soon as it
 * returns, synchronously. `deno test --parallel` runs test files in one process, so a test must
 * not leave the environment changed across an await: pass a function that starts the async work
 * (openStore resolves its path before its first await) and await the result outside.
 */
function withEnv<R>(vars: Record<string, string | undefined>, fn: () => R): R {
  const saved = Object.fromEntries(Object.keys(vars).map((name) => [name, Deno.env.get(name)]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) Deno.env.delete(name);
      else Deno.env.set(name, value);
    }
  };
  apply(vars);
  try {
    return fn();
  } finally {
    apply(saved);
  }
}

async function withTempDir<R>(fn: (dir: string) => Promise<R>): Promise<R> {
  const dir = await Deno.makeTempDir({ prefix: "taskorch_store_test_" });
  try {
    return await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function rejectsWith(
  promise: Promise<unknown>,
  code: string,
  ...fragments: string[]
): Promise<TaskorchError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof TaskorchError, `expected a TaskorchError, got ${error}`);
    assert.equal(error.code, code, error.message);
    for (const fragment of fragments) assert.ok(error.message.includes(fragment), error.message);
    return error;
  }
  assert.fail(`expected ${code}, but it resolved`);
}

/** Deno KV's encoding of a key of string parts, as stored in the SQLite `kv.k` column. */
function encodeStringKey(...parts: string[]): Uint8Array {
  const bytes: number[] = [];
  for (const part of parts) bytes.push(2, ...new TextEncoder().encode(part), 0);
  return new Uint8Array(bytes);
}

Deno.test("store: get, set, delete round trip", async () => {
  using store = await openStore({ path: ":memory:" });
  assert.equal(store.path, ":memory:");
  const absent = await store.get<{ n: number }>(["things", "a"]);
  assert.deepEqual(absent, { key: ["things", "a"], value: null, versionstamp: null });

  const versionstamp = await store.set(["things", "a"], { n: 1, tags: ["x"] });
  const found = await store.get<{ n: number; tags: string[] }>(["things", "a"]);
  assert.deepEqual(found.value, { n: 1, tags: ["x"] });
  assert.equal(found.versionstamp, versionstamp);

  await store.delete(["things", "a"]);
  assert.equal((await store.get(["things", "a"])).value, null);
  await store.delete(["things", "never-written"]);
});

Deno.test("store: getMany keeps order across rounds of 10 and reports absent keys", async () => {
  using store = await openStore({ path: ":memory:" });
  for (let i = 0; i < 25; i += 2) await store.set(["n", i], i * 10);
  const entries = await store.getMany<number>(Array.from({ length: 25 }, (_, i) => ["n", i]));
  assert.equal(entries.length, 25);
  entries.forEach((entry, i) => {
    assert.deepEqual(entry.key, ["n", i]);
    assert.equal(entry.value, i % 2 === 0 ? i * 10 : null);
    assert.equal(entry.versionstamp === null, i % 2 === 1);
  });
});

Deno.test("store: list and iterate with limit, reverse, start, end and several pages", async () => {
  using store = await openStore({ path: ":memory:" });
  const total = 1234; // more than two pages of 500
  for (let i = 0; i < total; i += 100) {
    await store.atomic((op) => {
      for (let j = i; j < Math.min(i + 100, total); j++) op.set(["items", j], { j });
    });
  }
  await store.set(["other", 1], "not listed");
  await store.set(["items"], "the prefix itself is not listed");

  const all = await store.list<{ j: number }>(["items"]);
  assert.deepEqual(all.map((e) => e.value.j), Array.from({ length: total }, (_, j) => j));
  assert.ok(all.every((e) => typeof e.versionstamp === "string"));

  assert.deepEqual((await store.list(["items"], { limit: 3 })).map((e) => e.key), [
    ["items", 0],
    ["items", 1],
    ["items", 2],
  ]);
  assert.deepEqual(
    (await store.list<{ j: number }>(["items"], { limit: 502, reverse: true })).map((e) =>
      e.value.j
    ),
    Array.from({ length: 502 }, (_, k) => total - 1 - k),
  );
  const range = await store.list<{ j: number }>(["items"], {
    start: ["items", 10],
    end: ["items", 13],
  });
  assert.deepEqual(range.map((e) => e.value.j), [10, 11, 12]);
  assert.equal((await store.list(["items"], { start: ["items", 1230] })).length, 4);
  assert.equal((await store.list(["items"], { end: ["items", 5] })).length, 5);
  assert.equal((await store.list(["items"], { limit: 0 })).length, 0);
  assert.equal((await store.list(["missing"])).length, 0);

  let seen = 0;
  for await (const entry of store.iterate<{ j: number }>(["items"])) {
    assert.equal(entry.value.j, seen++);
    if (seen === 700) break;
  }
  assert.equal(seen, 700);

  await rejectsWith(
    store.list(["items"], { start: ["other", 1] }),
    "INPUT_INVALID",
    '["other", 1]',
  );
});

Deno.test("store: expireIn is stored with the entry (set and update)", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "expire.kv");
    const before = Date.now();
    {
      using store = await openStore({ path });
      await store.set(["exp"], "soon", { expireIn: 60_000 });
      await store.set(["keep"], "forever");
      await store.update<number>(["upd"], () => 1, { expireIn: 120_000 });
    }
    const after = Date.now();
    const db = new DatabaseSync(path);
    try {
      const expiration = (key: Uint8Array): number => {
        const row = db.prepare("SELECT expiration_ms FROM kv WHERE k = ?").get(key);
        assert.ok(row, `no row for key ${key}`);
        return Number(row.expiration_ms);
      };
      const exp = expiration(encodeStringKey("exp"));
      assert.ok(exp >= before + 60_000 && exp <= after + 60_000, `expiration_ms ${exp}`);
      const upd = expiration(encodeStringKey("upd"));
      assert.ok(upd >= before + 120_000 && upd <= after + 120_000, `expiration_ms ${upd}`);
      assert.equal(expiration(encodeStringKey("keep")), -1);
    } finally {
      db.close();
    }
  });
});

Deno.test("store: increment and counter are exact, also concurrently", async () => {
  using store = await openStore({ path: ":memory:" });
  const key = keys.counter("checks");
  assert.equal(await store.counter(key), 0n);
  await store.increment(key);
  await store.increment(key, 10n);
  assert.equal(await store.counter(key), 11n);
  await Promise.all(Array.from({ length: 150 }, () => store.increment(key)));
  assert.equal(await store.counter(key), 161n);
  assert.ok((await store.get(key)).value instanceof Deno.KvU64);

  await rejectsWith(store.increment(key, -1n), "INPUT_INVALID", formatKey(key));
  await store.set(["counters", "text"], "not a counter");
  await rejectsWith(store.counter(["counters", "text"]), "STORE_READ_FAILED", '"text"');
  await rejectsWith(store.increment(["counters", "text"]), "STORE_WRITE_FAILED", '"text"');
});

Deno.test("store: 200 concurrent updates of one key all land, each seeing its own value", async () => {
  using store = await openStore({ path: ":memory:" });
  const key = ["shared"];
  const results = await Promise.all(
    Array.from(
      { length: 200 },
      () => store.update<{ n: number }>(key, (current) => ({ n: (current?.n ?? 0) + 1 })),
    ),
  );
  assert.equal((await store.get<{ n: number }>(key)).value?.n, 200);
  const committed = results.map((value) => value?.n).sort((a, b) => a! - b!);
  assert.deepEqual(committed, Array.from({ length: 200 }, (_, i) => i + 1));
  // Updates of one key through one Store queue up: they never lose a race to each other.
  assert.equal(store.stats.conflictRetries, 0);
});

Deno.test("store: updates through 4 connections to one file compare-and-set exactly", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "cas.kv");
    const stores = await Promise.all(Array.from({ length: 4 }, () => openStore({ path })));
    try {
      await Promise.all(
        stores.flatMap((store) =>
          Array.from(
            { length: 50 },
            () =>
              store.update<number>(["shared"], (current) => (current ?? 0) + 1, {
                maxAttempts: 200,
              }),
          )
        ),
      );
      assert.equal((await stores[0].get<number>(["shared"])).value, 200);
    } finally {
      for (const store of stores) store.close();
    }
  });
});

Deno.test("store: update deletes on null, passes null for absent keys, lets fn errors through", async () => {
  using store = await openStore({ path: ":memory:" });
  const seen: unknown[] = [];
  assert.equal(await store.update<string>(["k"], (v) => (seen.push(v), "one")), "one");
  assert.equal(await store.update<string>(["k"], (v) => (seen.push(v), null)), null);
  assert.deepEqual(seen, [null, "one"]);
  assert.deepEqual(await store.get(["k"]), { key: ["k"], value: null, versionstamp: null });

  await store.set(["k"], "kept");
  const boom = new RangeError("caller bug");
  await assert.rejects(
    store.update(["k"], () => {
      throw boom;
    }),
    (error) => error === boom,
  );
  assert.equal((await store.get(["k"])).value, "kept");
  await rejectsWith(store.update(["k"], () => "x", { maxAttempts: 0 }), "INPUT_INVALID");
});

Deno.test("store: update gives up with STORE_CONFLICT naming the key after maxAttempts", async () => {
  const kv = await Deno.openKv(":memory:");
  // A Deno.Kv whose every atomic commit is preceded by a rival write of the key: each
  // compare-and-set attempt loses, deterministically.
  let rivalWrites = 0;
  const rivalled = new Proxy(kv, {
    get(target, property) {
      if (property === "atomic") {
        return () => {
          const op = target.atomic();
          const commit = op.commit.bind(op);
          op.commit = async () => {
            await target.set(["contested", 7], -++rivalWrites);
            return commit();
          };
          return op;
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  using store = new Store(rivalled, ":memory:");
  let calls = 0;
  await rejectsWith(
    store.update<number>(["contested", 7], (current) => (calls++, (current ?? 0) + 1), {
      maxAttempts: 3,
    }),
    "STORE_CONFLICT",
    'updating ["contested", 7] in the store at ":memory:"',
    "3 times",
  );
  assert.equal(calls, 3);
  assert.equal(rivalWrites, 3);
  assert.equal(store.stats.conflictRetries, 2);
  assert.equal((await store.get(["contested", 7])).value, -3);
  // Without rivals the same update goes through on the first attempt.
  const plain = new Store(kv, ":memory:"); // same handle: closed once, by `store`
  assert.equal(await plain.update<number>(["contested", 7], (n) => (n ?? 0) + 1), -2);
});

Deno.test("store: atomic reports failed checks and lets build errors through", async () => {
  using store = await openStore({ path: ":memory:" });
  const first = await store.atomic((op) =>
    op.check({ key: ["a"], versionstamp: null }).set(["a"], 1).set(["b"], 2)
  );
  assert.equal(first.ok, true);
  const second = await store.atomic((op) =>
    op.check({ key: ["a"], versionstamp: null }).set(["a"], 9)
  );
  assert.equal(second.ok, false);
  assert.equal((await store.get(["a"])).value, 1);
  const boom = new Error("build failed");
  await assert.rejects(
    store.atomic(() => {
      throw boom;
    }),
    (error) => error === boom,
  );
});

Deno.test("store: a failing write is reported with op and key, never swallowed", async () => {
  using store = await openStore({ path: ":memory:" });
  const tooBig = "x".repeat(70_000); // Deno KV values are limited to 64 KiB
  await rejectsWith(
    store.set(["big", "value"], tooBig),
    "STORE_WRITE_FAILED",
    'setting ["big", "value"]',
    ":memory:",
  );
  assert.equal((await store.get(["big", "value"])).value, null);
  await rejectsWith(
    store.update(["big", "u"], () => tooBig),
    "STORE_WRITE_FAILED",
    'updating ["big", "u"]',
  );
  store.close();
  await rejectsWith(store.set(["after"], 1), "STORE_WRITE_FAILED", "closed");
  await rejectsWith(store.get(["after"]), "STORE_READ_FAILED", "closed");
});

Deno.test("store: a write lock held elsewhere gives STORE_LOCKED after the lock timeout", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "locked.kv");
    using store = await openStore({ path, lockTimeoutMs: 300 });
    await store.set(["n"], 1);
    const holder = new DatabaseSync(path);
    try {
      holder.exec("BEGIN EXCLUSIVE");
      holder.exec("UPDATE migration_state SET version = version WHERE k = 0");
      const started = performance.now();
      const error = await rejectsWith(
        store.update<number>(["n"], (n) => (n ?? 0) + 1),
        "STORE_LOCKED",
        `the store at "${path}" stayed locked for`,
        'while updating ["n"]',
        "attempts)",
      );
      const elapsed = performance.now() - started;
      assert.ok(elapsed >= 200 && elapsed < 3000, `gave up after ${elapsed} ms`);
      // What Deno actually throws when another connection holds the write lock:
      assert.equal((error.cause as Error).message, "database is locked");
      assert.equal((error.cause as Error).name, "TypeError");
      assert.ok(isLockError(error.cause));
      assert.ok(store.stats.lockRetries > 1, `lockRetries ${store.stats.lockRetries}`);
    } finally {
      holder.exec("ROLLBACK");
      holder.close();
    }
    assert.equal((await store.get(["n"])).value, 1);
    assert.equal(await store.update<number>(["n"], (n) => (n ?? 0) + 1), 2);
  });
});

Deno.test("store: path precedence is --kv, then TASKORCH_KV, then TASKORCH_HOME or HOME", async () => {
  // Run in a child process: this scenario unsets HOME, which must not leak into other tests.
  const store = new URL("./store.ts", import.meta.url).href;
  const script = `
    import { resolveKvPath } from ${JSON.stringify(store)};
    const [dir] = Deno.args;
    const out = [];
    const attempt = (explicit) => {
      try { out.push(resolveKvPath(explicit)); } catch (error) { out.push(error.code); }
    };
    Deno.env.set("HOME", "/home/ada");
    Deno.env.set("TASKORCH_HOME", dir + "/home");
    Deno.env.set("TASKORCH_KV", dir + "/env.kv");
    attempt(dir + "/flag.kv");
    attempt();
    attempt(":memory:");
    attempt("https://kv.example/db");
    attempt("rel/x.kv");
    Deno.env.set("TASKORCH_KV", "");
    attempt();
    Deno.env.delete("TASKORCH_KV");
    attempt();
    Deno.env.delete("TASKORCH_HOME");
    attempt();
    Deno.env.delete("HOME");
    attempt();
    attempt(":memory:");
    Deno.env.set("TASKORCH_KV", ":memory:");
    attempt();
    console.log(JSON.stringify(out));
  `;
  const dir = "/tmp/taskorch-precedence";
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--ext=js", script, dir],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  assert.equal(code, 0, decoder.decode(stderr));
  assert.deepEqual(JSON.parse(decoder.decode(stdout)), [
    `${dir}/flag.kv`, // --kv beats TASKORCH_KV
    `${dir}/env.kv`, // TASKORCH_KV beats the home folder
    ":memory:",
    "https://kv.example/db", // KV Connect URLs pass through
    join(Deno.cwd(), "rel/x.kv"), // relative paths become absolute
    `${dir}/home/taskorch.kv`, // an empty TASKORCH_KV counts as unset
    `${dir}/home/taskorch.kv`, // TASKORCH_HOME
    "/home/ada/.taskorch/taskorch.kv", // then $HOME/.taskorch
    "HOME_UNSET",
    ":memory:", // an explicit path needs no home
    ":memory:",
  ]);
});

Deno.test("store: the default location creates taskorch's home with mode 0700", async () => {
  await withTempDir(async (dir) => {
    const home = join(dir, "nested", "home");
    // Path resolution happens synchronously at the start of openStore, so the env is restored
    // before any await: other test files running in parallel never see it.
    const opening = withEnv({ TASKORCH_HOME: home, TASKORCH_KV: undefined }, () => openStore());
    using store = await opening;
    assert.equal(store.path, join(home, "taskorch.kv"));
    assert.equal((await Deno.stat(store.path)).isFile, true);
    if (Deno.build.os !== "windows") {
      assert.equal((await Deno.stat(home)).mode! & 0o777, 0o700);
    }
    assert.equal((await store.get(keys.schemaVersion())).value, SCHEMA_VERSION);
  });
});

Deno.test("store: an explicit path gets its parent folders created", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "a", "b", "c.kv");
    assert.equal(resolveKvPath(path), path);
    using store = await openStore({ path });
    assert.equal(store.path, path);
    assert.equal((await Deno.stat(path)).isFile, true);
  });
});

Deno.test("store: schema_version 1 is written when absent and never overwritten", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "schema.kv");
    {
      using store = await openStore({ path });
      const entry = await store.get<number>(["meta", "schema_version"]);
      assert.equal(entry.value, 1);
      await store.set(keys.schemaVersion(), 7);
    }
    using reopened = await openStore({ path });
    assert.equal((await reopened.get(keys.schemaVersion())).value, 7);
  });
});

Deno.test("store: an unusable path gives STORE_OPEN_FAILED naming the path", async () => {
  await withTempDir(async (dir) => {
    const file = join(dir, "plain-file");
    await Deno.writeTextFile(file, "not a folder");
    const underFile = join(file, "sub", "taskorch.kv");
    await rejectsWith(openStore({ path: underFile }), "STORE_OPEN_FAILED", `"${underFile}"`);
    const folder = join(dir, "a-folder");
    await Deno.mkdir(folder);
    await rejectsWith(openStore({ path: folder }), "STORE_OPEN_FAILED", `"${folder}"`);
    await rejectsWith(
      openStore({ path: file }),
      "STORE_OPEN_FAILED",
      `"${file}"`,
      "not a database",
    );
  });
});

Deno.test("store: a KV Connect URL without a token says DENO_KV_ACCESS_TOKEN is needed", async () => {
  const url = "https://127.0.0.1:9/taskorch";
  const opening = withEnv({ DENO_KV_ACCESS_TOKEN: undefined }, () => openStore({ path: url }));
  await rejectsWith(opening, "STORE_OPEN_FAILED", `"${url}"`, "DENO_KV_ACCESS_TOKEN");
});

Deno.test("store: keys build every reserved prefix", () => {
  const built: unknown[] = [
    keys.schemaVersion(),
    keys.counter("c"),
    keys.check("2025-01-31", "id"),
    keys.pattern("p"),
    keys.lsh(3, "ab12"),
    keys.inbox("i"),
    keys.ledger("2025-01-31", "l"),
    keys.budget("daily"),
    keys.breaker("openai", "gpt"),
    keys.cache("ns", "k"),
    keys.outcome("2025-01-31", "o"),
    keys.stopBlocks("session"),
    keys.costTotal("all", "taskorch", "openai", "gpt-5", "micros"),
    keys.costSpent("d:2025-01-31", "overall"),
    keys.costHolds("provider:openai"),
    keys.costImport("claude:msg_1"),
  ];
  assert.deepEqual(built, [
    ["meta", "schema_version"],
    ["counters", "c"],
    ["checks", "2025-01-31", "id"],
    ["patterns", "p"],
    ["lsh", 3, "ab12"],
    ["inbox", "i"],
    ["ledger", "2025-01-31", "l"],
    ["budgets", "daily"],
    ["breakers", "openai", "gpt"],
    ["cache", "ns", "k"],
    ["outcomes", "2025-01-31", "o"],
    ["stop_blocks", "session"],
    ["cost_totals", "all", "taskorch", "openai", "gpt-5", "micros"],
    ["cost_spent", "d:2025-01-31", "overall"],
    ["cost_holds", "provider:openai"],
    ["cost_imports", "claude:msg_1"],
  ]);
  assert.deepEqual(
    Object.values(keys.prefix),
    [
      "meta",
      "counters",
      "checks",
      "patterns",
      "lsh",
      "inbox",
      "inbox_fp",
      "ledger",
      "budgets",
      "breakers",
      "cache",
      "outcomes",
      "stop_blocks",
      "cost_totals",
      "cost_spent",
      "cost_holds",
      "cost_imports",
    ],
  );
  assert.equal(utcDay(new Date("2025-01-31T23:59:59Z")), "2025-01-31");
  assert.equal(
    formatKey(["a", 1, 2n, true, new Uint8Array([255])]),
    '["a", 1, 2n, true, bytes(ff)]',
  );
});
