/**
 * `@taskorch/mcp/grading`: what a grader plugin needs beyond the SDK
 * (`@taskorch/mcp/plugin`): the shape of its input, and taskorch's own evidence checks
 * (success claims in a message, checked against the evidence ledger the host builds from a
 * Claude Code transcript). Small and free of the engine, so a sandboxed grader that imports
 * it starts fast.
 *
 * @example
 * ```ts
 * import { checkClaims, extractClaims, type Ledger } from "./grading.ts";
 * const ledger: Ledger = {
 *   commands: [], files: [], checks: [], usage: { inputTokens: 0, outputTokens: 0 },
 *   stats: { lines: 0, malformed: 0, partialLastLine: false, unknownTypes: {}, bytes: 0 },
 * };
 * const claims = extractClaims("Done. All tests pass.");
 * console.assert(checkClaims(claims, ledger).length === 1);
 * ```
 *
 * @module
 */

export { type GraderInput, graderInput, inputText } from "./core/grading/input.ts";
export { type Claim, type ClaimKind, extractClaims } from "./core/claims/extract.ts";
export { checkClaims, type CheckOptions, lastCodeEdit } from "./core/claims/check.ts";
export type { CheckRun, FileChange, Ledger, LedgerCommand } from "./core/claude/ledger.ts";
