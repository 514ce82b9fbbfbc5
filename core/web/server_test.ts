import assert from "node:assert/strict";
import { openStore, type Store } from "../store.ts";
import { keys } from "../store_schema.ts";
import { createInbox } from "../inbox/inbox.ts";
import { createBreakers } from "../breakers/breakers.ts";
import { createDashboardHandler } from "./server.ts";
import { MAX_FAILURES } from "./auth.ts";

const TOKEN = "web-test-token-0123456789abcdef";
const BASE = "http://127.0.0.1:7420";
const ORIGIN = { origin: BASE };

function handler(store: Store) {
  return createDashboardHandler({
    token: TOKEN,
    port: 7420,
    packs: [],
    origins: new Set([BASE]),
    withStore: (use) => use(store),
  });
}

/** Cookies as a browser keeps them (name → value), from Set-Cookie headers. */
function jar(response: Response, into = new Map<string, string>()): Map<string, string> {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const [name, value] = pair.split("=");
    if (/Max-Age=0/.test(line)) into.delete(name);
    else into.set(name, value);
  }
  return into;
}

const cookieHeader = (cookies: Map<string, string>) =>
  [...cookies].map(([k, v]) => `${k}=${v}`).join("; ");

const csrfIn = (page: string) => /name="csrf" value="([^"]+)"/.exec(page)![1];

async function login(
  handle: (r: Request) => Promise<Response>,
  token = TOKEN,
): Promise<{ response: Response; cookies: Map<string, string> }> {
  const page = await handle(new Request(`${BASE}/ui/login`));
  const cookies = jar(page);
  const body = new URLSearchParams({ csrf: csrfIn(await page.text()), token });
  const response = await handle(
    new Request(`${BASE}/ui/login`, {
      method: "POST",
      body,
      headers: { cookie: cookieHeader(cookies), ...ORIGIN },
    }),
  );
  return { response, cookies: jar(response, cookies) };
}

Deno.test("web: pages need a session; the right token logs in with an HttpOnly SameSite=Strict cookie", async () => {
  using store = await openStore({ path: ":memory:" });
  const handle = handler(store);
  const anonymous = await handle(new Request(`${BASE}/ui/rules`));
  assert.equal(anonymous.status, 303);
  assert.equal(anonymous.headers.get("location"), "/ui/login?next=%2Fui%2Frules");
  assert.equal((await handle(new Request(`${BASE}/ui/live.json`))).status, 401);

  const { response, cookies } = await login(handle);
  assert.equal(response.status, 303);
  const set = response.headers.getSetCookie().find((c) => c.startsWith("taskorch_session_7420="))!;
  assert.match(set, /HttpOnly/);
  assert.match(set, /SameSite=Strict/);
  assert.ok(!response.headers.get("location")!.includes(TOKEN), "no token in a URL");

  const page = await handle(
    new Request(`${BASE}/ui/`, { headers: { cookie: cookieHeader(cookies) } }),
  );
  assert.equal(page.status, 200);
  const csp = page.headers.get("content-security-policy")!;
  assert.match(csp, /frame-ancestors 'none'/);
  assert.doesNotMatch(csp, /https?:|unsafe-inline/);
  const text = await page.text();
  assert.match(text, /<h1[^>]*>\s*Overview\s*<\/h1>/);
  assert.doesNotMatch(
    text,
    /<(script|style)>|\sstyle="|https?:\/\/(?!127)/,
    "no inline or remote code",
  );
});

Deno.test("web: a wrong token is refused (401), and logins stop after repeated failures (429)", async () => {
  using store = await openStore({ path: ":memory:" });
  const handle = handler(store);
  const wrong = await login(handle, "not-the-token");
  assert.equal(wrong.response.status, 401);
  assert.match(await wrong.response.text(), /That token is wrong/);
  assert.ok(!wrong.cookies.has("taskorch_session_7420"));
  for (let i = 1; i < MAX_FAILURES; i++) await login(handle, `wrong-${i}`);
  const throttled = await login(handle); // even the right token, for the rest of the minute
  assert.equal(throttled.response.status, 429);
  assert.ok(!throttled.cookies.has("taskorch_session_7420"));
});

Deno.test("web: a login post without its form cookie or from another origin is refused", async () => {
  using store = await openStore({ path: ":memory:" });
  const handle = handler(store);
  const noCookie = await handle(
    new Request(`${BASE}/ui/login`, {
      method: "POST",
      body: new URLSearchParams({ csrf: "x", token: TOKEN }),
      headers: ORIGIN,
    }),
  );
  assert.equal(noCookie.status, 403);
  const page = await handle(new Request(`${BASE}/ui/login`));
  const cookies = jar(page);
  const crossSite = await handle(
    new Request(`${BASE}/ui/login`, {
      method: "POST",
      body: new URLSearchParams({ csrf: csrfIn(await page.text()), token: TOKEN }),
      headers: { cookie: cookieHeader(cookies), "sec-fetch-site": "cross-site" },
    }),
  );
  assert.equal(crossSite.status, 403);
});

