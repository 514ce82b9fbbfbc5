import assert from "node:assert/strict";
import { loadOrCreateToken, safeEqual } from "./token.ts";

Deno.test("the token is created once with mode 0600 and reused", async () => {
  const dir = await Deno.makeTempDir();
  const file = `${dir}/sub/http-token`;
  const first = await loadOrCreateToken(file);
  assert.equal(first.created, true);
  assert.ok(first.token.length >= 40);
  assert.equal((await Deno.stat(file)).mode! & 0o777, 0o600);
  assert.equal((await Deno.stat(`${dir}/sub`)).mode! & 0o777, 0o700);
  const second = await loadOrCreateToken(file);
  assert.equal(second.created, false);
  assert.equal(second.token, first.token);
});

Deno.test("a token file readable by others is tightened to 0600", async () => {
  const file = `${await Deno.makeTempDir()}/t`;
  await Deno.writeTextFile(file, "x".repeat(43), { mode: 0o644 });
  await Deno.chmod(file, 0o644);
  await loadOrCreateToken(file);
  assert.equal((await Deno.stat(file)).mode! & 0o777, 0o600);
});

Deno.test("a truncated token file is an error naming the file", async () => {
  const file = `${await Deno.makeTempDir()}/t`;
  await Deno.writeTextFile(file, "abc");
  await assert.rejects(
    loadOrCreateToken(file),
    /Cannot load or create the HTTP token at ".*\/t": it holds 3 characters/,
  );
});

Deno.test("safeEqual compares whole strings", () => {
  assert.equal(safeEqual("abc", "abc"), true);
  assert.equal(safeEqual("abc", "abd"), false);
  assert.equal(safeEqual("abc", "abcd"), false);
  assert.equal(safeEqual("", ""), true);
});
