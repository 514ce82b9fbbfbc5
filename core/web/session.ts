/**
 * Dashboard sessions: after a token login the server keeps a session in memory (it lives as
 * long as `taskorch serve --http`) and the browser holds only its random id, in an `HttpOnly`,
 * `SameSite=Strict` cookie. Each session has its own CSRF token for the forms. Sessions end
 * at logout, after {@linkcode IDLE_MS} without a request, or {@linkcode MAX_AGE_MS} after login.
 *
 * Cookies are not isolated by port, so the cookie's name carries the port: two taskorch
 * servers on one machine do not log each other out.
 *
 * @module
 */

import { safeEqual } from "../token.ts";

/** A session ends this long after login (12 hours). */
export const MAX_AGE_MS = 12 * 3_600_000;

/** A session ends after this long without a request (2 hours). */
export const IDLE_MS = 2 * 3_600_000;

/** Most sessions kept at once; logging in past it ends the oldest. */
export const MAX_SESSIONS = 64;

/** A logged-in browser. */
export interface Session {
  /** The cookie's value: 32 random bytes, base64url. */
  id: string;
  /** The token every form of this session must carry. */
  csrf: string;
  /** When it was created and last used (epoch ms). */
  created: number;
  lastSeen: number;
  /** A message for the next page this session sees (after a form's redirect). */
  flash?: { kind: "ok" | "error"; text: string };
}

/** 32 random bytes as base64url. */
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_")
    .replace(/=+$/, "");
}

/**
 * The sessions of one server.
 *
 * @example
 * ```ts
 * import { SessionStore } from "./session.ts";
 * let now = 0;
 * const sessions = new SessionStore({ now: () => now });
 * const session = sessions.create();
 * console.assert(sessions.get(session.id)?.csrf === session.csrf);
 * now += 3 * 3_600_000; // idle for three hours
 * console.assert(sessions.get(session.id) === undefined);
 * ```
 */
export class SessionStore {
  #sessions = new Map<string, Session>();
  #now: () => number;

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  /** Starts a session. */
  create(): Session {
    const now = this.#now();
    this.#sweep(now);
    while (this.#sessions.size >= MAX_SESSIONS) {
      this.#sessions.delete(this.#sessions.keys().next().value!);
    }
    const session = { id: randomId(), csrf: randomId(), created: now, lastSeen: now };
    this.#sessions.set(session.id, session);
    return session;
  }

  /** The live session with this id (and marks it used), or undefined. */
  get(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const now = this.#now();
    for (const session of this.#sessions.values()) {
      if (!safeEqual(session.id, id)) continue;
      if (now - session.created > MAX_AGE_MS || now - session.lastSeen > IDLE_MS) {
        this.#sessions.delete(session.id);
        return undefined;
      }
      session.lastSeen = now;
      return session;
    }
    return undefined;
  }

  /** Ends a session. */
  delete(id: string): void {
    this.#sessions.delete(id);
  }

  /** Sessions alive. */
  get size(): number {
    this.#sweep(this.#now());
    return this.#sessions.size;
  }

  #sweep(now: number): void {
    for (const [id, s] of this.#sessions) {
      if (now - s.created > MAX_AGE_MS || now - s.lastSeen > IDLE_MS) this.#sessions.delete(id);
    }
  }
}

/**
 * The value of cookie `name` in the request, if any.
 *
 * @example
 * ```ts
 * import { readCookie } from "./session.ts";
 * const request = new Request("http://127.0.0.1/", { headers: { cookie: "a=1; b=two" } });
 * console.assert(readCookie(request, "b") === "two" && readCookie(request, "c") === undefined);
 * ```
 */
export function readCookie(request: Request, name: string): string | undefined {
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** A `Set-Cookie` value: HttpOnly, SameSite=Strict, whole site; `maxAge` 0 clears it. */
export function cookie(name: string, value: string, maxAgeSeconds: number): string {
  return `${name}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}`;
}
