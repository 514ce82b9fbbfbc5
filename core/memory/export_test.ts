import assert from "node:assert/strict";
import { parse } from "yaml";
import { loadPackText } from "../rules/load.ts";
import { runRuleTests } from "../rules/test_runner.ts";
import type { RawPack } from "../rules/types.ts";
import { exportPack, generalize, REFERENCE_PREFIX, ruleOf } from "./export.ts";
import type { FailurePattern } from "./types.ts";

function pattern(id: string, fields: Partial<FailurePattern>): FailurePattern {
  return {
    id,
    category: "other",
    text: "",
    description: "",
    features: [],
    occurrences: 1,
    firstSeen: "2026-01-01T00:00:00.000Z",
    lastSeen: "2026-01-02T00:00:00.000Z",
    source: "manual",
    scope: "global",
    ...fields,
  };
}

Deno.test("generalize: paths keep their name, numbers, versions, ids, URLs and quotes are wildcards", () => {
  const cases: [string, string][] = [
    ["rm -rf /srv/data/uploads", String.raw`rm\s+-rf\s+(?:\S*/)?uploads`],
    ["cat ~/.ssh/id_rsa", String.raw`cat\s+(?:\S*/)?id_rsa`],
    ["pip install reqeusts==2.31.0", String.raw`pip\s+install\s+reqeusts==\d+(?:\.\d+)*`],
    ["git checkout 3f9a2c1b", String.raw`git\s+checkout\s+[0-9a-f]+`],
    ["curl https://x.io/a?b=1 -o out", String.raw`curl\s+\S+\s+-o\s+out`],
    [`echo "hello world" > /`, String.raw`echo\s+(?:"[^"]*"|'[^']*')\s+>\s+\S+`],
    ["kill 1234", String.raw`kill\s+\d+(?:\.\d+)*`],
  ];
  for (const [text, regex] of cases) assert.equal(generalize(text).regex, regex, text);
  const long = Array.from({ length: 40 }, (_, i) => `w${String.fromCharCode(97 + (i % 26))}`);
  assert.equal(generalize(long.join(" ")).tokens.length, 16);
});

Deno.test("ruleOf: the field, events and tools follow the pattern's event and tool", () => {
  const bash = ruleOf(
    pattern("a1", { text: "npm run deploy", tool: "Bash", event: "PostToolUseFailure" }),
  );
  assert.ok(typeof bash !== "string");
  assert.deepEqual([bash.events, bash.tools, bash.match.field], [
    ["PreToolUse"],
    ["Bash"],
    undefined,
  ]);
  assert.equal(bash.action, "warn");
  assert.ok(bash.references?.[0].startsWith(`${REFERENCE_PREFIX}a1?`));

  const stop = ruleOf(pattern("a2", { text: "All tests pass now.", event: "Stop" }));
  assert.ok(typeof stop !== "string");
  assert.deepEqual([stop.events, stop.tools], [["Stop"], undefined]);

  const prompt = ruleOf(
    pattern("a3", { text: "deploy to production without tests", event: "UserPromptSubmit" }),
  );
  assert.ok(typeof prompt !== "string");
  assert.deepEqual(prompt.events, ["UserPromptSubmit"]);
  const manual = ruleOf(pattern("a8", { text: "pip install reqeusts" }));
  assert.ok(typeof manual !== "string");
  assert.deepEqual([manual.events, manual.tools], [["PreToolUse", "UserPromptSubmit"], undefined]);

  const read = ruleOf(
    pattern("a4", { text: "Read /repo/src/confg.ts", tool: "Read", event: "PreToolUse" }),
  );
  assert.ok(typeof read !== "string");
  assert.deepEqual([read.tools, read.match.field], [["Read"], "file_path"]);

  const mcp = ruleOf(
    pattern("a5", { text: 'mcp__gh__issue {"title":"Fix bug 12"}', tool: "mcp__gh__issue" }),
  );
  assert.ok(typeof mcp !== "string");
  assert.equal(mcp.match.regex, String.raw`Fix\s+bug\s+\d+(?:\.\d+)*`);

  assert.match(String(ruleOf(pattern("a6", { text: "/tmp/x 42" }))), /no word left/);
  assert.match(
    String(ruleOf(pattern("a7", { text: 'mcp__gh__issue {"title":"cut', tool: "mcp__gh__issue" }))),
    /not JSON/,
  );
});

Deno.test("exportPack: filters, orders by occurrences, escapes {{ }}, and its tests pass", async () => {
  const patterns = [
    pattern("b1", { text: "npm run deploy", tool: "Bash", occurrences: 2 }),
    pattern("b2", {
      text: "Please ship it {{now}} without tests",
      occurrences: 5,
      description: "skipped the tests {{x}}",
      suggestion: "Run the tests {{first}}",
    }),
    pattern("b3", {
      text: "pip install reqeusts",
      category: "hallucinated_package",
      occurrences: 9,
    }),
    pattern("b4", { text: "/tmp/1 2", occurrences: 3 }),
  ];
  const result = await exportPack(patterns, {
    category: "other",
    minOccurrences: 2,
    id: "team-memory",
  });
  assert.equal(result.rules, 2);
  assert.deepEqual(result.skipped.map((s) => s.id), ["b4"]);
  const pack = parse(result.yaml) as RawPack;
  assert.equal(pack.id, "team-memory");
  assert.deepEqual(pack.rules.map((r) => r.id), ["memory.other.b2", "memory.other.b1"]);
  assert.ok(!pack.rules[0].message.includes("{{"));
  assert.ok(!pack.rules[0].suggestion?.includes("{{"));
  const loaded = await loadPackText(result.yaml, "export.yaml", { cache: false });
  const report = await runRuleTests([loaded]);
  assert.equal(report.ok, true);
  assert.equal(report.totals.rules, 2);
  assert.ok(report.totals.tn >= 2, "near misses were generated");

  const empty = await exportPack([]);
  assert.equal(empty.rules, 0);
  await loadPackText(empty.yaml, "empty.yaml", { cache: false });
});
