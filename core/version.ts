/**
 * The package's name and version, read from `deno.json` so there is one source.
 *
 * @module
 */

import config from "../deno.json" with { type: "json" };

/** The package name, `@taskorch/mcp`. */
export const NAME: string = config.name;

/** The package version. */
export const VERSION: string = config.version;
