import assert from "node:assert/strict";
import { join } from "../posix_path.ts";
import { keys, openStore } from "../store.ts";
import {
  appendCheckJournal,
  checkJournalPath,
  checkRecordOf,
  foldCheckJournal,
  recordCheck,
} from "./checks.ts";
import type { CheckRecord } from "./types.ts";

const deny = {
  decision: "deny" as const,
  risk: 0.9,
  findings: [{
    rule: "fs.rm-root",
    category: "destructive_command" as const,
    severity: "critical" as const,
    message: "m",
  }],
};

Deno.test("checkRecordOf keeps the event kind, tool, session and the findings' rule and category", () => {
  const record = checkRecordOf(
    { hook_event_name: "PreToolUse", tool_name: "Bash", session_id: "s1" },
    deny,
    "hook",
    new Date("2026-02-03T04:05:06Z"),
  );
  assert.deepEqual(record, {
    at: "2026-02-03T04:05:06.000Z",
    event: "PreToolUse",
    tool: "Bash",
    session: "s1",
    decision: "deny",
    risk: 0.9,
    findings: [{ rule: "fs.rm-root", category: "destructive_command" }],
    via: "hook",
  });
});

Deno.test("recordCheck writes under the record's UTC day, ids sorting by time", async () => {
  using store = await openStore({ path: ":memory:" });
  const early = checkRecordOf(
    { hook_event_name: "Stop" },
    deny,
    "mcp",
    new Date("2026-02-03T23:59:59Z"),
  );
  const late = checkRecordOf(
    { hook_event_name: "Stop" },
    deny,
    "mcp",
    new Date("2026-02-04T00:00:01Z"),
  );
  await recordCheck(store, late);
  await recordCheck(store, early);
  const first = await store.list<CheckRecord>(["checks", "2026-02-03"]);
  const second = await store.list<CheckRecord>(["checks", "2026-02-04"]);
  assert.deepEqual(first.map((e) => e.value.at), [early.at]);
  assert.deepEqual(second.map((e) => e.value.at), [late.at]);
});

Deno.test("checkJournalPath: beside a store file, none for :memory:, in home for a URL", () => {
  assert.equal(checkJournalPath("/x/y.kv"), "/x/y.kv.checks.jsonl");
  assert.equal(checkJournalPath(":memory:"), undefined);
  const remote = checkJournalPath("https://api.deno.com/databases/abc/connect")!;
  assert.match(remote, /\/checks-[0-9a-f]{8}\.jsonl$/);
});

Deno.test("fold: journal lines become records once, malformed lines are skipped and named", async () => {
  const dir = await Deno.makeTempDir();
  const journal = join(dir, "sub", "t.kv.checks.jsonl"); // the folder is created on first append
  using store = await openStore({ path: ":memory:" });
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) {
    ids.push(
      await appendCheckJournal(
        journal,
        checkRecordOf({ hook_event_name: "PreToolUse", session_id: `s${i}` }, deny, "hook"),
      ),
    );
  }
  await Deno.writeTextFile(journal, "not json\n{}\n", { append: true });
  const report = await foldCheckJournal(store, journal, { graceMs: 0, batch: 2 });
  assert.equal(report.folded, 5);
  assert.equal(report.files, 1);
  assert.deepEqual(report.malformed.map((m) => m.replace(/^.*:/, "")), ["6", "7"]);
  const stored = await store.list<CheckRecord>([keys.prefix.checks]);
  assert.deepEqual(stored.map((e) => e.key[2]).sort(), [...ids].sort());
  assert.ok(stored.every((e) => !("id" in e.value)), "the id lives in the key only");
  // Folding again finds nothing; the set-aside file is gone.
  const again = await foldCheckJournal(store, journal, { graceMs: 0 });
  assert.deepEqual(again, { folded: 0, files: 0, waiting: 0, malformed: [] });
  assert.deepEqual([...Deno.readDirSync(join(dir, "sub"))], []);
});

Deno.test("fold: a recently written set-aside file waits; a refold of the same lines counts once", async () => {
  const dir = await Deno.makeTempDir();
  const journal = join(dir, "t.kv.checks.jsonl");
  using store = await openStore({ path: ":memory:" });
  await appendCheckJournal(journal, checkRecordOf({ hook_event_name: "Stop" }, deny, "hook"));
  const waiting = await foldCheckJournal(store, journal, { graceMs: 60_000 });
  assert.deepEqual({ folded: waiting.folded, waiting: waiting.waiting }, { folded: 0, waiting: 1 });
  // Simulate a fold that crashed after writing: copy the set-aside file, fold both.
  const [aside] = [...Deno.readDirSync(dir)].map((e) => e.name);
  await Deno.copyFile(join(dir, aside), join(dir, `${aside}-copy`));
  const done = await foldCheckJournal(store, journal, { graceMs: 0 });
  assert.equal(done.files, 2);
  assert.equal((await store.list([keys.prefix.checks])).length, 1);
});

Deno.test("fold: a journal that never existed folds nothing", async () => {
  using store = await openStore({ path: ":memory:" });
  const report = await foldCheckJournal(store, "/nonexistent-taskorch/t.kv.checks.jsonl");
  assert.equal(report.folded, 0);
});
