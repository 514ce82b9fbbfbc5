/**
 * The learned memory's benchmark: lookup latency with 1k, 10k and 100k stored patterns, and
 * the recall of paraphrased recurrences and false-positive rate on unrelated prompts.
 *
 * ```sh
 * ./tools/deno run -A bench/memory.ts                 # both parts
 * ./tools/deno run -A bench/memory.ts --latency       # latency only (--sizes 1000,10000)
 * ./tools/deno run -A bench/memory.ts --quality       # recall / false positives only
 * ./tools/deno run -A bench/memory.ts --latency --kv /tmp/m.kv   # keep the filled store
 * ./tools/deno run -A bench/memory.ts --latency --candidates 10  # read at most 10 candidates
 * ```
 *
 * The latency part also measures recall at scale: the quality set's recorded prompts are
 * learned among the synthetic patterns, and their `all` and `order` paraphrases are looked up
 * at each size (no scorer, minimum score 0.6), with the false positives on unrelated prompts.
 *
 * Quality set, built from `../shared/bench-data/` at run time (nothing is copied into the
 * repository): the user prompts of libraryhallubench, safe-os and rjudge (the `USER:` line of
 * each transcript), deduplicated, grouped (libraryhallubench's versions of one task, same
 * `meta.seed_id`, form one group) and shuffled with a fixed seed, split by group into three parts:
 * RECORDED prompts recorded as failures, TRAIN prompts given to the scorer as successes, and
 * UNRELATED prompts that must not be flagged. Each recorded prompt gets deterministic
 * paraphrases: `order` (clauses and words moved), `synonyms` (a fixed table), `typos` (two
 * letters swapped in up to two words), `values` (other paths and numbers) and `all` (all four).
 * Recall: the share of paraphrases flagged with their own pattern; FP: the share of unrelated
 * prompts flagged at all.
 *
 * @module
 */

import { learnFailure } from "../core/memory/learn.ts";
import { findSimilar } from "../core/memory/lookup.ts";
import { textFeatures } from "../core/memory/features.ts";
import { emptyModel, trainModel } from "../core/memory/model.ts";
import { openStore, type Store } from "../core/store.ts";
import { summarize } from "./stats.ts";

const DATA = new URL("../../shared/bench-data/", import.meta.url);
const args = new Set(Deno.args);
const both = !args.has("--latency") && !args.has("--quality");
const sizesArg = Deno.args[Deno.args.indexOf("--sizes") + 1];
const candidatesArg = Deno.args.indexOf("--candidates");
const CANDIDATES = candidatesArg >= 0 ? Number(Deno.args[candidatesArg + 1]) : undefined;
const kvArg = Deno.args.indexOf("--kv");
/** A KV file to fill (and reuse on the next run: filling 100k patterns takes minutes). */
const KV = kvArg >= 0 ? Deno.args[kvArg + 1] : ":memory:";
const SIZES = Deno.args.includes("--sizes")
  ? sizesArg.split(",").map(Number)
  : [1000, 10000, 100000];

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * The prompts, grouped: libraryhallubench holds several versions of one task (same
 * `meta.seed_id`); a group is one unit, so no version of a recorded task counts as unrelated.
 */
async function promptGroups(): Promise<string[][]> {
  const groups = new Map<string, Set<string>>();
  for (const file of ["libraryhallubench", "safe-os", "rjudge"]) {
    const text = await Deno.readTextFile(new URL(`${file}.jsonl`, DATA));
    for (const line of text.split("\n")) {
      if (!line.trim()) continue;
      const row = JSON.parse(line) as {
        id: string;
        kind: string;
        text: string;
        meta?: { seed_id?: string };
      };
      let prompt = row.text;
      if (row.kind === "transcript") {
        const user = /^USER: (.+)$/m.exec(row.text);
        if (!user) continue;
        prompt = user[1];
      } else if (row.kind !== "prompt") continue;
      prompt = prompt.trim().slice(0, 2000);
      if (prompt.length < 20) continue;
      const group = row.meta?.seed_id ?? `${file}:${prompt}`;
      if (!groups.has(group)) groups.set(group, new Set());
      groups.get(group)!.add(prompt);
    }
  }
  return [...groups.values()].map((set) => [...set]);
}

const SYNONYMS: Record<string, string> = {
  create: "make",
  delete: "remove",
  remove: "delete",
  list: "show",
  show: "display",
  file: "document",
  files: "documents",
  directory: "folder",
  folder: "directory",
  write: "produce",
  function: "routine",
  return: "give back",
  calculate: "compute",
  find: "locate",
  check: "verify",
  send: "forward",
  email: "mail",
  read: "open",
  user: "account",
  number: "count",
  data: "records",
  random: "arbitrary",
  generate: "produce",
  get: "fetch",
  latest: "newest",
  tell: "inform",
  please: "kindly",
  using: "with",
  change: "modify",
  update: "modify",
};

