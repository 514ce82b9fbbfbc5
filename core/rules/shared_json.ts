/**
 * JSON with shared sub-trees. YAML anchors (`&name` / `*name`) let a pack reuse a match
 * tree many times; plain JSON would repeat each copy in full and make the cache larger
 * than the YAML it came from. `share` lifts every repeated object into a table and leaves
 * `{"$shared": N}` in its place; `unshare` puts the same object back everywhere.
 *
 * @example
 * ```ts
 * import { share, unshare } from "./shared_json.ts";
 * const tree = { regex: "a".repeat(100) };
 * const value = { any: [tree, tree] };
 * const restored = unshare(JSON.parse(JSON.stringify(share(value))));
 * console.assert(JSON.stringify(restored) === JSON.stringify(value));
 * ```
 *
 * @module
 */

/** A value with its repeated sub-trees lifted into `shared`. */
export interface SharedJson {
  /** The repeated sub-trees, which may refer to earlier entries. */
  shared: unknown[];
  /** The value, with `{"$shared": N}` in place of each repeated sub-tree. */
  value: unknown;
}

/** Objects whose JSON is shorter than this are repeated, not shared. */
const MIN_LENGTH = 64;

function isObject(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === "object" && value !== null;
}

/** Lifts every object sub-tree that occurs more than once (by its JSON) into a table. */
export function share(value: unknown): SharedJson {
  const text = new Map<unknown, string>();
  const counts = new Map<string, number>();
  const measure = (node: unknown): string => {
    const json = JSON.stringify(node);
    if (isObject(node)) {
      if (Array.isArray(node)) node.forEach(measure);
      else Object.values(node).forEach((v) => v !== undefined && measure(v));
      text.set(node, json);
      if (json.length >= MIN_LENGTH) counts.set(json, (counts.get(json) ?? 0) + 1);
    }
    return json;
  };
  measure(value);
  const shared: unknown[] = [];
  const index = new Map<string, number>();
  const build = (node: unknown, top: boolean): unknown => {
    if (!isObject(node)) return node;
    const json = text.get(node)!;
    if (!top && (counts.get(json) ?? 0) > 1) {
      let at = index.get(json);
      if (at === undefined) {
        const lifted = buildChildren(node);
        at = shared.length;
        shared.push(lifted);
        index.set(json, at);
      }
      return { $shared: at };
    }
    return buildChildren(node);
  };
  const buildChildren = (node: Record<string, unknown> | unknown[]): unknown =>
    Array.isArray(node)
      ? node.map((v) => build(v, false))
      : Object.fromEntries(Object.entries(node).map(([k, v]) => [k, build(v, false)]));
  return { shared, value: build(value, true) };
}

/** Puts the shared sub-trees back; each one becomes a single object used everywhere. */
export function unshare(json: SharedJson): unknown {
  const done: unknown[] = [];
  const revive = (node: unknown): unknown => {
    if (!isObject(node)) return node;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) node[i] = revive(node[i]);
      return node;
    }
    const ref = node.$shared;
    if (typeof ref === "number" && Object.keys(node).length === 1) {
      if (done[ref] === undefined) done[ref] = revive(json.shared[ref]);
      return done[ref];
    }
    for (const key of Object.keys(node)) node[key] = revive(node[key]);
    return node;
  };
  return revive(json.value);
}
