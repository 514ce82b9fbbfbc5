/**
 * Runs `taskorch check --jsonl -` as a real process over a batch of payloads, for the
 * benchmarks: writes and reads at once (a full stdout pipe would stall the writer) and
 * times the whole run, process start included.
 *
 * @module
 */

import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));

/** The answer lines and the wall time in seconds. */
export async function runCheckJsonl(
  payloads: string[],
  extraArgs: string[] = [],
): Promise<{ lines: string[]; seconds: number }> {
  const input = new TextEncoder().encode(payloads.join("\n") + "\n");
  const home = await Deno.makeTempDir();
  const started = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-all",
      "--config",
      `${root}deno.json`,
      `${root}mod.ts`,
      "check",
      "--jsonl",
      "-",
      ...extraArgs,
    ],
    env: { ...Deno.env.toObject(), TASKORCH_HOME: home, TASKORCH_KV: ":memory:" },
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
    cwd: home,
  }).spawn();
  const writing = (async () => {
    const writer = child.stdin.getWriter();
    await writer.write(input);
    await writer.close();
  })();
  const [output] = await Promise.all([child.output(), writing]);
  const seconds = (performance.now() - started) / 1000;
  const text = new TextDecoder().decode(output.stdout).trimEnd();
  return { lines: text === "" ? [] : text.split("\n"), seconds };
}
