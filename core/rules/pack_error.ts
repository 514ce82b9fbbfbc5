/**
 * The error a broken rule pack raises: it names the file, line, column and rule id, and
 * says what was expected.
 *
 * @module
 */

import { TaskorchError } from "../errors.ts";

/** Where a pack problem is. */
export interface PackProblemLocation {
  /** The pack's file or URL. */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
  /** The rule's id, when the problem is inside a rule. */
  rule?: string;
}

/**
 * A pack that does not parse, validate or compile.
 *
 * @example
 * ```ts
 * import { RulePackError } from "./pack_error.ts";
 * const error = new RulePackError(
 *   { file: "rules/git.yaml", line: 12, column: 5, rule: "git.force-push" },
 *   '"severity" must be one of low, medium, high, critical',
 * );
 * console.assert(error.message.startsWith('Cannot load rule pack "rules/git.yaml": line 12, column 5'));
 * ```
 */
export class RulePackError extends TaskorchError {
  /** Where the problem is. */
  readonly location: PackProblemLocation;
  /** What is wrong, without the location. */
  readonly problem: string;

  /** Creates the error. */
  constructor(location: PackProblemLocation, problem: string) {
    const rule = location.rule ? `, rule "${location.rule}"` : "";
    super(
      "RULE_PACK_INVALID",
      `Cannot load rule pack "${location.file}": line ${location.line}, column ${location.column}${rule}: ${problem}`,
    );
    this.name = "RulePackError";
    this.location = location;
    this.problem = problem;
  }
}
