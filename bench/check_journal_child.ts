/**
 * One "hook process" worth of check recording, for bench/check_journal.ts: `none` records
 * nothing, `journal` appends one line to the check journal, `kv` opens the store file, sets
 * one record and closes it. Prints the in-process time of that step in ms.
 *
 * @module
 */

import { appendCheckJournal, checkRecordOf, recordCheck } from "../core/memory/checks.ts";

const [mode, kv] = Deno.args;
const record = checkRecordOf(
  { hook_event_name: "PreToolUse", tool_name: "Bash", session_id: "bench" },
  { decision: "allow", risk: 0, findings: [] },
  "hook",
);
const started = performance.now();
if (mode === "journal") await appendCheckJournal(`${kv}.checks.jsonl`, record);
else if (mode === "kv") {
  const { openStore } = await import("../core/store.ts");
  const store = await openStore({ path: kv });
  await recordCheck(store, record);
  store.close();
}
console.log((performance.now() - started).toFixed(3));
