/**
 * Claim-vs-evidence end to end: the real `taskorch` process judges Stop payloads that
 * point at transcript fixtures (tests/fixtures/transcripts) in a temp workspace.
 */

import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { runTaskorch } from "./support.ts";
import type { Fixture } from "./fixtures/transcripts/generate.ts";

const FOLDER = fileURLToPath(new URL("./fixtures/transcripts/", import.meta.url));
const WORKSPACE = "/home/dev/project";
const fixtures: Fixture[] = JSON.parse(await Deno.readTextFile(`${FOLDER}manifest.json`));

/** Lays out a fixture's workspace in a temp folder; returns the Stop payload for it. */
async function stage(fixture: Fixture, root: string): Promise<Record<string, unknown>> {
  const cwd = `${root}/project`;
  await Deno.mkdir(cwd, { recursive: true });
  for (const file of fixture.workspace) {
    const path = `${cwd}/${file}`;
    await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    await Deno.writeTextFile(path, "// present\n");
  }
  const text = await Deno.readTextFile(`${FOLDER}${fixture.file}`);
  const transcript = `${root}/${fixture.file}`;
  await Deno.writeTextFile(transcript, text.replaceAll(WORKSPACE, cwd));
  const payload: Record<string, unknown> = {
    hook_event_name: fixture.event ?? "Stop",
    session_id: fixture.file.replace(".jsonl", ""),
    transcript_path: transcript,
    cwd,
    permission_mode: "default",
    stop_hook_active: false,
  };
  if (fixture.message !== undefined) payload.last_assistant_message = fixture.message;
  return payload;
}

Deno.test("every fixture is a transcript in Claude Code's JSONL shape", async () => {
  assert.ok(fixtures.length >= 20, `${fixtures.length} fixtures`);
  for (const fixture of fixtures) {
    const lines = (await Deno.readTextFile(`${FOLDER}${fixture.file}`)).trimEnd().split("\n");
    const parsed = lines.flatMap((line) => {
      try {
        return [JSON.parse(line)];
      } catch {
        return [];
      }
    });
    assert.ok(parsed.some((e) => e.type === "assistant" && e.message?.role === "assistant"));
    assert.ok(parsed.filter((e) => e.uuid).every((e) => "parentUuid" in e && e.timestamp));
  }
});

for (const fixture of fixtures) {
  Deno.test(`taskorch hook at ${fixture.event ?? "Stop"}: ${fixture.file} (${fixture.description})`, async () => {
    const root = await Deno.makeTempDir();
    try {
      const payload = await stage(fixture, root);
      const { code, stdout, stderr } = await runTaskorch(["hook"], {
        stdin: JSON.stringify(payload),
        home: root,
      });
      assert.equal(code, 0, stderr);
      const output = JSON.parse(stdout);
      if (fixture.expected.length === 0) {
        assert.deepEqual(output, {}, `no finding expected, got ${stdout}`);
        return;
      }
      assert.equal(output.decision, "block", stdout);
      for (const expected of fixture.expected) {
        const rule = expected.split(" ")[0];
        assert.ok(output.reason.includes(`${rule}:`), `${rule} missing from ${output.reason}`);
      }
      assert.match(output.reason, /The claim ".+" is (?:contradicted|not supported): /);
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  });
}

Deno.test("check --jsonl gives each fixture's findings their categories", async () => {
  const root = await Deno.makeTempDir();
  try {
    const payloads: string[] = [];
    for (const [i, fixture] of fixtures.entries()) {
      const payload = await stage(fixture, `${root}/${i}`);
      payloads.push(JSON.stringify({ id: fixture.file, ...payload }));
    }
    const { code, stdout, stderr } = await runTaskorch(["check", "--jsonl", "-"], {
      stdin: payloads.join("\n") + "\n",
      home: root,
    });
    assert.equal(code === 0 || code === 1, true, stderr);
    const results = stdout.trim().split("\n").map((line) => JSON.parse(line));
    assert.equal(results.length, fixtures.length);
    for (const [i, fixture] of fixtures.entries()) {
      const got = results[i].findings
        .filter((f: { rule: string }) => f.rule.startsWith("claims."))
        .map((f: { rule: string; category: string }) => `${f.rule} ${f.category}`)
        .sort();
      assert.deepEqual(got, [...fixture.expected].sort(), fixture.file);
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("a missing transcript warns that claims were not checked, and does not block", async () => {
  const root = await Deno.makeTempDir();
  try {
    const payload = {
      hook_event_name: "Stop",
      transcript_path: `${root}/gone.jsonl`,
      cwd: root,
      last_assistant_message: "All tests pass.",
    };
    const { code, stdout } = await runTaskorch(["hook"], {
      stdin: JSON.stringify(payload),
      home: root,
    });
    assert.equal(code, 0);
    const output = JSON.parse(stdout);
    assert.equal(output.decision, undefined);
    assert.match(output.systemMessage, /claims\.transcript-unreadable.*gone\.jsonl/s);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
