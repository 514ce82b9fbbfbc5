/**
 * Code blocks in markdown: the fenced blocks (```lang ... ```) of an output, with their
 * language tag. Shared by the `syntax` and `json` graders.
 *
 * @module
 */

/** One fenced code block. */
export interface CodeBlock {
  /** The fence's language tag, lower case (`ts`, `json`), or "" when it has none. */
  lang: string;
  /** The code between the fences. */
  code: string;
  /** The 1-based line of the opening fence in the output. */
  line: number;
}

/**
 * The fenced code blocks of a markdown text, in order. An unclosed last fence runs to the end.
 *
 * @example
 * ```ts
 * import { codeBlocks } from "./fences.ts";
 * const [block] = codeBlocks("Here:\n~~~ts\nconst x = 1;\n~~~\n");
 * console.assert(block.lang === "ts" && block.code === "const x = 1;" && block.line === 2);
 * ```
 */
export function codeBlocks(text: string): CodeBlock[] {
  const lines = text.split("\n");
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^\s{0,3}(`{3,}|~{3,})\s*([\w+#.-]*)/.exec(lines[i]);
    if (!open) continue;
    const fence = open[1];
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = /^\s{0,3}(`{3,}|~{3,})\s*$/.exec(lines[j]);
      if (close && close[1][0] === fence[0] && close[1].length >= fence.length) break;
      body.push(lines[j]);
    }
    blocks.push({ lang: open[2].toLowerCase(), code: body.join("\n"), line: i + 1 });
    i = j;
  }
  return blocks;
}
