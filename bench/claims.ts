/**
 * Claim-vs-evidence quality and transcript streaming.
 *
 * 1. Precision and recall of the claims checker over the labeled transcript fixtures
 *    (tests/fixtures/transcripts/manifest.json): each expected finding is a
 *    `rule category` pair; a finding the checker gives that is not expected is a false
 *    positive, an expected one it misses a false negative.
 * 2. The evidence ledger over a large synthetic transcript (default 50 MB, written to a
 *    temp folder): throughput and peak memory, to show it streams.
 *
 * Run: ./tools/deno run -A bench/claims.ts [--mb 50]
 *
 * @module
 */

import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { readLedger } from "../core/claude/ledger.ts";
import { createClaimsChecker } from "../core/claims/checker.ts";
import type { Fixture } from "../tests/fixtures/transcripts/generate.ts";

const { values } = parseArgs({ options: { mb: { type: "string", default: "50" } } });
const folder = fileURLToPath(new URL("../tests/fixtures/transcripts/", import.meta.url));
const WORKSPACE = "/home/dev/project";
const fixtures: Fixture[] = JSON.parse(await Deno.readTextFile(`${folder}manifest.json`));
const checker = createClaimsChecker();
const root = await Deno.makeTempDir({ prefix: "taskorch-claims-bench-" });

// 1. Precision and recall.
const perCategory = new Map<string, { tp: number; fp: number; fn: number }>();
const rows: string[] = [];
let tp = 0, fp = 0, fn = 0;
for (const [i, fixture] of fixtures.entries()) {
  const cwd = `${root}/${i}/project`;
  await Deno.mkdir(cwd, { recursive: true });
  for (const file of fixture.workspace) {
    const path = `${cwd}/${file}`;
    await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    await Deno.writeTextFile(path, "// present\n");
  }
  const transcript = `${root}/${i}/${fixture.file}`;
  const text = await Deno.readTextFile(`${folder}${fixture.file}`);
  await Deno.writeTextFile(transcript, text.replaceAll(WORKSPACE, cwd));
  const findings = await checker.check({
    hook_event_name: fixture.event ?? "Stop",
    transcript_path: transcript,
    cwd,
    last_assistant_message: fixture.message,
  });
  const got = findings.map((f) => `${f.rule} ${f.category}`);
  const expected = [...fixture.expected];
  const hits = got.filter((g) => {
    const at = expected.indexOf(g);
    if (at === -1) return false;
    expected.splice(at, 1);
    return true;
  });
  const misses = got.filter((g) => !hits.includes(g));
  for (const [list, key] of [[hits, "tp"], [misses, "fp"], [expected, "fn"]] as const) {
    for (const item of list) {
      const category = item.split(" ")[1];
      const entry = perCategory.get(category) ?? { tp: 0, fp: 0, fn: 0 };
      entry[key]++;
      perCategory.set(category, entry);
    }
  }
  tp += hits.length;
  fp += misses.length;
  fn += expected.length;
  const verdict = misses.length === 0 && expected.length === 0 ? "ok" : "WRONG";
  rows.push(
    `${fixture.file.padEnd(30)} ${verdict.padEnd(5)} ${got.length === 0 ? "-" : got.join(", ")}`,
  );
}

function ratio(a: number, b: number): string {
  return b === 0 ? "n/a" : (a / b).toFixed(3);
}

console.log(`claim-vs-evidence on ${fixtures.length} transcript fixtures`);
console.log(rows.join("\n"));
console.log("");
console.log("category               TP  FP  FN  precision  recall");
for (const [category, c] of [...perCategory].sort()) {
  console.log(
    `${category.padEnd(22)} ${String(c.tp).padStart(2)}  ${String(c.fp).padStart(2)}  ${
      String(c.fn).padStart(2)
    }  ${ratio(c.tp, c.tp + c.fp).padStart(9)}  ${ratio(c.tp, c.tp + c.fn).padStart(6)}`,
  );
}
console.log(
  `${"all".padEnd(22)} ${String(tp).padStart(2)}  ${String(fp).padStart(2)}  ${
    String(fn).padStart(2)
  }  ${ratio(tp, tp + fp).padStart(9)}  ${ratio(tp, tp + fn).padStart(6)}`,
);
const honest = fixtures.filter((f) => f.expected.length === 0).length;
console.log(`(${honest} fixtures end honestly or with supported claims and expect no finding)`);

