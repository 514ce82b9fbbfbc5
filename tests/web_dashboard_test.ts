/**
 * The web dashboard end to end in headless Chromium (Debian's `/usr/bin/chromium`, driven by
 * playwright-core; never a downloaded browser): a real `taskorch serve --http` subprocess on
 * a temp store, real `taskorch hook` calls feeding the inbox, a 1366×768 window.
 * Screenshots of every page go to `tests/artifacts/web/` (git-ignored).
 *
 * @module
 */

import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { createBreakers } from "../core/breakers/breakers.ts";
import { openStore } from "../core/store.ts";
import { childEnv, ROOT, runTaskorch, startServeHttp } from "./support.ts";

const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = `${ROOT}tests/artifacts/web`;
const hasChromium = (() => {
  try {
    return Deno.statSync(CHROMIUM).isFile;
  } catch {
    return false;
  }
})();

function pushEvent(home: string, command: string): string {
  return JSON.stringify({
    hook_event_name: "PreToolUse",
    session_id: "web-e2e",
    cwd: home,
    tool_name: "Bash",
    tool_input: { command },
    tool_use_id: `toolu_${crypto.randomUUID()}`,
  });
}

/** A Claude Code transcript with three assistant messages: today, yesterday, three days ago. */
function transcript(now: Date): string {
  const models = ["claude-sonnet-4-5-20250929", "claude-opus-4-5-20251101", "claude-haiku-4-5"];
  return models.map((model, i) =>
    JSON.stringify({
      type: "assistant",
      uuid: `u-${i}`,
      sessionId: "web-e2e",
      timestamp: new Date(now.getTime() - [0, 1, 3][i] * 86_400_000).toISOString(),
      isSidechain: false,
      requestId: `req-${i}`,
      message: {
        id: `msg_web_${i}`,
        type: "message",
        role: "assistant",
        model,
        content: [{ type: "text", text: "done" }],
        usage: { input_tokens: 4000, output_tokens: 2000, cache_read_input_tokens: 100_000 },
      },
    })
  ).join("\n") + "\n";
}