function synonyms(text: string): string {
  return text.replace(/\b[A-Za-z]+\b/g, (w) => SYNONYMS[w.toLowerCase()] ?? w);
}

function typos(text: string, random: () => number): string {
  const words = text.split(" ");
  const long = words.map((w, i) => [w, i] as const).filter(([w]) => /^[A-Za-z]{6,}$/.test(w));
  for (const [word, i] of shuffle(long, random).slice(0, 2)) {
    const at = 1 + Math.floor(random() * (word.length - 3));
    words[i] = word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
  }
  return words.join(" ");
}

function order(text: string, random: () => number): string {
  const clauses = text.split(/(?<=[,.;:])\s+|\s+(?=and\s)/);
  const moved = clauses.length > 1 ? [...clauses.slice(1), clauses[0]] : clauses;
  return moved.map((clause) => {
    const words = clause.split(" ");
    if (words.length < 4) return clause;
    const i = Math.floor(random() * (words.length - 1));
    [words[i], words[i + 1]] = [words[i + 1], words[i]];
    return words.join(" ");
  }).join(" ");
}

function values(text: string, random: () => number): string {
  return text
    .replace(/(?:~|\.{1,2})?(?:\/[\w.-]+)+/g, () => `/srv/data${Math.floor(random() * 100)}/x.txt`)
    .replace(/\b\d+\b/g, () => String(Math.floor(random() * 9000) + 10));
}

const VARIANTS: Record<string, (text: string, random: () => number) => string> = {
  order,
  synonyms: (t) => synonyms(t),
  typos,
  values,
  all: (t, r) => values(typos(synonyms(order(t, r)), r), r),
};

async function quality(): Promise<void> {
  const groups = shuffle(await promptGroups(), rng(42));
  // One prompt per recorded group; every prompt of the other groups.
  const recorded = groups.slice(0, 150).map((g) => g[0]);
  const train = groups.slice(150, 250).map((g) => g[0]);
  const unrelated = groups.slice(250).flat();
  const now = new Date("2025-06-01T00:00:00.000Z");
  for (const withModel of [false, true]) {
    using store = await openStore({ path: ":memory:" });
    const ids = new Map<string, string>();
    for (const text of recorded) {
      const { pattern } = await learnFailure(store, {
        category: "other",
        text,
        scope: "global",
        at: now,
      }, { train: withModel });
      ids.set(text, pattern.id);
    }
    if (withModel) { for (const text of train) await trainModel(store, textFeatures(text), 0); }
    const model = withModel ? undefined : emptyModel();
    const random = rng(7);
    const thresholds = [0.4, 0.5, 0.6, 0.7];
    const pct = (part: number, whole: number) => `${(100 * part / whole).toFixed(1)}%`;
    // The paraphrases, drawn once; every threshold looks them up with it as `minScore` (the
    // lookup reads fewer candidates when it needs more similarity).
    const paraphrases = Object.entries(VARIANTS).map(([name, variant]) =>
      [name, recorded.map((text) => [text, variant(text, random)] as const)] as const
    );
    const results = new Map<number, { recall: string[]; fp: number }>();
    for (const threshold of thresholds) {
      const options = { now, model, minScore: threshold, maxCandidates: CANDIDATES };
      const recall: string[] = [];
      for (const [name, pairs] of paraphrases) {
        let found = 0;
        for (const [text, paraphrase] of pairs) {
          const matches = await findSimilar(store, paraphrase, options);
          if (matches.some((m) => m.pattern.id === ids.get(text))) found++;
        }
        recall.push(`${name} ${pct(found, pairs.length)}`);
      }
      let fp = 0;
      for (const text of unrelated) {
        if ((await findSimilar(store, text, options)).length > 0) fp++;
      }
      results.set(threshold, { recall, fp });
    }
    console.log(
      `quality (${withModel ? "trained scorer" : "no scorer, p = 0.5"}): ${recorded.length} ` +
        `recorded, ${unrelated.length} unrelated${
          withModel ? `, ${train.length} successes trained` : ""
        }`,
    );
    for (const threshold of thresholds) {
      const { recall, fp } = results.get(threshold)!;
      console.log(
        `  min score ${threshold}: recall ${recall.join(", ")}; false positives ` +
          `${fp}/${unrelated.length} = ${pct(fp, unrelated.length)}`,
      );
    }
  }
}

const VOCABULARY = (
  "build test deploy install remove delete create update migrate publish push pull fetch merge " +
  "rebase commit reset checkout clone copy move rename format lint compile bundle serve start " +
  "stop restart kill list show read write append grep find sed awk curl wget docker compose " +
  "kubectl helm terraform ansible npm pnpm yarn pip cargo go make cmake gradle maven python node " +
  "deno bun ruby rails django flask react vue angular postgres mysql redis mongo kafka nginx " +
  "apache ssh scp rsync tar zip unzip chmod chown sudo systemctl journalctl cron env secret key " +
  "token password config cache log database table index schema user group file folder branch " +
  "tag release version package module library function class method api endpoint route server " +
  "client request response error warning timeout retry queue worker job task pipeline stage"
).split(" ");

