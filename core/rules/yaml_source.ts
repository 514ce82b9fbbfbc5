/**
 * A parsed YAML document that remembers where each node was written, so errors can name
 * line and column.
 *
 * @module
 */

import { isMap, isPair, isScalar, LineCounter, parseDocument } from "yaml";
import type { YamlPath } from "./compile.ts";

/** A YAML problem at a position. */
export interface YamlProblem {
  line: number;
  column: number;
  message: string;
}

/** A parsed document with positions. */
export interface YamlSource {
  /** The plain data. */
  data: unknown;
  /** Syntax errors, first first. */
  problems: YamlProblem[];
  /** Line and column (1-based) of the node at a path, or of its nearest parent. */
  position(path: YamlPath, key?: boolean): { line: number; column: number };
}

/** Parses YAML text, keeping positions. */
export function parseYaml(text: string): YamlSource {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: true, uniqueKeys: true });
  const problems = doc.errors.map((error) => {
    const pos = error.linePos?.[0] ?? { line: 1, col: 1 };
    const message = error.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
    return { line: pos.line, column: pos.col, message };
  });
  return {
    data: problems.length > 0 ? undefined : doc.toJS({ maxAliasCount: 100 }),
    problems,
    position(path, key = false) {
      for (let depth = path.length; depth >= 0; depth--) {
        const parent = depth > 0 ? doc.getIn(path.slice(0, depth - 1), true) : undefined;
        if (key && depth === path.length && isMap(parent)) {
          const pair = parent.items.find((item) =>
            isPair(item) && isScalar(item.key) && item.key.value === path[depth - 1]
          );
          const range = (pair?.key as { range?: [number, number] } | undefined)?.range;
          if (range) {
            const pos = counter.linePos(range[0]);
            return { line: pos.line, column: pos.col };
          }
        }
        const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
        const range = (node as { range?: [number, number] } | null | undefined)?.range;
        if (range) {
          const pos = counter.linePos(range[0]);
          return { line: pos.line, column: pos.col };
        }
      }
      return { line: 1, column: 1 };
    },
  };
}
