/**
 * `taskorch plugins list|test|add`: see the configured plugins, run one in its sandbox, or
 * add one to a config file (checked in its sandbox first: a plugin whose meta asks for more
 * than the grant is refused, naming the permission).
 *
 * @module
 */

import { join, resolve } from "../posix_path.ts";
import { loadConfig, parseYaml, type PluginConfig } from "../config.ts";
import { errorMessage, TaskorchError } from "../errors.ts";
import { taskorchHome } from "../paths.ts";
import type { Permissions } from "../plugin/types.ts";
import { startPlugin } from "../sandbox.ts";
import { type CliIO, type Command, parseFlags, write } from "./args.ts";

function grantText(grant: Permissions): string {
  const parts = (["net", "env", "read", "write"] as const)
    .filter((k) => (grant[k] ?? []).length > 0)
    .map((k) => `${k}=${grant[k]!.join(",")}`);
  return parts.length === 0 ? "nothing" : parts.join(" ");
}

/** One line per configured plugin. */
export function formatPlugins(plugins: readonly PluginConfig[]): string {
  if (plugins.length === 0) return "No plugins configured.\n";
  return plugins.map((p) =>
    `${p.name}  ${p.kind}  ${p.enabled ? "enabled" : "disabled"}${p.hook ? " hook" : ""}  ` +
    `timeout ${p.timeoutMs} ms  grant ${grantText(p.grant)}  from ${p.from}  ` +
    `(${p.at.file}:${p.at.line}:${p.at.column})`
  ).join("\n") + "\n";
}

function list(values: string | undefined): string[] | undefined {
  if (values === undefined) return undefined;
  return values.split(",").map((v) => v.trim()).filter((v) => v !== "");
}

async function list_(io: CliIO, json: boolean): Promise<number> {
  const config = await loadConfig(Deno.cwd());
  if (json) {
    await write(
      io.stdout,
      JSON.stringify({ plugins: config.plugins.map((p) => ({ ...p, state: "not started" })) }) +
        "\n",
    );
  } else await write(io.stdout, formatPlugins(config.plugins));
  return 0;
}

async function test(
  io: CliIO,
  target: string,
  eventFile: string | undefined,
  json: boolean,
): Promise<number> {
  const cwd = Deno.cwd();
  const config = await loadConfig(cwd);
  const configured = config.plugins.find((p) => p.name === target) ??
    config.plugins.find((p) => p.from === target || p.from === resolve(cwd, target));
  const input: unknown = eventFile === undefined
    ? { hook_event_name: "UserPromptSubmit", prompt: "hello", cwd }
    : JSON.parse(
      eventFile === "-" ? await new Response(io.stdin).text() : await Deno.readTextFile(eventFile),
    );
  const started = performance.now();
  const plugin = await startPlugin(configured?.from ?? target, {
    grant: configured?.grant ?? {},
    options: configured?.options ?? {},
    kind: configured?.kind,
    timeoutMs: configured?.timeoutMs,
    cwd,
  });
  const startMs = performance.now() - started;
  try {
    const callStarted = performance.now();
    const result = await plugin.call(input);
    const callMs = performance.now() - callStarted;
    if (json) {
      await write(
        io.stdout,
        JSON.stringify({ meta: plugin.meta, result, startMs, callMs }) + "\n",
      );
    } else {
      await write(
        io.stdout,
        `${plugin.meta.name}@${plugin.meta.version} (${plugin.meta.kind}): ${plugin.meta.description}\n` +
          `started in ${startMs.toFixed(1)} ms, answered in ${callMs.toFixed(1)} ms\n` +
          JSON.stringify(result, null, 2) + "\n",
      );
    }
  } finally {
    await plugin.close();
  }
  return 0;
}