function syntheticText(random: () => number): string {
  const n = 5 + Math.floor(random() * 8);
  const words: string[] = [];
  for (let i = 0; i < n; i++) {
    // Zipf-like: frequent words more often, as in real commands.
    words.push(VOCABULARY[Math.floor(VOCABULARY.length * random() ** 2)]);
  }
  return `${words.join(" ")} /tmp/x${Math.floor(random() * 1000)}`;
}

async function fill(store: Store, from: number, to: number, random: () => number): Promise<void> {
  // A reused store (--kv) remembers how far it was filled: the texts up to there are only
  // drawn again, so the random sequence (and the queries) stay those of a fresh run.
  const filled = (await store.get<number>(["bench", "filled"])).value ?? 0;
  for (let i = from; i < to; i++) {
    if (i < filled) {
      syntheticText(random);
      continue;
    }
    if (i % 1000 === 0) await store.set(["bench", "filled"], i);
    try {
      await learnFailure(store, {
        category: "other",
        text: `${syntheticText(random)} w${i}`,
        scope: "global",
      }, { train: false });
    } catch { /* a text without words: skip */ }
  }
  if (to > filled) await store.set(["bench", "filled"], to);
}

/** The quality set's recorded prompts and unrelated ones (see `quality`), for recall at scale. */
async function scaleSet(): Promise<{ recorded: string[]; unrelated: string[] }> {
  const groups = shuffle(await promptGroups(), rng(42));
  return {
    recorded: groups.slice(0, 150).map((g) => g[0]),
    unrelated: groups.slice(250).flat().slice(0, 500),
  };
}

async function latency(): Promise<void> {
  using store = await openStore({ path: KV });
  const random = rng(1);
  const { recorded, unrelated } = await scaleSet();
  const recordedIds = new Map<string, string>();
  // A trained model, as in use.
  for (let i = 0; i < 200; i++) await trainModel(store, textFeatures(syntheticText(random)), 1);
  let stored = 0;
  const medians: number[] = [];
  for (const size of SIZES) {
    const started = performance.now();
    await fill(store, stored, size, random);
    stored = size;
    const fillSeconds = (performance.now() - started) / 1000;
    const queries = Array.from({ length: 1000 }, () => syntheticText(random));
    for (const q of queries.slice(0, 50)) {
      await findSimilar(store, q, { maxCandidates: CANDIDATES }); // warm up
    }
    const samples: number[] = [];
    let candidatesFlagged = 0;
    for (const q of queries) {
      const t0 = performance.now();
      const found = await findSimilar(store, q, { maxCandidates: CANDIDATES });
      samples.push(performance.now() - t0);
      if (found.length > 0) candidatesFlagged++;
    }
    const s = summarize(samples);
    medians.push(s.median);
    // Recall at scale: the recorded prompts among `size` synthetic patterns.
    if (recordedIds.size === 0) {
      for (const text of recorded) {
        const { pattern } = await learnFailure(
          store,
          { category: "other", text, scope: "global" },
          {
            train: false,
          },
        );
        recordedIds.set(text, pattern.id);
      }
    }
    const scale = { model: emptyModel(), minScore: 0.6, maxCandidates: CANDIDATES };
    const recallRandom = rng(7);
    const recall: string[] = [];
    for (const name of ["order", "all"]) {
      let found = 0;
      for (const text of recorded) {
        const matches = await findSimilar(store, VARIANTS[name](text, recallRandom), scale);
        if (matches.some((m) => m.pattern.id === recordedIds.get(text))) found++;
      }
      recall.push(`${name} ${(100 * found / recorded.length).toFixed(1)}%`);
    }
    let flagged = 0;
    for (const text of unrelated) {
      if ((await findSimilar(store, text, scale)).length > 0) flagged++;
    }
    console.log(
      `latency with ${size} patterns: median ${s.median} ms, p99 ${s.p99} ms ` +
        `(${s.n} lookups; ${candidatesFlagged} matched; filled in ${fillSeconds.toFixed(1)} s)`,
    );
    console.log(
      `  recall at this size (min score 0.6, no scorer): ${recall.join(", ")}; false positives ` +
        `${flagged}/${unrelated.length}`,
    );
  }
  if (medians.length > 1) {
    console.log(
      `growth of the median from ${SIZES[0]} to ${SIZES.at(-1)}: ${
        (medians.at(-1)! / medians[0]).toFixed(2)
      }x`,
    );
  }
}

if (both || args.has("--quality")) await quality();
if (both || args.has("--latency")) await latency();
