/**
 * The bearer token that guards the HTTP transport. Generated on first use, stored in
 * `~/.taskorch/http-token` with mode 0600 (its folder 0700), reused afterwards.
 * `TASKORCH_TOKEN` overrides the file (useful for tests and CI).
 *
 * @module
 */

import { dirname, join } from "node:path";
import { errorMessage, TaskorchError } from "./errors.ts";
import { taskorchHome } from "./paths.ts";

/** Where the token lives unless told otherwise. */
export function defaultTokenPath(): string {
  return join(taskorchHome(), "http-token");
}

/** A loaded token and where it came from. */
export interface LoadedToken {
  /** The secret. */
  token: string;
  /** The file it is stored in, or `TASKORCH_TOKEN` when it came from the environment. */
  source: string;
  /** True when this call generated it. */
  created: boolean;
}

function generate(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_")
    .replace(/=+$/, "");
}

/**
 * Returns the token at `path`, creating it (mode 0600) when absent. A token file that
 * others can read is tightened to 0600.
 */
export async function loadOrCreateToken(path?: string): Promise<LoadedToken> {
  const fromEnv = Deno.env.get("TASKORCH_TOKEN");
  if (!path && fromEnv) return { token: fromEnv, source: "TASKORCH_TOKEN", created: false };
  const file = path ?? defaultTokenPath();
  try {
    await Deno.mkdir(dirname(file), { recursive: true, mode: 0o700 });
    const token = generate();
    try {
      await Deno.writeTextFile(file, token + "\n", { createNew: true, mode: 0o600 });
      await Deno.chmod(file, 0o600);
      return { token, source: file, created: true };
    } catch (error) {
      if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
    }
    const stat = await Deno.stat(file);
    if (stat.mode !== null && (stat.mode & 0o077) !== 0) await Deno.chmod(file, 0o600);
    const existing = (await Deno.readTextFile(file)).trim();
    if (existing.length < 16) {
      throw new Error(`it holds ${existing.length} characters; delete it to generate a new one`);
    }
    return { token: existing, source: file, created: false };
  } catch (error) {
    throw new TaskorchError(
      "TOKEN_FAILED",
      `Cannot load or create the HTTP token at "${file}": ${errorMessage(error)}`,
      { cause: error },
    );
  }
}

/** Compares two strings in time independent of where they differ. */
export function safeEqual(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}
