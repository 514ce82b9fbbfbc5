/**
 * A small unified line diff, for `taskorch init --dry-run`: it shows what would change in a
 * settings file. Common leading and trailing lines are trimmed first, so a large file with a
 * local change (say `~/.claude.json`) costs only the changed region.
 *
 * @module
 */

type Op = { kind: " " | "-" | "+"; line: string };

function middleDiff(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  if (n * m > 4_000_000) {
    return [
      ...a.map((line) => ({ kind: "-" as const, line })),
      ...b.map((line) => ({
        kind: "+" as const,
        line,
      })),
    ];
  }
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) ops.push({ kind: " ", line: a[i++] }), j++;
    else if (lcs[i + 1][j] >= lcs[i][j + 1]) ops.push({ kind: "-", line: a[i++] });
    else ops.push({ kind: "+", line: b[j++] });
  }
  while (i < n) ops.push({ kind: "-", line: a[i++] });
  while (j < m) ops.push({ kind: "+", line: b[j++] });
  return ops;
}

function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/**
 * Returns a unified diff of `before` → `after` with `context` lines around each change, or
 * "" when they are equal.
 *
 * @example
 * ```ts
 * import { unifiedDiff } from "./text_diff.ts";
 * const diff = unifiedDiff("a\nb\nc\n", "a\nB\nc\n", "f.json");
 * console.assert(diff.includes("-b\n+B"));
 * ```
 */
export function unifiedDiff(before: string, after: string, name: string, context = 3): string {
  if (before === after) return "";
  const a = splitLines(before);
  const b = splitLines(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head && tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  ) tail++;
  const ops: Op[] = [
    ...a.slice(0, head).map((line) => ({ kind: " " as const, line })),
    ...middleDiff(a.slice(head, a.length - tail), b.slice(head, b.length - tail)),
    ...a.slice(a.length - tail).map((line) => ({ kind: " " as const, line })),
  ];
  const out = [`--- ${name}${before === "" ? " (absent)" : ""}`, `+++ ${name}`];
  let k = 0;
  let lineA = 1;
  let lineB = 1;
  while (k < ops.length) {
    if (ops[k].kind === " ") {
      k++, lineA++, lineB++;
      continue;
    }
    const start = Math.max(0, k - context);
    let end = k;
    let quiet = 0;
    while (end < ops.length && quiet <= 2 * context) {
      quiet = ops[end].kind === " " ? quiet + 1 : 0;
      end++;
    }
    end = Math.min(ops.length, end - Math.max(0, quiet - context));
    const back = k - start;
    const hunkA = lineA - back;
    const hunkB = lineB - back;
    const body = ops.slice(start, end);
    const countA = body.filter((o) => o.kind !== "+").length;
    const countB = body.filter((o) => o.kind !== "-").length;
    out.push(`@@ -${hunkA},${countA} +${hunkB},${countB} @@`);
    for (const o of body) out.push(`${o.kind}${o.line}`);
    for (const o of ops.slice(k, end)) {
      if (o.kind !== "+") lineA++;
      if (o.kind !== "-") lineB++;
    }
    k = end;
  }
  return out.join("\n") + "\n";
}
