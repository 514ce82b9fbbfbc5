import assert from "node:assert/strict";
import { TaskorchError } from "../errors.ts";
import { parseFlags } from "./args.ts";

const options = {
  json: { type: "boolean" as const },
  port: { type: "string" as const },
  quiet: { type: "boolean" as const, short: "q" },
};

Deno.test("parseFlags reads long, =, short, help and positionals", () => {
  const { values, positionals } = parseFlags(
    "x",
    ["--json", "--port", "80", "-q", "a", "--port=81", "-h", "--", "--not-a-flag"],
    options,
    true,
  );
  assert.deepEqual(values, { json: true, port: "81", quiet: true, help: true });
  assert.deepEqual(positionals, ["a", "--not-a-flag"]);
  assert.deepEqual(parseFlags("x", ["-"], options, true).positionals, ["-"]);
});

const bad: [string[], RegExp][] = [
  [["--nope"], /unknown option "--nope"/],
  [["-z"], /unknown option "-z"/],
  [["--port"], /option "--port" needs a value/],
  [["--json=yes"], /option "--json" does not take a value/],
  [["stray"], /unexpected argument "stray"/],
];

for (const [args, message] of bad) {
  Deno.test(`parseFlags rejects ${args.join(" ")} with CLI_USAGE`, () => {
    assert.throws(() => parseFlags("serve", args, options), (error: unknown) => {
      assert.ok(error instanceof TaskorchError);
      assert.equal(error.code, "CLI_USAGE");
      assert.match(error.message, message);
      assert.match(error.message, /^taskorch serve: .*Run "taskorch serve --help"\.$/);
      return true;
    });
  });
}
