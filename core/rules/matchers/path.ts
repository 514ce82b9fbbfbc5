/**
 * The path matcher: where a path points (`is`, `in`, `not_in` a place), whether it
 * exists, and globs on the resolved path.
 *
 * @module
 */

import { basename } from "../../posix_path.ts";
import { inPlace, isPlace, type Place, resolvePlace } from "../places.ts";
import type { Captures, MatchContext, Matcher } from "../types.ts";
import { readValue } from "./value.ts";

/** A compiled path test. */
export interface PathTest {
  is?: Place[];
  in?: Place[];
  notIn?: Place[];
  exists?: boolean;
  glob?: string[];
}

/** Converts a glob (`**`, `*`, `?`, `{a,b}`) to a regular expression. */
export function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${globSource(glob)}$`);
}

/** The regular-expression source of a glob, without anchors. */
function globSource(glob: string): string {
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (char === "*") {
      if (glob[i + 1] === "*") {
        out += glob[i + 2] === "/" ? "(?:.*/)?" : ".*";
        i += glob[i + 2] === "/" ? 2 : 1;
      } else out += "[^/]*";
    } else if (char === "?") out += "[^/]";
    else if (char === "{") {
      const end = glob.indexOf("}", i);
      if (end === -1) out += "\\{";
      else {
        out += "(?:" + glob.slice(i + 1, end).split(",").map((p) =>
          p.replace(/[.+^$()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*")
        ).join("|") + ")";
        i = end;
      }
    } else out += char.replace(/[.+^$()|[\]\\]/g, "\\$&");
  }
  return out;
}

function exists(context: MatchContext, path: string): boolean {
  const key = "exists:" + path;
  const cached = context.cache.get(key);
  if (cached !== undefined) return cached as boolean;
  let found: boolean;
  try {
    Deno.statSync(path);
    found = true;
  } catch {
    found = false;
  }
  context.cache.set(key, found);
  return found;
}

/** Compiles a path matcher over a field. */
export function pathMatcher(field: string, test: PathTest): Matcher {
  const byName = (test.glob ?? []).filter((g) => !g.includes("/")).map((g) => globSource(g));
  const byPath = (test.glob ?? []).filter((g) => g.includes("/")).map((g) => globSource(g));
  const nameRegex = byName.length > 0 ? new RegExp(`^(?:${byName.join("|")})$`) : undefined;
  const pathRegex = byPath.length > 0 ? new RegExp(`^(?:${byPath.join("|")})$`) : undefined;
  const hasGlobs = nameRegex !== undefined || pathRegex !== undefined;
  return (context) => {
    const raw = readValue(context, field);
    if (raw === undefined) return null;
    return run(context, raw);
  };

  function run(context: MatchContext, raw: string): Captures | null {
    const resolved = resolvePlace(raw, context.places);
    if (!resolved) return null;
    const { path } = resolved;
    const places = context.places;
    if (test.is && !test.is.some((p) => isPlace(path, p, places))) return null;
    if (test.in && !test.in.some((p) => inPlace(path, p, places))) return null;
    if (test.notIn && test.notIn.some((p) => inPlace(path, p, places))) return null;
    if (hasGlobs) {
      const byNameHit = nameRegex !== undefined && nameRegex.test(basename(path));
      if (!byNameHit && !(pathRegex !== undefined && pathRegex.test(path))) return null;
    }
    if (test.exists !== undefined && exists(context, path) !== test.exists) return null;
    return { path, match: raw };
  }
}
