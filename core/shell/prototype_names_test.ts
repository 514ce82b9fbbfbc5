import assert from "node:assert/strict";
import { parseShell } from "./parse.ts";

Deno.test("program names that exist on Object.prototype are ordinary programs", () => {
  for (
    const source of ["constructor <<EOF\nx\nEOF", "toString -e x <<EOF\ny\nEOF", "__proto__ -c 'x'"]
  ) {
    const { commands } = parseShell(source);
    assert.equal(commands.length, 1, source);
    assert.equal(commands[0].inlineCode, undefined, source);
  }
});
