/**
 * Commands that other languages run: shell commands in interpreter code (`os.system("...")`,
 * `subprocess.run([...])`, `execSync("...")`, `system "..."`, backticks), and the
 * `-Command` / `-EncodedCommand` of PowerShell.
 *
 * @module
 */

import type { InlineLanguage } from "./types.ts";

/** Calls that run a shell command line given as a string (or a program and its arguments). */
const CALLS: Partial<Record<InlineLanguage, RegExp>> = {
  python:
    /\b(?:os\.(?:system|popen|exec[lv]p?e?|spawn[lv]p?e?|posix_spawnp?)|subprocess\.(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput)|commands\.getoutput|pty\.spawn|sh\.Command)\s*\(\s*/g,
  node:
    /\b(?:execSync|execFileSync|execFile|exec|spawnSync|spawn|Deno\.Command|Bun\.spawnSync|Bun\.spawn)\s*\(\s*/g,
  deno: /\b(?:Deno\.Command|Deno\.run)\s*\(\s*/g,
  bun: /\b(?:execSync|exec|spawnSync|spawn|Bun\.spawnSync|Bun\.spawn)\s*\(\s*/g,
  perl: /(?:\b(?:system|exec|qx)\s*\(?\s*|\bopen\s*\(?\s*\w+\s*,\s*["']-?\|["']\s*,\s*)/g,
  ruby: /(?:\b(?:system|exec|spawn|IO\.popen|Open3\.\w+)|%x)\s*\(?\s*/g,
  php: /\b(?:system|exec|shell_exec|passthru|popen|proc_open|pcntl_exec)\s*\(\s*/g,
};

/** Languages whose backtick strings run shell commands. */
const BACKTICKS = new Set<InlineLanguage>(["perl", "ruby", "php"]);

const PAIRS: Record<string, string> = { "(": ")", "{": "}", "[": "]", "<": ">" };

/** Reads a string literal starting at `i`; returns its text and the index after it. */
function literal(code: string, i: number): { text: string; end: number } | undefined {
  const prefix = /^[rRbBuUfF]{0,2}/.exec(code.slice(i, i + 2))?.[0] ?? "";
  let j = i + prefix.length;
  let quote = code[j];
  if ((quote === "q" || quote === "%") && code[j + 1] === "x") {
    j += 2; // perl qx{...}, ruby %x(...)
    quote = code[j];
  }
  if (!quote || !`'"\`({[<`.includes(quote)) return undefined;
  if ("({[<".includes(quote) && !code.slice(i, j).endsWith("x")) return undefined;
  const close = PAIRS[quote] ?? quote;
  const triple = (quote === '"' || quote === "'") && code.startsWith(quote.repeat(3), j);
  const end = triple ? quote.repeat(3) : close;
  let k = j + (triple ? 3 : 1);
  let text = "";
  while (k < code.length) {
    if (code.startsWith(end, k)) return { text, end: k + end.length };
    const ch = code[k];
    if (ch === "\\" && !/[rR]/.test(prefix) && k + 1 < code.length) {
      const next = code[k + 1];
      text += next === "n" ? "\n" : next === "t" ? "\t" : next;
      k += 2;
      continue;
    }
    text += ch;
    k++;
  }
  return undefined;
}

/** Quotes an argument for the shell when it needs it. */
function quote(arg: string): string {
  return /^[\w@%+=:,./~-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** Reads the arguments of a call from `i`: one string, or strings in a list, as a command line. */
function callArguments(code: string, i: number, execStyle: boolean): string | undefined {
  const words: string[] = [];
  let k = i;
  let inList = false;
  let first = true;
  for (let n = 0; n < 64 && k < code.length; n++) {
    while (k < code.length && /\s/.test(code[k])) k++;
    const ch = code[k];
    if (ch === "[" && !inList) {
      inList = true;
      k++;
      continue;
    }
    const lit = literal(code, k);
    if (lit === undefined) break;
    words.push(lit.text);
    k = lit.end;
    while (k < code.length && /\s/.test(code[k])) k++;
    if (first && !inList && code[k] !== ",") return lit.text; // one string: a command line
    first = false;
    if (code[k] === ",") {
      k++;
      continue;
    }
    if (code[k] === "]" && inList) {
      k++;
      while (k < code.length && /\s/.test(code[k])) k++;
      if (code[k] === ",") {
        k++;
        inList = false;
        continue;
      }
    }
    break;
  }
  if (words.length === 0) return undefined;
  // os.execl("/bin/sh", "sh", "-i"): the second string is argv[0] again.
  const argv = execStyle && words.length > 1 ? [words[0], ...words.slice(2)] : words;
  if (argv.length === 1) return argv[0];
  return argv.map(quote).join(" ");
}

/**
 * Shell command lines run by inline interpreter code, best effort: string arguments of
 * `os.system`, `subprocess.*`, `os.exec*`, `child_process.exec*`/`spawn*`, `system`, `exec`,
 * `shell_exec`, `passthru`, `popen`, perl/ruby/php backticks and `qx{}`/`%x()`. A list of
 * strings (`["rm", "-rf", "/"]`) becomes one command line.
 *
 * @example
 * ```ts
 * import { shellCommandsIn } from "./embedded.ts";
 * const found = shellCommandsIn("python", `import os; os.system("rm -rf /")`);
 * console.assert(found[0] === "rm -rf /");
 * ```
 */
export function shellCommandsIn(language: InlineLanguage, code: string): string[] {
  const out: string[] = [];
  const calls = CALLS[language];
  if (calls !== undefined && code.length <= 100_000) {
    calls.lastIndex = 0;
    for (const m of code.matchAll(calls)) {
      const execStyle = /os\.(exec|spawn)|pcntl_exec/.test(m[0]);
      const start = m.index! + m[0].length;
      const found = /%x|qx/.test(m[0])
        ? literal(code, m.index! + m[0].search(/%x|qx/))?.text
        : callArguments(code, start, execStyle);
      if (found !== undefined && found.trim() !== "") out.push(found);
      if (out.length >= 16) break;
    }
  }
  if (BACKTICKS.has(language)) {
    for (const m of code.matchAll(/`([^`]+)`/g)) {
      out.push(m[1]);
      if (out.length >= 16) break;
    }
  }
  return out;
}

const PS_VALUED = [
  "executionpolicy",
  "ep",
  "ex",
  "windowstyle",
  "w",
  "version",
  "v",
  "outputformat",
  "o",
  "of",
  "inputformat",
  "if",
  "in",
  "configurationname",
  "config",
  "workingdirectory",
  "wd",
  "psconsolefile",
  "custompipename",
  "settingsfile",
  "settings",
];

/** Decodes PowerShell's `-EncodedCommand` (base64 of UTF-16LE text). */
function decodeUtf16Base64(text: string): string | undefined {
  try {
    const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
    if (bytes.length % 2 !== 0) return undefined;
    return new TextDecoder("utf-16le").decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * The command a `powershell` / `pwsh` invocation runs: `-Command`/`-c` (and its
 * abbreviations), `-EncodedCommand`/`-enc`/`-e` decoded, or a first operand that is not a
 * script file. Undefined for `-File` and for an interactive shell.
 *
 * @example
 * ```ts
 * import { powershellCommand } from "./embedded.ts";
 * console.assert(powershellCommand(["-NoProfile", "-Command", "Remove-Item x"]) === "Remove-Item x");
 * ```
 */
export function powershellCommand(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a[0] === "-" || a[0] === "/") {
      const name = a.slice(a[1] === "-" ? 2 : 1).toLowerCase();
      if (name === "") continue;
      if ("command".startsWith(name) && name.length >= 1) {
        const rest = args.slice(i + 1);
        return rest.length > 0 ? rest.join(" ") : undefined;
      }
      if (
        "encodedcommand".startsWith(name) && name.length >= 1 || name === "ec" || name === "enc"
      ) {
        return args[i + 1] === undefined ? undefined : decodeUtf16Base64(args[i + 1]);
      }
      if ("file".startsWith(name) && name.length >= 1) return undefined;
      if (PS_VALUED.includes(name)) i++;
      continue;
    }
    if (/\.ps1$/i.test(a)) return undefined;
    return args.slice(i).join(" ");
  }
  return undefined;
}
