/**
 * How leaf matchers read their subject: a local value a parent matcher set (such as
 * `arg` inside `command.args`), or a field of the event, cached per event.
 *
 * @module
 */

import { readField } from "../fields.ts";
import type { MatchContext } from "../types.ts";

/** Reads `field` for a matcher, from the parent's locals or the event. */
export function readValue(context: MatchContext, field: string): string | undefined {
  if (context.locals && field in context.locals) return context.locals[field];
  const key = "field:" + field;
  if (context.cache.has(key)) return context.cache.get(key) as string | undefined;
  const value = readField(context.event, field);
  context.cache.set(key, value);
  return value;
}

/** Reads `field` lowercased, cached. */
export function readLower(context: MatchContext, field: string): string | undefined {
  if (context.locals && field in context.locals) return context.locals[field].toLowerCase();
  const key = "lower:" + field;
  if (context.cache.has(key)) return context.cache.get(key) as string | undefined;
  const value = readValue(context, field)?.toLowerCase();
  context.cache.set(key, value);
  return value;
}
