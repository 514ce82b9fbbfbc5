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
