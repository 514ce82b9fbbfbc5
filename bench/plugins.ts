/**
 * Plugin sandbox figures: cold start (spawn → hello, target ≤ 150 ms) and call round trip
 * (target median ≤ 0.5 ms), for a minimal guard (no dependencies) and a guard that imports
 * zod with the project's config. Sequential calls measure latency; a concurrent batch
 * shows what multiplexing buys.
 *
 *   ./tools/deno run -A bench/plugins.ts [--starts 20] [--calls 2000]
 *
 * @module
 */

import { parseArgs } from "node:util";
import { startPlugin } from "../core/sandbox.ts";
import { summarize } from "./stats.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const { values } = parseArgs({
  args: Deno.args,
  options: {
    starts: { type: "string", default: "20" },
    calls: { type: "string", default: "2000" },
  },
});
const STARTS = Number(values.starts);
const CALLS = Number(values.calls);
const event = { hook_event_name: "UserPromptSubmit", prompt: "please rm the build folder" };

const cases = [
  { label: "minimal guard", specifier: `${ROOT}tests/fixtures/plugins/minimal_guard.ts` },
  {
    label: "guard importing zod (project config)",
    specifier: `${ROOT}tests/fixtures/plugins/echo_guard.ts`,
    config: `${ROOT}deno.json`,
  },
  {
    // The first-party guard (a UserPromptSubmit event: it looks nothing up, so no network).
    label: "hallucinated-packages guard (imports @taskorch/mcp/plugin and zod)",
    specifier: `${ROOT}plugins/guards/packages/plugin.ts`,
    config: `${ROOT}deno.json`,
    grant: { net: ["registry.npmjs.org", "pypi.org", "crates.io"] },
  },
];

for (
  const { label, specifier, config, grant } of cases as {
    label: string;
    specifier: string;
    config?: string;
    grant?: { net: string[] };
  }[]
) {
  // One start to warm Deno's module cache, as on any machine after the first run.
  await (await startPlugin(specifier, { config, grant })).close();
  const starts: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    const t0 = performance.now();
    const plugin = await startPlugin(specifier, { config, grant });
    starts.push(performance.now() - t0);
    await plugin.close();
  }
  const plugin = await startPlugin(specifier, { config, grant });
  for (let i = 0; i < 200; i++) await plugin.call(event);
  const calls: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t0 = performance.now();
    await plugin.call(event);
    calls.push(performance.now() - t0);
  }
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CALLS }, () => plugin.call(event)));
  const concurrent = (performance.now() - t0) / CALLS;
  await plugin.close();
  const s = summarize(starts);
  const c = summarize(calls);
  console.log(`${label}`);
  console.log(
    `  cold start (spawn → hello), n=${s.n}: median ${s.median.toFixed(1)} ms, p90 ${
      s.p90.toFixed(1)
    } ms, max ${s.max.toFixed(1)} ms (target ≤ 150 ms)`,
  );
  console.log(
    `  call round trip, n=${c.n}: median ${c.median.toFixed(3)} ms, p90 ${
      c.p90.toFixed(3)
    } ms, p99 ${c.p99.toFixed(3)} ms (target median ≤ 0.5 ms)`,
  );
  console.log(`  ${CALLS} concurrent calls: ${concurrent.toFixed(4)} ms per call`);
}