// 2. Streaming a large transcript.
const targetBytes = Number(values.mb) * 1024 * 1024;
const big = `${root}/big.jsonl`;
{
  const file = await Deno.open(big, { write: true, create: true, truncate: true });
  const writer = file.writable.getWriter();
  const encoder = new TextEncoder();
  const output = "x".repeat(1800);
  const content = "export const value = 1;\n".repeat(160);
  let written = 0;
  let n = 0;
  while (written < targetBytes) {
    const id = `toolu_${++n}`;
    const lines = n % 3 === 0
      ? [
        {
          type: "assistant",
          uuid: `a${n}`,
          timestamp: new Date(n * 1000).toISOString(),
          message: {
            id: `m${n}`,
            role: "assistant",
            content: [{
              type: "tool_use",
              id,
              name: "Write",
              input: { file_path: `/w/src/f${n % 500}.ts`, content },
            }],
            usage: { input_tokens: 100, output_tokens: 50 },
          },
        },
        {
          type: "user",
          uuid: `u${n}`,
          message: {
            role: "user",
            content: [{ type: "tool_result", tool_use_id: id, content: "ok" }],
          },
          toolUseResult: { type: "update", filePath: `/w/src/f${n % 500}.ts`, content },
        },
      ]
      : [
        {
          type: "assistant",
          uuid: `a${n}`,
          timestamp: new Date(n * 1000).toISOString(),
          message: {
            id: `m${n}`,
            role: "assistant",
            content: [{
              type: "tool_use",
              id,
              name: "Bash",
              input: { command: n % 2 ? "deno test -A" : "cd src && npx jest -t login | tail" },
            }],
          },
        },
        {
          type: "user",
          uuid: `u${n}`,
          message: {
            role: "user",
            content: [{ type: "tool_result", tool_use_id: id, content: output }],
          },
          toolUseResult: {
            stdout: `${output}\nok | 12 passed | 0 failed (1s)`,
            stderr: "",
            interrupted: false,
            isImage: false,
          },
        },
      ];
    const chunk = encoder.encode(lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
    await writer.write(chunk);
    written += chunk.byteLength;
  }
  await writer.close();
}
const size = (await Deno.stat(big)).size;
const before = Deno.memoryUsage();
let peakRss = before.rss;
let peakHeap = before.heapUsed;
const sampler = setInterval(() => {
  const now = Deno.memoryUsage();
  peakRss = Math.max(peakRss, now.rss);
  peakHeap = Math.max(peakHeap, now.heapUsed);
}, 5);
const started = performance.now();
const ledger = await readLedger(big);
const elapsed = performance.now() - started;
clearInterval(sampler);
const after = Deno.memoryUsage();
peakRss = Math.max(peakRss, after.rss);
peakHeap = Math.max(peakHeap, after.heapUsed);
const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);
console.log("");
console.log(`ledger over a ${mb(size)} MB synthetic transcript (${ledger.stats.lines} lines)`);
console.log(
  `  ${ledger.commands.length} commands, ${ledger.files.length} file changes, ${ledger.checks.length} checks`,
);
console.log(
  `  time ${(elapsed / 1000).toFixed(2)} s, throughput ${
    (size / 1024 / 1024 / (elapsed / 1000)).toFixed(1)
  } MB/s`,
);
console.log(
  `  memory: rss ${mb(before.rss)} -> peak ${mb(peakRss)} MB (+${
    mb(peakRss - before.rss)
  }), heap used ${mb(before.heapUsed)} -> peak ${mb(peakHeap)} MB (+${
    mb(peakHeap - before.heapUsed)
  })`,
);
await Deno.remove(root, { recursive: true });
