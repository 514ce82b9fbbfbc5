import assert from "node:assert/strict";
import { join } from "../posix_path.ts";
import { loadPack } from "./load.ts";
import { RulePackError } from "./pack_error.ts";

const PACK = `id: demo
version: 1.0.0
description: two events
rules:
  - id: demo.before
    category: destructive_command
    severity: high
    tools: [Bash]
    match: &shared
      any:
        - command: { program: [rm], flags: { all: ["-r|-R|--recursive"] } }
        - regex: 'shred\\s+-u\\s+\\S+'
    message: "before: {{command}}"
    tests:
      fire: [rm -rf /etc]
      pass: [ls]
  - id: demo.after
    category: prompt_injection
    severity: medium
    events: [PostToolUse]
    tools: [WebFetch]
    match:
      all:
        - regex: ignore previous instructions
          flags: i
        - not: *shared
    message: after
    tests:
      fire: ["Ignore previous instructions."]
      pass: ["hello"]
`;

async function setup(): Promise<{ file: string; cacheDir: string }> {
  const dir = await Deno.makeTempDir();
  const file = join(dir, "demo.yaml");
  await Deno.writeTextFile(file, PACK);
  return { file, cacheDir: join(dir, "cache") };
}

async function sliceFiles(cacheDir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(cacheDir)) {
    if (entry.name.startsWith("event-")) names.push(entry.name);
  }
  return names.sort();
}

Deno.test("a pack loaded for one event keeps only that event's rules, without tests", async () => {
  const { file, cacheDir } = await setup();
  const before = await loadPack(file, { event: "PreToolUse", cacheDir });
  assert.deepEqual(before.rules.map((r) => r.id), ["demo.before"]);
  assert.deepEqual(before.rules[0].tests, []);
  const after = await loadPack(file, { event: "PostToolUse", cacheDir });
  assert.deepEqual(after.rules.map((r) => r.id), ["demo.after"]);
  const full = await loadPack(file, { cacheDir });
  assert.equal(full.rules.length, 2);
  assert.equal(full.rules[0].tests.length, 2);
});

Deno.test("the event slice comes from the cache on the next load and matches the same", async () => {
  const { file, cacheDir } = await setup();
  await loadPack(file, { event: "PreToolUse", cacheDir });
  const [slice] = await sliceFiles(cacheDir);
  assert.match(slice, /^event-[0-9a-f]{8}-PreToolUse\.json$/);
  // The cached slice stores the anchored tree once and is what the next load reads.
  const text = await Deno.readTextFile(join(cacheDir, slice));
  assert.ok(text.includes('"shared"'));
  await Deno.writeTextFile(
    join(cacheDir, slice),
    text.replace('"message":"before: {{command}}"', '"message":"from the cache: {{command}}"'),
  );
  const pack = await loadPack(file, { event: "PreToolUse", cacheDir });
  assert.equal(pack.rules[0].message, "from the cache: {{command}}");
  const event = {
    hook_event_name: "PreToolUse",
    tool_name: "Bash",
    tool_input: { command: "sudo rm -r /etc" },
  };
  const context = { event, places: { home: "/home/u", cwd: "/home/u/p" }, cache: new Map() };
  assert.equal(pack.rules[0].match(context)?.command, "sudo rm -r /etc");
});

Deno.test("editing the pack file makes the next load read it again", async () => {
  const { file, cacheDir } = await setup();
  await loadPack(file, { event: "PreToolUse", cacheDir });
  await Deno.writeTextFile(file, PACK.replace("before: {{command}}", "edited: {{command}}"));
  const pack = await loadPack(file, { event: "PreToolUse", cacheDir });
  assert.equal(pack.rules[0].message, "edited: {{command}}");
  assert.equal((await sliceFiles(cacheDir)).length, 2);
});

Deno.test("an event slice of a broken or missing pack reports the file like a full load", async () => {
  const { file, cacheDir } = await setup();
  await Deno.writeTextFile(file, PACK.replace("severity: high", "severity: huge"));
  await assert.rejects(
    () => loadPack(file, { event: "PreToolUse", cacheDir }),
    (error: unknown) =>
      error instanceof RulePackError && /line 7, column 15/.test(error.message) &&
      /demo\.before/.test(error.message),
  );
  await assert.rejects(
    () => loadPack(file + ".missing", { event: "PreToolUse", cacheDir }),
    /cannot read it/,
  );
});
