/**
 * `taskorch version`: prints the package name and version.
 *
 * @module
 */

import { NAME, VERSION } from "../version.ts";
import { type Command, parseFlags, write } from "./args.ts";

/** The `version` command. */
export const versionCommand: Command = {
  name: "version",
  help: `Usage: taskorch version [--json]

Prints the package name and version, and Deno's.

Options:
  --json     Print {"name", "version", "deno"} as JSON
  -h, --help Show this help
`,
  async run(args, io) {
    const { values } = parseFlags("version", args, { json: { type: "boolean" } });
    if (values.help) return await write(io.stdout, this.help), 0;
    const text = values.json
      ? JSON.stringify({ name: NAME, version: VERSION, deno: Deno.version.deno }) + "\n"
      : `${NAME} ${VERSION} (deno ${Deno.version.deno})\n`;
    await write(io.stdout, text);
    return 0;
  },
};
