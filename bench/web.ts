/**
 * What a dashboard page costs the server: the in-process handler (core/web/server.ts) with
 * the built-in packs, over a store holding `--checks` check records spread over 14 days,
 * `--patterns` learned patterns and `--items` inbox items. Each route is asked `--runs` times
 * after one warm-up (the rules page runs every inline test once, then caches them).
 *
 * Run: ./tools/deno run -A bench/web.ts [--runs N] [--checks N] [--patterns N] [--items N]
 *
 * @module
 */

import { parseArgs } from "node:util";
import { checkRecordOf, recordCheck } from "../core/memory/checks.ts";
import { createInbox } from "../core/inbox/inbox.ts";
import { loadBuiltinPacks } from "../core/rules/load.ts";
import { keys, openStore } from "../core/store.ts";
import { createDashboardHandler } from "../core/web/server.ts";
import { report, summarize } from "./stats.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "30" },
    checks: { type: "string", default: "5000" },
    patterns: { type: "string", default: "500" },
    items: { type: "string", default: "50" },
  },
});
const runs = Number(values.runs);
const BASE = "http://127.0.0.1:7420";
const TOKEN = "bench-token-0123456789abcdef";

using store = await openStore({ path: ":memory:" });
const now = Date.now();
const rules = ["git.force-push-shared", "fs.rm-recursive-critical", "secrets.env-file-read"];
for (let i = 0; i < Number(values.checks); i++) {
  const decision = (["allow", "allow", "allow", "warn", "ask", "deny"] as const)[i % 6];
  await recordCheck(
    store,
    checkRecordOf(
      { hook_event_name: "PreToolUse", tool_name: "Bash", session_id: `s${i % 40}` },
      {
        decision,
        risk: 0.5,
        findings: decision === "allow" ? [] : [{
          rule: rules[i % 3],
          category: "destructive_command",
          severity: "high",
          message: "m",
        }],
      },
      "hook",
      new Date(now - (i % 14) * 86_400_000 - i * 1000),
    ),
  );
}
for (let i = 0; i < Number(values.patterns); i++) {
  const at = new Date(now - (i % 20) * 86_400_000).toISOString();
  await store.set(keys.pattern(`p${i}`), {
    id: `p${i}`,
    category: "destructive_command",
    text: `rm -rf build/output-${i} && npm run deploy --env stage-${i}`,
    description: `pattern ${i}`,
    features: [],
    occurrences: 1 + (i % 7),
    firstSeen: at,
    lastSeen: at,
    source: "tool_failure",
    scope: "global",
    tool: "Bash",
    event: "PreToolUse",
  });
}
const inbox = createInbox(store, { learnRejections: false });
for (let i = 0; i < Number(values.items); i++) {
  await inbox.enqueue(
    {
      hook_event_name: "PreToolUse",
      tool_name: "Bash",
      tool_input: { command: `git push -f o b${i}` },
    },
    { decision: "ask", risk: 0.7, findings: [], suggestions: [] },
  );
}

const handle = createDashboardHandler({
  token: TOKEN,
  port: 7420,
  origins: new Set([BASE]),
  packs: await loadBuiltinPacks(),
  withStore: (use) => use(store),
});
// Log in as a browser would.
const form = await handle(new Request(`${BASE}/ui/login`));
const loginCookie = form.headers.getSetCookie()[0].split(";")[0];
const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())![1];
const login = await handle(
  new Request(`${BASE}/ui/login`, {
    method: "POST",
    body: new URLSearchParams({ csrf, token: TOKEN }),
    headers: { cookie: loginCookie, origin: BASE },
  }),
);
const cookie = login.headers.getSetCookie()[0].split(";")[0];

console.log(
  `store: ${values.checks} checks over 14 days, ${values.patterns} patterns, ${values.items} pending items; ${runs} runs per route`,
);
for (const path of ["/ui/", "/ui/inbox", "/ui/costs", "/ui/rules", "/ui/memory", "/ui/live.json"]) {
  const samples: number[] = [];
  let bytes = 0;
  for (let i = 0; i <= runs; i++) {
    const started = performance.now();
    const response = await handle(new Request(`${BASE}${path}`, { headers: { cookie } }));
    bytes = (await response.arrayBuffer()).byteLength;
    if (response.status !== 200) throw new Error(`${path}: HTTP ${response.status}`);
    if (i > 0) samples.push(performance.now() - started); // the first is the warm-up
  }
  report(`GET ${path} (${Math.round(bytes / 1024)} KiB)`, summarize(samples));
}