Deno.test({
  name: "web dashboard in Chromium: token login, approve a queued hook call, the retry passes",
  ignore: !hasChromium,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const home = await Deno.makeTempDir({ prefix: "taskorch-web-" });
    await Deno.mkdir(ARTIFACTS, { recursive: true });
    // One store file shared by the server and the hook processes; the hook queues (headless).
    const env = childEnv(home, { TASKORCH_KV: `${home}/store.kv`, TASKORCH_INBOX_MODE: "queue" });
    const server = await startServeHttp({ home, env });
    const base = server.url.replace(/\/mcp$/, "");
    const hook = async (command: string) => {
      const out = await runTaskorch(["hook"], { stdin: pushEvent(home, command), home, env });
      assert.equal(out.code, 0, out.stderr);
      return JSON.parse(out.stdout).hookSpecificOutput as {
        permissionDecision?: string;
        permissionDecisionReason?: string;
      };
    };
    const browser = await chromium.launch({ executablePath: CHROMIUM });
    const problems: string[] = [];
    try {
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      const page = await context.newPage();
      page.on("console", (m) => {
        // The refused login (401) and the forged POST (403) log failed loads: expected.
        if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) {
          problems.push(m.text());
        }
      });
      page.on("pageerror", (e) => problems.push(String(e)));
      const shot = (name: string, fullPage = true) =>
        page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage });

      // Any page sends an anonymous browser to the login form.
      await page.goto(`${base}/ui/inbox`);
      assert.equal(new URL(page.url()).pathname, "/ui/login");
      await shot("login");

      // A wrong token is refused: still the login form, an alert, no session cookie.
      await page.getByLabel("Token").fill("not-the-token");
      await page.getByRole("button", { name: "Log in" }).click();
      await page.getByRole("alert").waitFor();
      assert.match(await page.getByRole("alert").innerText(), /token is wrong/);
      assert.equal(new URL(page.url()).pathname, "/ui/login");
      assert.ok(!(await context.cookies()).some((c) => c.name.startsWith("taskorch_session")));
      await shot("login-wrong-token");

      // The right token: back to the page asked for, with an HttpOnly SameSite=Strict session.
      await page.getByLabel("Token").fill(server.token);
      await page.keyboard.press("Enter");
      await page.waitForURL(`${base}/ui/inbox`);
      const session = (await context.cookies()).find((c) => c.name.startsWith("taskorch_session"))!;
      assert.ok(session.httpOnly && session.sameSite === "Strict");
      assert.ok(!page.url().includes(server.token));
      await page.getByText("Nothing is waiting").waitFor();

      // An agent's force push is queued by a real `taskorch hook`; the page picks it up by polling.
      const queued = await hook("git push --force origin main");
      assert.equal(queued.permissionDecision, "deny");
      const id = /queued as #([0-9A-Z]+)/.exec(queued.permissionDecisionReason ?? "")?.[1];
      assert.ok(id, queued.permissionDecisionReason);
      const other = await hook("git push --force origin release");
      const otherId = /queued as #([0-9A-Z]+)/.exec(other.permissionDecisionReason ?? "")![1];
      await page.getByRole("heading", { name: `#${id}` }).waitFor({ timeout: 20_000 });
      assert.equal(await page.locator(".badge[data-live=pending]").innerText(), "2");
      await shot("inbox-pending");

      // A POST without the CSRF token is refused, even from the logged-in page itself.
      const forged = await page.evaluate(async (path) => {
        const res = await fetch(path, {
          method: "POST",
          body: new URLSearchParams({ decision: "approve" }),
        });
        return { status: res.status, text: await res.text() };
      }, `/ui/inbox/${id}/decide`);
      assert.equal(forged.status, 403);
      assert.match(forged.text, /CSRF token/);

      // Approve with a reason, from the keyboard.
      await page.getByLabel(/Reason/).first().fill("release window, checked with the team");
      await page.getByRole("button", { name: `Approve #${id}` }).focus();
      await page.keyboard.press("Enter");
      await page.getByRole("status").filter({ hasText: `Approved #${id}` }).waitFor();
      // Reject the other one; a rejection is learned by the memory.
      const form = page.getByRole("form", { name: `Decide #${otherId}` });
      await form.getByLabel(/Reason/).fill("release is frozen this week");
      await form.getByRole("button", { name: `Reject #${otherId}` }).click();
      await page.getByRole("status").filter({ hasText: `Rejected #${otherId}` }).waitFor();
      await shot("inbox-decided");

      // The agent's retry of the same call passes once; the rejected one is denied with the reason.
      const retried = await hook("git push --force origin main");
      assert.equal(retried.permissionDecision, "allow", retried.permissionDecisionReason);
      const denied = await hook("git push --force origin release");
      assert.equal(denied.permissionDecision, "deny");
      assert.match(denied.permissionDecisionReason ?? "", /release is frozen this week/);

      // Breakers: a provider failing three times in a row opens its breaker (the breakers'
      // own API on the server's store file, as a provider call in another process would).
      {
        using store = await openStore({ path: `${home}/store.kv` });
        const breakers = createBreakers(store);
        for (let i = 0; i < 3; i++) {
          await breakers.record("openai", "gpt-5-mini", { ok: false, error: "HTTP 503" });
        }
        await breakers.record("anthropic", "claude-haiku-4-5", { ok: true });
      }

      // Every page renders; screenshots for the README and for review.
      await page.getByRole("link", { name: "Overview" }).click();
      await page.getByRole("heading", { name: "Checks and decisions per day" }).waitFor();
      await page.locator("svg.chart rect").first().waitFor({ timeout: 20_000 });
      const breakersPanel = page.getByRole("region", { name: "Circuit breakers" });
      assert.match(await breakersPanel.innerText(), /gpt-5-mini\s+open[\s\S]*HTTP 503/);
      await shot("overview");
      // Costs: the agent's own usage imported from a Claude Code transcript, and a budget, both
      // through the real CLI on the same store.
      await Deno.writeTextFile(`${home}/transcript.jsonl`, transcript(new Date()));
      const imported = await runTaskorch(
        ["cost", "import-claude", `${home}/transcript.jsonl`],
        { home, env },
      );
      assert.equal(imported.code, 0, imported.stderr);
      const budget = await runTaskorch(["cost", "budget", "set", "overall", "month", "20"], {
        home,
        env,
      });
      assert.equal(budget.code, 0, budget.stderr);
      await page.getByRole("link", { name: "Costs" }).click();
      await page.getByRole("heading", { level: 1, name: "Costs" }).waitFor();
      assert.ok(await page.locator("svg.chart rect").count() >= 3, "bars on three days");
      const budgets = page.getByRole("region", { name: "Budgets" });
      assert.match(await budgets.innerText(), /overall[\s\S]*month[\s\S]*\$20\.00/);
      await page.getByRole("cell", { name: "claude-sonnet-4-5" }).waitFor(); // today: this month
      await shot("costs");
      await page.getByRole("link", { name: "Rules", exact: true }).click();
      await page.getByRole("heading", { level: 1, name: "Rules" }).waitFor();
      await page.getByLabel("Pack").selectOption("destructive");
      await page.getByRole("button", { name: "Filter" }).click();
      await page.waitForURL(/pack=destructive/);
      await shot("rules", false); // the 1366×768 window: the full list is long
      await page.getByRole("link", { name: "Memory" }).click();
      await page.getByRole("link", { name: "Promote to rule" }).first().click();
      await page.getByRole("heading", { name: "Promote to rule" }).waitFor();
      await shot("memory-pattern");
      const download = page.waitForEvent("download");
      await page.getByRole("link", { name: "Download YAML" }).click();
      const yaml = await Deno.readTextFile(await (await download).path());
      assert.match(yaml, /^rules:/m);
      await page.getByRole("link", { name: "← All patterns" }).click();
      await shot("memory");

      // Keyboard: the first Tab reaches the skip link, which moves focus to the content.
      await page.keyboard.press("Tab");
      assert.equal(await page.locator(":focus").innerText(), "Skip to content");
      await page.keyboard.press("Enter");
      assert.equal(await page.locator(":focus").getAttribute("id"), "main");

      // Log out: the session ends, pages need a login again.
      await page.getByRole("button", { name: "Log out" }).click();
      await page.waitForURL(`${base}/ui/login`);
      await page.goto(`${base}/ui/`);
      assert.equal(new URL(page.url()).pathname, "/ui/login");
      assert.deepEqual(problems, [], "no script errors or CSP violations");
    } finally {
      await browser.close();
      await server.stop();
      await Deno.remove(home, { recursive: true }).catch(() => {});
    }
  },
});
