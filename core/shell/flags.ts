/**
 * Option helpers for rule matchers working on a parsed command's `args`: is `-r` set however
 * it is spelled (`-r`, `-rf`, `-fr`), what is `--git-dir`'s value, which arguments are
 * operands.
 *
 * Spec spellings:
 * - a single-letter short option `-r` matches `-r` or any short bundle (`-xyz`: one dash,
 *   letters and digits only, not a number such as `-5`) containing the letter, case-sensitive;
 * - a long option `--force` matches `--force` and `--force=...`;
 * - a multi-letter single-dash option `-delete` (find style) matches exactly that argument.
 *
 * Arguments after a bare `--` are never options.
 *
 * @example
 * ```ts
 * import { hasFlag, positionals } from "./flags.ts";
 * console.assert(hasFlag(["-rf", "/"], "-r"));
 * console.assert(positionals(["-n", "10", "file"], { valued: ["-n"] })[0] === "file");
 * ```
 *
 * @module
 */

type Kind = "short" | "long" | "exact";

function kindOf(spec: string): Kind {
  if (spec.startsWith("--") && spec.length > 2) return "long";
  if (spec.length === 2 && spec[0] === "-" && /[A-Za-z0-9]/.test(spec[1])) return "short";
  return "exact";
}

const BUNDLE = /^-[A-Za-z0-9]+$/;
const NUMBER = /^-\d+$/;

/** Whether `arg` is a bundle of short options such as `-rf` (not a negative number). */
function isBundle(arg: string): boolean {
  return BUNDLE.test(arg) && !NUMBER.test(arg);
}

function matches(arg: string, spec: string, kind: Kind): boolean {
  if (arg === spec) return true;
  if (kind === "long") return arg.startsWith(spec) && arg[spec.length] === "=";
  if (kind === "short") return isBundle(arg) && arg.includes(spec[1], 1);
  return false;
}

/**
 * Whether the option `spec` (one spelling: `-r`, `--recursive`, `-delete`) is set in `args`.
 *
 * @example
 * ```ts
 * import { hasFlag } from "./flags.ts";
 * console.assert(hasFlag(["--force=yes"], "--force"));
 * console.assert(!hasFlag(["--", "-f"], "-f"));
 * ```
 */
export function hasFlag(args: readonly string[], spec: string): boolean {
  const kind = kindOf(spec);
  for (const arg of args) {
    if (arg === "--") return false;
    if (matches(arg, spec, kind)) return true;
  }
  return false;
}

/** Whether any of the spellings in `specs` is set in `args`. */
export function hasAnyFlag(args: readonly string[], specs: readonly string[]): boolean {
  return specs.some((spec) => hasFlag(args, spec));
}

/**
 * Every value given to the option `spec`, in order: `--name=v`, `--name v`, `-n v`, `-nv`,
 * `-xn v` (a short option last in a bundle takes the next argument), `-name v`.
 */
export function flagValues(args: readonly string[], spec: string): string[] {
  const kind = kindOf(spec);
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--") break;
    if (arg === spec) {
      if (i + 1 < args.length) out.push(args[++i]);
      continue;
    }
    if (kind === "long") {
      if (arg.startsWith(spec) && arg[spec.length] === "=") out.push(arg.slice(spec.length + 1));
    } else if (kind === "short" && arg[0] === "-" && arg[1] !== "-" && !NUMBER.test(arg)) {
      const k = arg.indexOf(spec[1], 1);
      if (k < 0 || !/^[A-Za-z0-9]*$/.test(arg.slice(1, k))) continue;
      if (k + 1 < arg.length) out.push(arg.slice(k + 1));
      else if (i + 1 < args.length) out.push(args[++i]);
    }
  }
  return out;
}

/** The first value given to the option `spec` (see {@link flagValues}), or undefined. */
export function flagValue(args: readonly string[], spec: string): string | undefined {
  return flagValues(args, spec)[0];
}

/** Options of {@link positionals}. */
export interface PositionalOptions {
  /** Options that take a value as the next argument: `-n`, `-C`, `--git-dir`, `-name`. */
  valued?: readonly string[];
}

/**
 * The operands of `args`: everything that is not an option nor the value of one of the
 * `valued` options. A lone `-` is an operand; everything after `--` is an operand.
 *
 * @example
 * ```ts
 * import { positionals } from "./flags.ts";
 * const ops = positionals(["-C", "dir", "--git-dir=x", "push", "--", "-f"], { valued: ["-C"] });
 * console.assert(ops.join(" ") === "push -f");
 * ```
 */
export function positionals(args: readonly string[], options: PositionalOptions = {}): string[] {
  const valued = options.valued ?? [];
  const shorts = new Set<string>();
  const others = new Set<string>();
  for (const spec of valued) {
    if (kindOf(spec) === "short") shorts.add(spec[1]);
    else others.add(spec);
  }
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--") {
      out.push(...args.slice(i + 1));
      break;
    }
    if (arg.length < 2 || arg[0] !== "-") {
      out.push(arg);
    } else if (others.has(arg)) {
      i++;
    } else if (arg[1] !== "-" && shorts.size > 0) {
      for (let k = 1; k < arg.length; k++) {
        if (!shorts.has(arg[k])) continue;
        if (k + 1 === arg.length) i++;
        break;
      }
    }
  }
  return out;
}