Deno.test("web: POSTs need the session's CSRF token; approve and reject go through the inbox", async () => {
  using store = await openStore({ path: ":memory:" });
  const handle = handler(store);
  const inbox = createInbox(store, { learnRejections: false });
  const verdict = { decision: "ask" as const, risk: 0.7, findings: [], suggestions: [] };
  const push = await inbox.enqueue({
    hook_event_name: "PreToolUse",
    tool_name: "Bash",
    tool_input: { command: "git push --force origin main" },
  }, verdict);
  const drop = await inbox.enqueue({
    hook_event_name: "PreToolUse",
    tool_name: "Bash",
    tool_input: { command: "psql -c 'drop table users'" },
  }, verdict);
  const { cookies } = await login(handle);
  const headers = { cookie: cookieHeader(cookies), ...ORIGIN };
  const page = await (await handle(new Request(`${BASE}/ui/inbox`, { headers }))).text();
  assert.ok(page.includes(`#${push.item.id}`) && page.includes("git push --force origin main"));
  const csrf = csrfIn(page);

  const post = (id: string, form: Record<string, string>, extra: HeadersInit = {}) =>
    handle(
      new Request(`${BASE}/ui/inbox/${id}/decide`, {
        method: "POST",
        body: new URLSearchParams(form),
        headers: { ...headers, ...extra },
      }),
    );
  const noToken = await post(push.item.id, { decision: "approve" });
  assert.equal(noToken.status, 403);
  assert.match(await noToken.text(), /no CSRF token/);
  const badToken = await post(push.item.id, { decision: "approve", csrf: "forged" });
  assert.equal(badToken.status, 403);
  const foreign = await post(push.item.id, { decision: "approve", csrf }, {
    origin: "http://evil.example",
  });
  assert.equal(foreign.status, 403);
  assert.equal((await inbox.get(push.item.id))!.status, "PENDING", "nothing changed");

  const noReason = await post(drop.item.id, { decision: "reject", csrf });
  assert.equal(noReason.status, 303);
  assert.equal((await inbox.get(drop.item.id))!.status, "PENDING");
  const flash = await (await handle(new Request(`${BASE}/ui/inbox`, { headers }))).text();
  assert.match(flash, /say why in the reason field/);

  assert.equal((await post(push.item.id, { decision: "approve", csrf })).status, 303);
  const approved = (await inbox.get(push.item.id))!;
  assert.equal(approved.status, "APPROVED");
  assert.equal(approved.channel, "web");
  assert.match(approved.decidedBy!, /^dashboard:/);
  await post(drop.item.id, { decision: "reject", csrf, reason: "never drop users" });
  assert.equal((await inbox.get(drop.item.id))!.reason, "never drop users");

  const again = await post(push.item.id, { decision: "reject", csrf, reason: "late" });
  assert.equal(again.status, 303);
  const after = await (await handle(new Request(`${BASE}/ui/inbox`, { headers }))).text();
  assert.match(after, /class="flash error"/);
  assert.equal((await inbox.get(push.item.id))!.status, "APPROVED", "one decision wins");

  const logout = await handle(
    new Request(`${BASE}/ui/logout`, {
      method: "POST",
      body: new URLSearchParams({ csrf }),
      headers,
    }),
  );
  assert.equal(logout.status, 303);
  const gone = await handle(new Request(`${BASE}/ui/`, { headers }));
  assert.equal(gone.status, 303, "the session ended");
});

Deno.test("web: agent-written text is escaped; promote to rule serves the export YAML", async () => {
  using store = await openStore({ path: ":memory:" });
  await store.set(keys.pattern("abc123"), {
    id: "abc123",
    category: "destructive_command",
    text: `rm -rf /srv/data/uploads <script>alert(1)</script>`,
    description: `deleted "uploads" <img src=x onerror=alert(1)>`,
    features: [],
    occurrences: 3,
    firstSeen: "2026-01-01T00:00:00Z",
    lastSeen: new Date().toISOString(),
    source: "manual",
    scope: "global",
    tool: "Bash",
    event: "PreToolUse",
  });
  const handle = handler(store);
  const { cookies } = await login(handle);
  const headers = { cookie: cookieHeader(cookies) };
  for (const path of ["/ui/memory", "/ui/memory/abc123", "/ui/"]) {
    const page = await (await handle(new Request(`${BASE}${path}`, { headers }))).text();
    assert.ok(!page.includes("<script>alert") && !page.includes("<img src=x"), path);
    assert.ok(page.includes("&lt;script&gt;") || path === "/ui/", path);
  }
  const yaml = await handle(new Request(`${BASE}/ui/memory/abc123/rule.yaml`, { headers }));
  assert.equal(yaml.status, 200);
  assert.match(
    yaml.headers.get("content-disposition")!,
    /attachment; filename="memory-abc123.yaml"/,
  );
  assert.match(await yaml.text(), /memory\.destructive-command\.abc123/);
  const missing = await handle(new Request(`${BASE}/ui/memory/nope/rule.yaml`, { headers }));
  assert.equal(missing.status, 404);
});

Deno.test("web: the overview lists the circuit breakers with their state", async () => {
  using store = await openStore({ path: ":memory:" });
  const breakers = createBreakers(store);
  for (let i = 0; i < 3; i++) {
    await breakers.record("openai", "gpt-5-mini", { ok: false, error: "HTTP 503" });
  }
  const handle = handler(store);
  const { cookies } = await login(handle);
  const page =
    await (await handle(new Request(`${BASE}/ui/`, { headers: { cookie: cookieHeader(cookies) } })))
      .text();
  assert.match(page, /gpt-5-mini[\s\S]*class="pill open"[\s\S]*HTTP 503/);
});
