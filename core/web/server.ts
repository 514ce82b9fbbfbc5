/**
 * The web dashboard's routes, served by `taskorch serve --http` beside `/mcp`, `/hook` and
 * `/healthz` (core/http.ts hands it `/` and `/ui/...`, after its Host and Origin checks):
 *
 * | Route                              | What                                             |
 * | ---------------------------------- | ------------------------------------------------ |
 * | `GET /`                            | redirects to `/ui/`                              |
 * | `GET /ui/login`, `POST /ui/login`  | token login (no session needed)                  |
 * | `POST /ui/logout`                  | ends the session                                 |
 * | `GET /ui/`                         | overview: checks per day, top rules and patterns, breakers |
 * | `GET /ui/inbox`                    | pending items and history                        |
 * | `POST /ui/inbox/:id/decide`        | approve or reject, with a reason                 |
 * | `GET /ui/costs`                    | spend per day and provider, budgets              |
 * | `GET /ui/rules`                    | packs, rules, hits, inline test status           |
 * | `GET /ui/memory`, `/ui/memory/:id` | patterns; one pattern with its rule YAML         |
 * | `GET /ui/memory/:id/rule.yaml`     | that YAML, as a download                         |
 * | `GET /ui/live.json`                | live figures the page script polls               |
 * | `GET /ui/assets/*`                 | our stylesheet, script and icon                  |
 *
 * Every route but login and the assets needs a session; every POST needs the session's CSRF
 * token and a same-origin request (core/web/csrf.ts).
 *
 * @module
 */

import { errorMessage, TaskorchError } from "../errors.ts";
import type { Pack } from "../rules/types.ts";
import type { WithStore } from "../shared_store.ts";
import { ASSETS } from "./assets.ts";
import { type Auth, createAuth, redirect } from "./auth.ts";
import { csrfProblem } from "./csrf.ts";
import { securityHeaders } from "./headers.ts";
import { html } from "./html.ts";
import { type PageKey, renderPage } from "./layout.ts";
import type { Session } from "./session.ts";
import { loadPage, type PageData } from "./page_data.ts";
import { decideFromForm } from "./decide.ts";

/** Options of {@linkcode createDashboardHandler}. */
export interface DashboardOptions {
  /** The server's bearer token: the login. */
  token: string;
  /** The server's port (names the cookies). */
  port: number;
  /** The origins forms may be posted from (`http://127.0.0.1:PORT`, ...). */
  origins: ReadonlySet<string>;
  /** The server's store. */
  withStore: WithStore;
  /** The rule packs in force. */
  packs: readonly Pack[];
  /** Where the user finds the token (shown on the login page). */
  tokenHint?: string;
  /** The live updates' polling interval (default 3000 ms). */
  pollMs?: number;
}

/** Paths the dashboard answers: `/` and everything under `/ui`. */
export function isDashboardPath(pathname: string): boolean {
  return pathname === "/" || pathname === "/ui" || pathname.startsWith("/ui/");
}

function text(status: number, body: string): Response {
  return new Response(body, { status, headers: securityHeaders("text/plain; charset=utf-8") });
}

/** Most bytes a dashboard form may post. */
const MAX_FORM_BYTES = 16_384;

/**
 * The dashboard's request handler.
 *
 * @example
 * ```ts
 * import { openStore } from "../store.ts";
 * import { createDashboardHandler } from "./server.ts";
 * using store = await openStore({ path: ":memory:" });
 * const handle = createDashboardHandler({
 *   token: "t0ken-t0ken-t0ken-t0ken", port: 7420, packs: [],
 *   origins: new Set(["http://127.0.0.1:7420"]), withStore: (use) => use(store),
 * });
 * const answer = await handle(new Request("http://127.0.0.1:7420/ui/"));
 * console.assert(answer.status === 303 && answer.headers.get("location") === "/ui/login?next=%2Fui%2F");
 * ```
 */
