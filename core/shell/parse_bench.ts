/**
 * Benchmarks of the shell parser: a typical agent command line (about 200 characters) and an
 * 8 KB script. Run with `deno bench --allow-all core/shell/parse_bench.ts`.
 *
 * @module
 */

import { parseShell, tokenize } from "./parse.ts";

const TYPICAL =
  `cd /work/app && git status --short | grep -v '^??' ; FOO=1 timeout 60 npm test -- --grep "shell parser" 2>&1 | tee /tmp/test.log && echo "done: $(date +%s)" || sudo rm -rf ./build >/dev/null; exit 1`;

const SCRIPT_LINES = [
  "#!/usr/bin/env bash",
  "set -euo pipefail",
  'ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"',
  'for f in "$ROOT"/src/*.ts; do',
  '  if grep -q "TODO" "$f"; then echo "todo in $f" >&2; fi',
  "done",
  "find . -name '*.log' -mtime +7 -exec rm -f {} \\;",
  "cat <<'EOF' | bash",
  "echo building",
  "EOF",
  'python3 -c "import sys; print(sys.version)"',
  'case "$1" in start) run_server ;; stop) kill "$(cat pid)" ;; *) usage ;; esac',
  "ls -1 | xargs -n1 -I{} sh -c 'echo {}; wc -l {}'",
];

function script(bytes: number): string {
  let out = "";
  for (let i = 0; out.length < bytes; i++) out += SCRIPT_LINES[i % SCRIPT_LINES.length] + "\n";
  return out.slice(0, out.lastIndexOf("\n", bytes) + 1);
}

const SCRIPT = script(8 * 1024);

if (parseShell(TYPICAL).errors.length > 0 || parseShell(SCRIPT).errors.length > 0) {
  throw new Error("bench inputs must parse cleanly");
}

Deno.bench(`parseShell: typical command (${TYPICAL.length} chars)`, {
  group: "typical",
  baseline: true,
}, () => {
  parseShell(TYPICAL);
});

Deno.bench(`tokenize: typical command (${TYPICAL.length} chars)`, { group: "typical" }, () => {
  tokenize(TYPICAL);
});

Deno.bench(
  `parseShell: script (${SCRIPT.length} bytes)`,
  { group: "script", baseline: true },
  () => {
    parseShell(SCRIPT);
  },
);

Deno.bench(`tokenize: script (${SCRIPT.length} bytes)`, { group: "script" }, () => {
  tokenize(SCRIPT);
});