async function add(
  io: CliIO,
  specifier: string,
  grant: Permissions,
  user: boolean,
  name: string | undefined,
): Promise<number> {
  const cwd = Deno.cwd();
  const file = user ? join(taskorchHome(), "config.yaml") : join(cwd, ".taskorch", "config.yaml");
  const base = resolve(file, "..", "..");
  const from = /^(npm|jsr|https?|file):/.test(specifier) || specifier.startsWith("/")
    ? specifier
    : user
    ? resolve(cwd, specifier)
    : specifier;
  // Refuses a plugin that asks for more than the grant (PLUGIN_PERMISSION_DENIED).
  const plugin = await startPlugin(
    /^(npm|jsr|https?|file):/.test(from) ? from : resolve(base, from),
    { grant, cwd },
  );
  const meta = plugin.meta;
  await plugin.close();
  let text = "";
  try {
    text = await Deno.readTextFile(file);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  await parseYaml(text, file); // refuses a config file that does not parse
  const { parseDocument } = await import("yaml");
  const doc = parseDocument(text);
  const entry: Record<string, unknown> = { name: name ?? meta.name, from };
  const given = Object.fromEntries(
    Object.entries(grant).filter(([, v]) => (v as string[]).length > 0),
  );
  if (Object.keys(given).length > 0) entry.grant = given;
  if (meta.kind !== "guard") entry.kind = meta.kind;
  const existing = doc.get("plugins") as { items?: unknown[] } | undefined;
  const names = (doc.toJS()?.plugins ?? []) as { name?: string; from?: string }[];
  if (names.some((p) => (p.name ?? p.from) === entry.name)) {
    throw new TaskorchError(
      "CLI_USAGE",
      `taskorch plugins add: "${entry.name}" is already configured in ${file}; give --name`,
    );
  }
  if (existing?.items) doc.addIn(["plugins"], doc.createNode(entry));
  else if (doc.contents === null) {
    doc.contents = doc.createNode({ plugins: [entry] }) as unknown as typeof doc.contents;
  } else doc.set("plugins", doc.createNode([entry]));
  await Deno.mkdir(resolve(file, ".."), { recursive: true });
  await Deno.writeTextFile(file, doc.toString());
  await write(
    io.stdout,
    `Added ${meta.name}@${meta.version} (${meta.kind}) to ${file}, granted ${grantText(grant)}.\n`,
  );
  return 0;
}

/** The `plugins` command. */
export const pluginsCommand: Command = {
  name: "plugins",
  help: `Usage: taskorch plugins list [--json]
       taskorch plugins test PLUGIN [--event FILE|-] [--json]
       taskorch plugins add SPECIFIER [--name NAME] [--grant-net HOST,...] [--grant-env NAME,...]
                            [--grant-read PATH,...] [--grant-write PATH,...] [--project|--user]

  list   the plugins configured in ~/.taskorch/config.yaml and ./.taskorch/config.yaml
  test   starts PLUGIN (a configured name, or a path/specifier with no grant) in its
         sandbox with its grant and options, makes one call with the event in FILE
         (default: a UserPromptSubmit "hello"), prints the result and the timing
  add    starts the plugin in its sandbox with the grant given; refuses it if its meta
         asks for more (naming the permission), else appends it to the project's config
         (default, --project) or the user's (--user), keeping the rest of the file

Options:
  --json      Machine-readable output
  -h, --help  Show this help
`,
  async run(args, io) {
    const { values, positionals } = parseFlags("plugins", args, {
      json: { type: "boolean" },
      event: { type: "string" },
      name: { type: "string" },
      "grant-net": { type: "string" },
      "grant-env": { type: "string" },
      "grant-read": { type: "string" },
      "grant-write": { type: "string" },
      project: { type: "boolean" },
      user: { type: "boolean" },
    }, true);
    if (values.help) {
      await write(io.stdout, pluginsCommand.help);
      return 0;
    }
    const [sub, target, ...rest] = positionals;
    const json = Boolean(values.json);
    try {
      if (sub === "list" && target === undefined) return await list_(io, json);
      if (sub === "test" && target !== undefined && rest.length === 0) {
        return await test(io, target, values.event as string | undefined, json);
      }
      if (sub === "add" && target !== undefined && rest.length === 0) {
        if (values.project && values.user) {
          throw new TaskorchError("CLI_USAGE", "taskorch plugins add: give --project or --user");
        }
        const grant: Permissions = {};
        for (const key of ["net", "env", "read", "write"] as const) {
          const given = list(values[`grant-${key}`] as string | undefined);
          if (given) grant[key] = given;
        }
        return await add(
          io,
          target,
          grant,
          Boolean(values.user),
          values.name as string | undefined,
        );
      }
    } catch (error) {
      if (error instanceof TaskorchError && error.code === "CLI_USAGE") throw error;
      await write(io.stderr, `taskorch plugins ${sub}: ${errorMessage(error)}\n`);
      return 1;
    }
    throw new TaskorchError(
      "CLI_USAGE",
      "taskorch plugins: expected list, test PLUGIN or add SPECIFIER; see taskorch plugins --help",
    );
  },
};