export function createDashboardHandler(
  options: DashboardOptions,
): (request: Request) => Promise<Response> {
  const auth: Auth = createAuth({
    token: options.token,
    port: options.port,
    origins: options.origins,
    tokenHint: options.tokenHint ?? "~/.taskorch/http-token",
  });

  return async (request) => {
    const url = new URL(request.url);
    const path = url.pathname.replace(/\/+$/, "") || "/";
    const asset = ASSETS[url.pathname];
    if (asset && request.method === "GET") {
      return new Response(asset.body, {
        headers: { ...securityHeaders(asset.type), "cache-control": "no-cache" },
      });
    }
    if (path === "/") return redirect("/ui/");
    if (path === "/ui/login") {
      if (request.method === "GET") return auth.loginPage(request, url);
      if (request.method === "POST") return await auth.login(request);
      return text(405, "Use GET or POST");
    }
    const session = auth.session(request);
    if (!session) {
      if (request.method === "GET" && !path.endsWith(".json")) {
        return redirect(`/ui/login?next=${encodeURIComponent(url.pathname + url.search)}`);
      }
      return text(401, "Not logged in: log in at /ui/login with the server's token");
    }
    try {
      if (request.method === "POST") return await post(request, path, session);
      if (request.method !== "GET") return text(405, `Method ${request.method} not allowed`);
      return await get(url, path, session);
    } catch (error) {
      console.error(`taskorch: dashboard ${request.method} ${path} failed: ${errorMessage(error)}`);
      return page(
        500,
        session,
        "overview",
        "Something failed",
        html`
          <div class="flash error" role="alert">${errorMessage(error)}</div>
          <p>The server is still running; <a href="${path}">try again</a>.</p>
        `,
      );
    }
  };

  function page(
    status: number,
    session: Session,
    active: PageKey,
    title: string,
    body: ReturnType<typeof html>,
    data?: Pick<PageData, "stamp" | "pending" | "lede">,
  ): Response {
    const flash = session.flash;
    session.flash = undefined;
    return new Response(
      renderPage({
        title,
        active,
        body,
        csrf: session.csrf,
        stamp: data?.stamp ?? "none",
        pending: data?.pending,
        lede: data?.lede,
        flash,
        pollMs: options.pollMs,
      }),
      { status, headers: securityHeaders("text/html; charset=utf-8") },
    );
  }

  async function get(url: URL, path: string, session: Session): Promise<Response> {
    if (path === "/ui/live.json") {
      const { liveFigures } = await import("./live.ts");
      const live = await options.withStore((store) => liveFigures(store));
      return new Response(JSON.stringify(live), {
        headers: securityHeaders("application/json"),
      });
    }
    const yaml = /^\/ui\/memory\/([\w-]{1,128})\/rule\.yaml$/.exec(path);
    if (yaml) {
      const { promotedRule } = await import("./page_data.ts");
      const exported = await options.withStore((store) => promotedRule(store, yaml[1]));
      if (!exported) return text(404, `No learned pattern ${yaml[1]}`);
      if (exported.rules === 0) return text(422, exported.skipped.map((s) => s.reason).join("\n"));
      return new Response(exported.yaml, {
        headers: {
          ...securityHeaders("application/yaml; charset=utf-8"),
          "content-disposition": `attachment; filename="memory-${yaml[1]}.yaml"`,
        },
      });
    }
    const data = await options.withStore((store) =>
      loadPage(store, path, url.searchParams, { packs: options.packs, csrf: session.csrf })
    );
    if (!data) {
      return page(
        404,
        session,
        "overview",
        "Not found",
        html`<p>There is no page at <code>${path}</code>. <a href="/ui/">Go to the overview</a>.</p>`,
      );
    }
    return page(data.status ?? 200, session, data.active, data.title, data.body, data);
  }

  async function post(request: Request, path: string, session: Session): Promise<Response> {
    const length = Number(request.headers.get("content-length") ?? "0");
    if (length > MAX_FORM_BYTES) {
      return text(413, `The form is larger than ${MAX_FORM_BYTES} bytes`);
    }
    let form: FormData;
    try {
      form = await request.formData();
    } catch (error) {
      return text(400, `The form could not be read: ${errorMessage(error)}`);
    }
    const problem = csrfProblem(request, form, session.csrf, options.origins);
    if (problem) return text(403, `Forbidden: ${problem}. Nothing was changed.`);
    if (path === "/ui/logout") return auth.logout(session);
    const decide = /^\/ui\/inbox\/([A-Za-z0-9#]{1,32})\/decide$/.exec(path);
    if (decide) {
      try {
        const message = await options.withStore((store) => decideFromForm(store, decide[1], form));
        session.flash = { kind: "ok", text: message };
      } catch (error) {
        if (!(error instanceof TaskorchError)) throw error;
        session.flash = { kind: "error", text: error.message };
      }
      return redirect("/ui/inbox");
    }
    return text(404, `Nothing to post to at ${path}`);
  }
}
