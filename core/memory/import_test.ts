import assert from "node:assert/strict";
import { keys, openStore } from "../store.ts";
import { exportPack } from "./export.ts";
import { importPatterns, looksLikeJsonl } from "./import.ts";
import { learnFailure } from "./learn.ts";
import type { FailurePattern } from "./types.ts";

async function patterns(store: Awaited<ReturnType<typeof openStore>>): Promise<FailurePattern[]> {
  return (await store.list<FailurePattern>([keys.prefix.patterns])).map((e) => e.value);
}

Deno.test("import: an exported pack restores the patterns; importing again merges counts", async () => {
  using source = await openStore({ path: ":memory:" });
  await learnFailure(source, {
    category: "hallucinated_package",
    text: "npm install left-padd",
    description: "404 Not Found",
    suggestion: "The package is left-pad.",
    occurrences: 3,
    at: "2026-02-02T00:00:00.000Z",
    firstSeen: "2026-01-01T00:00:00.000Z",
    tool: "Bash",
    event: "PostToolUseFailure",
  });
  await learnFailure(source, {
    category: "other",
    text: "make deploy-prod",
    scope: "project",
    cwd: "/repo",
  });
  const original = await patterns(source);
  const { yaml } = await exportPack(original);

  using target = await openStore({ path: ":memory:" });
  const first = await importPatterns(target, yaml, "memory.yaml");
  assert.deepEqual(first, { read: 2, created: 2, merged: 0, skipped: [] });
  const restored = await patterns(target);
  const byId = new Map(restored.map((p) => [p.id, p]));
  for (const p of original) {
    const q = byId.get(p.id)!;
    assert.ok(q, `pattern ${p.id} restored with the same id`);
    assert.deepEqual(
      [q.text, q.category, q.occurrences, q.firstSeen, q.lastSeen, q.scope, q.cwd, q.tool, q.event],
      [p.text, p.category, p.occurrences, p.firstSeen, p.lastSeen, p.scope, p.cwd, p.tool, p.event],
    );
    assert.equal(q.description, p.description);
    assert.equal(q.suggestion, p.suggestion);
    assert.equal(q.source, "import");
  }
  const second = await importPatterns(target, yaml, "memory.yaml");
  assert.deepEqual([second.created, second.merged], [0, 2]);
  const left = (await patterns(target)).find((p) => p.text === "npm install left-padd");
  assert.equal(left?.occurrences, 6);

  const moved = await importPatterns(target, yaml, "memory.yaml", { cwd: "/other" });
  assert.deepEqual([moved.created, moved.merged], [1, 1], "the project pattern is new at /other");
  const global = await importPatterns(target, yaml, "memory.yaml", { scope: "global" });
  assert.deepEqual([global.created, global.merged], [1, 1]);
});

Deno.test("import: a hand-written rule becomes a pattern from its first fire test", async () => {
  const pack = [
    "id: team",
    "version: 1.0.0",
    "description: hand written",
    "rules:",
    "  - id: team.no-prod-deploy",
    "    category: destructive_command",
    "    severity: high",
    "    match: { regex: 'deploy\\s+--prod' }",
    "    message: Deploys to production",
    "    suggestion: Deploy through CI",
    "    tests:",
    "      fire: ['./deploy.sh deploy --prod']",
    "  - id: team.untested",
    "    category: other",
    "    severity: low",
    "    match: { contains: zzz }",
    "    message: never",
  ].join("\n");
  using store = await openStore({ path: ":memory:" });
  const report = await importPatterns(store, pack, "team.yaml");
  assert.equal(report.read, 2);
  assert.equal(report.created, 1);
  assert.deepEqual(report.skipped.map((s) => s.where), ["team.yaml: rule team.untested"]);
  const [p] = await patterns(store);
  assert.deepEqual(
    [p.text, p.category, p.description, p.suggestion, p.event, p.tool],
    [
      "./deploy.sh deploy --prod",
      "destructive_command",
      "Deploys to production",
      "Deploy through CI",
      "PreToolUse",
      "Bash",
    ],
  );
});

Deno.test("import: JSON lines, with bad lines skipped and named; a broken pack fails whole", async () => {
  using store = await openStore({ path: ":memory:" });
  const text = [
    JSON.stringify({ category: "other", text: "make deploy", occurrences: 2 }),
    "",
    "{not json",
    JSON.stringify({ category: "nope", text: "x" }),
    JSON.stringify({ category: "other", text: "   " }),
    "[1]",
  ].join("\n");
  const report = await importPatterns(store, text, "p.jsonl");
  assert.equal(report.read, 5);
  assert.equal(report.created, 1);
  assert.deepEqual(report.skipped.map((s) => s.where), [
    "p.jsonl:3",
    "p.jsonl:4",
    "p.jsonl:5",
    "p.jsonl:6",
  ]);
  assert.match(report.skipped[2].reason, /text is empty/);
  await assert.rejects(
    () => importPatterns(store, "id: x\nversion: 1\n", "bad.yaml"),
    /bad\.yaml/,
  );
  assert.equal(looksLikeJsonl('{"a":1}', "shared.txt"), true);
  assert.equal(looksLikeJsonl("id: x", "shared"), false);
});
