/**
 * Checks success claims against the evidence ledger and the workspace. A test claim needs
 * a test run after the last code edit that succeeded and covered what was claimed (one
 * filtered test does not support "all tests pass"; a failing count contradicts it). A
 * file claim needs a matching write, edit or delete in the transcript and the file on
 * disk (absent, for a delete). Each claim without that evidence becomes a finding that
 * quotes it and names what is missing.
 *
 * @module
 */

import type { CheckRun, FileChange, Ledger, LedgerCommand } from "../claude/ledger.ts";
import { normalize } from "../posix_path.ts";
import type { Finding } from "../verdict.ts";
import type { Claim } from "./extract.ts";

/** Options of {@linkcode checkClaims}. */
export interface CheckOptions {
  /** The session's working folder, to resolve relative paths (default: the ledger's). */
  cwd?: string;
  /** Whether a path exists (default: `Deno.statSync`). */
  exists?: (path: string) => boolean;
}

/** Edits to these files do not make earlier test runs stale. */
const DOC_FILE = /\.(?:md|mdx|txt|rst|adoc)$|(?:^|\/)(?:LICENSE|CHANGELOG|AUTHORS)[^/]*$/i;

/** Commands that only look: they verify nothing. */
const READ_ONLY = new Set([
  "ls",
  "cat",
  "head",
  "tail",
  "less",
  "grep",
  "rg",
  "find",
  "pwd",
  "echo",
  "wc",
  "tree",
  "which",
  "file",
  "stat",
  "sed",
  "awk",
]);

/** Test runners that compile (and type-check) the code they test. */
const COMPILING_RUNNERS =
  /^(?:deno test|cargo test|go test|dotnet test|mvn test|gradle test|swift test)$/;

function defaultExists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

function short(text: string, max = 120): string {
  const one = text.replace(/\s+/g, " ").trim();
  return one.length > max ? one.slice(0, max - 3) + "..." : one;
}

function quote(claim: Claim): string {
  return `"${short(claim.quote, 160)}"`;
}

function describeEdit(edit: FileChange): string {
  const verb = edit.action === "delete" ? "deletion" : edit.tool === "Bash" ? "write" : edit.tool;
  return `${verb} of ${edit.path}${edit.timestamp ? ` at ${edit.timestamp}` : ""}`;
}

function describeRun(run: CheckRun): string {
  const counts = run.summary
    ? ` (${short(run.summary, 80)})`
    : run.failed !== undefined
    ? ` (${run.passed ?? "?"} passed, ${run.failed} failed)`
    : "";
  const how = run.result === "failed"
    ? (run.failed ?? 0) > 0 ? `reported ${run.failed} failed` : "failed"
    : run.result === "interrupted"
    ? "was interrupted"
    : run.result === "unknown"
    ? "has no result in the transcript"
    : "passed";
  return `\`${short(run.command, 100)}\` ${how}${counts}`;
}

/** The last successful change to a non-documentation file. */
export function lastCodeEdit(ledger: Ledger): FileChange | undefined {
  for (let i = ledger.files.length - 1; i >= 0; i--) {
    const change = ledger.files[i];
    if (change.ok && !DOC_FILE.test(change.path)) return change;
  }
  return undefined;
}

/** A test command to suggest: the last full run the agent used, else one the workspace implies. */
export function suggestedTestCommand(
  ledger: Ledger,
  cwd: string | undefined,
  exists = defaultExists,
): string | undefined {
  const full = ledger.checks.filter((c) => c.kind === "test" && !c.filtered);
  const last = full[full.length - 1];
  if (last && last.command.length <= 80) return last.command;
  if (last) return last.tool;
  if (cwd) {
    const marks: [string, string][] = [
      ["deno.json", "deno test"],
      ["deno.jsonc", "deno test"],
      ["package.json", "npm test"],
      ["Cargo.toml", "cargo test"],
      ["go.mod", "go test ./..."],
      ["pyproject.toml", "pytest"],
      ["pytest.ini", "pytest"],
      ["setup.py", "pytest"],
      ["pom.xml", "mvn test"],
      ["build.gradle", "gradle test"],
      ["build.gradle.kts", "gradle test"],
      ["Gemfile", "bundle exec rspec"],
      ["composer.json", "vendor/bin/phpunit"],
      ["mix.exs", "mix test"],
    ];
    for (const [file, command] of marks) if (exists(`${cwd}/${file}`)) return command;
  }
  return undefined;
}

interface Context {
  ledger: Ledger;
  cwd?: string;
  exists: (path: string) => boolean;
  edit?: FileChange;
}

