/**
 * What the cross-module tests share: how to start the real taskorch process.
 *
 * @module
 */

import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT: string = fileURLToPath(new URL("../", import.meta.url));

/** The entry point. */
export const MOD: string = `${ROOT}mod.ts`;

/** The arguments that run taskorch with this checkout's config. */
export function taskorchArgs(...args: string[]): string[] {
  return ["run", "--allow-all", "--config", `${ROOT}deno.json`, MOD, ...args];
}

/** An environment for a child taskorch: this one, with its own home and store. */
export function childEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  const env = Deno.env.toObject();
  delete env.TASKORCH_TOKEN;
  delete env.TASKORCH_KV;
  return { ...env, TASKORCH_HOME: home, TASKORCH_KV: ":memory:", NO_COLOR: "1", ...extra };
}

/** Runs taskorch to completion with the given stdin. */
export async function runTaskorch(
  args: string[],
  options: { stdin?: string; home: string; env?: Record<string, string> },
): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: taskorchArgs(...args),
    env: childEnv(options.home, options.env),
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  if (options.stdin !== undefined) await writer.write(new TextEncoder().encode(options.stdin));
  await writer.close();
  const out = await child.output();
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}

/**
 * A small pack whose inline tests fail on purpose: `make build` is listed as a fire case
 * (line 11) but the rule only matches `make deploy`.
 */
export const FAILING_PACK: string = [
  "id: mine",
  "version: 1.0.0",
  "description: test",
  "rules:",
  "  - id: mine.make-deploy",
  "    category: other",
  "    severity: high",
  "    match: { command: { program: make, subcommand: deploy } }",
  "    message: deploys",
  "    tests:",
  "      fire: ['make deploy', 'make build']",
  "      pass: ['make test']",
].join("\n");