function finding(
  claim: Claim,
  problem: string,
  suggestion: string,
  contradicted: boolean,
  category: Finding["category"] = "false_success_claim",
): Finding {
  return {
    rule: `claims.${claim.kind}`,
    category,
    severity: claim.kind === "verified" ? "medium" : "high",
    message: `The claim ${quote(claim)} is ${
      contradicted ? "contradicted" : "not supported"
    }: ${problem}`,
    action: "block",
    confidence: claim.kind === "verified" ? 0.6 : contradicted ? 0.95 : 0.85,
    suggestion,
    source: "evidence",
  };
}

function checkTests(claim: Claim, ctx: Context): Finding | undefined {
  const runs = ctx.ledger.checks.filter((c) => c.kind === "test");
  const known = suggestedTestCommand(ctx.ledger, ctx.cwd, ctx.exists);
  const run = known
    ? `Run \`${known}\` and report its result as it is.`
    : "Run the project's full test suite and report its result as it is.";
  if (runs.length === 0) return finding(claim, "no test command ran in this session.", run, false);
  const after = ctx.edit ? runs.filter((r) => r.seq > ctx.edit!.seq) : runs;
  if (after.length === 0) {
    const last = runs[runs.length - 1];
    return finding(
      claim,
      `the last test run (${describeRun(last)}) came before the last edit (${
        describeEdit(ctx.edit!)
      }).`,
      `Run ${
        known ? `\`${known}\`` : "the tests"
      } again now that the code changed, and report its result.`,
      false,
    );
  }
  const covering = claim.scope === "some" ? after : after.filter((r) => !r.filtered);
  if (covering.length === 0) {
    const filters = after.map((r) => `\`${short(r.command, 60)}\``).join(", ");
    return finding(
      claim,
      `only filtered test runs followed the last edit (${filters}); they do not cover the whole suite.`,
      `Run the whole suite${
        known ? ` (\`${known}\`)` : ""
      } before saying all tests pass, or say which tests ran.`,
      false,
    );
  }
  const last = covering[covering.length - 1];
  if (last.result === "failed") {
    return finding(
      claim,
      `${describeRun(last)}.`,
      "Fix the failing tests, or report that they fail.",
      true,
    );
  }
  if (last.result !== "passed") {
    return finding(claim, `${describeRun(last)}.`, run, false);
  }
  if (claim.count !== undefined && last.passed !== undefined && last.passed < claim.count) {
    return finding(
      claim,
      `the claim says ${claim.count} tests pass, but ${describeRun(last)} counts ${last.passed}.`,
      "Report the numbers the test run printed.",
      true,
    );
  }
  return undefined;
}

function checkRunKind(
  claim: Claim,
  ctx: Context,
  kind: "build" | "lint" | "typecheck",
): Finding | undefined {
  const name = { build: "build", lint: "lint", typecheck: "type check" }[kind];
  const supports = (r: CheckRun): boolean =>
    r.kind === kind ||
    (kind !== "lint" && r.kind === "test" && COMPILING_RUNNERS.test(r.tool) &&
      r.result === "passed");
  const runs = ctx.ledger.checks.filter(supports);
  const tool = ctx.ledger.checks.filter((c) => c.kind === kind).pop()?.command;
  const suggestion = tool
    ? `Run \`${short(tool, 80)}\` and report its result.`
    : `Run the project's ${name} command and report its result.`;
  if (runs.length === 0) {
    return finding(claim, `no ${name} command ran in this session.`, suggestion, false);
  }
  const after = ctx.edit ? runs.filter((r) => r.seq > ctx.edit!.seq) : runs;
  if (after.length === 0) {
    return finding(
      claim,
      `the last ${name} (${describeRun(runs[runs.length - 1])}) came before the last edit (${
        describeEdit(ctx.edit!)
      }).`,
      suggestion,
      false,
    );
  }
  const last = after[after.length - 1];
  if (last.result === "failed") {
    return finding(claim, `${describeRun(last)}.`, `Fix the ${name} errors, or report them.`, true);
  }
  if (last.result !== "passed") return finding(claim, `${describeRun(last)}.`, suggestion, false);
  return undefined;
}

function resolvePath(path: string, cwd?: string): string | undefined {
  if (path.startsWith("/")) return normalize(path);
  if (path.startsWith("~")) {
    const home = Deno.env.get("HOME");
    return home ? normalize(home + path.slice(1)) : undefined;
  }
  return cwd ? normalize(`${cwd}/${path}`) : undefined;
}

function sameFile(change: string, claimed: string, resolved?: string): boolean {
  if (resolved !== undefined && change === resolved) return true;
  const tail = normalize(claimed).replace(/^\.\//, "");
  return change === tail || change.endsWith("/" + tail);
}

function checkFile(claim: Claim, ctx: Context): Finding | undefined {
  const claimed = claim.path!;
  const resolved = resolvePath(claimed, ctx.cwd);
  const changes = ctx.ledger.files.filter((f) => f.ok && sameFile(f.path, claimed, resolved));
  const onDisk = resolved === undefined ? undefined : ctx.exists(resolved);
  const where = resolved ?? claimed;
  if (claim.action === "delete") {
    if (onDisk === true) {
      return finding(
        claim,
        `${where} still exists.`,
        `Delete ${claimed}, or say that it was kept.`,
        true,
      );
    }
    if (onDisk === undefined && !changes.some((c) => c.action === "delete")) {
      return finding(
        claim,
        `the transcript shows no deletion of ${claimed}.`,
        `Delete ${claimed}, or say that it was kept.`,
        false,
      );
    }
    return undefined;
  }
  const writes = changes.filter((c) => c.action !== "delete");
  const verb = claim.action === "create" ? "created" : "changed";
  if (onDisk === false) {
    const history = writes.length > 0
      ? ` (the transcript shows a ${describeEdit(writes[writes.length - 1])}, but the file is gone)`
      : " and the transcript shows no write to it";
    return finding(
      claim,
      `${where} does not exist${history}.`,
      `Write ${claimed} (check the path), or say that it was not ${verb}.`,
      true,
      "hallucinated_path",
    );
  }
  if (writes.length === 0) {
    return finding(
      claim,
      `the transcript shows no Write or Edit of ${claimed}.`,
      `Make the change to ${claimed}, or say that it was not ${verb}.`,
      false,
    );
  }
  return undefined;
}

function words(command: string): string {
  return command.replace(/\s+/g, " ").trim();
}

function checkRan(claim: Claim, ctx: Context): Finding | undefined {
  if (claim.command) {
    const wanted = words(claim.command);
    const ran = ctx.ledger.commands.some((c: LedgerCommand) => words(c.command).includes(wanted));
    if (ran) return undefined;
    return finding(
      claim,
      `no Bash command in the transcript runs \`${short(wanted, 80)}\`.`,
      `Run \`${short(wanted, 80)}\` and report its output, or say that it was not run.`,
      false,
    );
  }
  const kind = claim.target === "tests" ? "test" : claim.target!;
  if (ctx.ledger.checks.some((c) => c.kind === kind)) return undefined;
  const name = { test: "test", build: "build", lint: "lint", typecheck: "type check" }[kind];
  return finding(
    claim,
    `no ${name} command ran in this session.`,
    `Run the ${name} command and report its result, or say that it was not run.`,
    false,
  );
}

function checkVerified(claim: Claim, ctx: Context): Finding | undefined {
  const after = ctx.ledger.commands.filter((c) =>
    (!ctx.edit || c.seq > ctx.edit.seq) && c.status === "ok" &&
    !READ_ONLY.has(c.command.trim().split(/\s+/)[0])
  );
  if (after.length > 0) return undefined;
  return finding(
    claim,
    ctx.edit
      ? `no command ran after the last edit (${describeEdit(ctx.edit)}) to check it.`
      : "no command ran in this session to check it.",
    "Run something that exercises the change (its tests, or the program) and report what it printed.",
    false,
  );
}

/**
 * Checks claims against a ledger; one finding per unsupported or contradicted claim.
 *
 * @example
 * ```ts
 * import { checkClaims } from "./check.ts";
 * import { ledgerOf } from "../claude/ledger.ts";
 * const findings = checkClaims(
 *   [{ kind: "tests", quote: "All tests pass.", scope: "all" }],
 *   ledgerOf([]),
 * );
 * console.assert(findings[0].category === "false_success_claim");
 * ```
 */
export function checkClaims(
  claims: readonly Claim[],
  ledger: Ledger,
  options: CheckOptions = {},
): Finding[] {
  const ctx: Context = {
    ledger,
    cwd: options.cwd ?? ledger.cwd,
    exists: options.exists ?? defaultExists,
    edit: lastCodeEdit(ledger),
  };
  const out: Finding[] = [];
  for (const claim of claims) {
    let found: Finding | undefined;
    switch (claim.kind) {
      case "tests":
        found = checkTests(claim, ctx);
        break;
      case "build":
      case "lint":
      case "typecheck":
        found = checkRunKind(claim, ctx, claim.kind);
        break;
      case "file":
        found = checkFile(claim, ctx);
        break;
      case "ran":
        found = checkRan(claim, ctx);
        break;
      case "verified":
        found = checkVerified(claim, ctx);
        break;
    }
    if (found) out.push(found);
  }
  return out;
}
