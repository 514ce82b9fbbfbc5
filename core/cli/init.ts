/**
 * `taskorch init claude`: installs (or with `--remove`, removes) taskorch's hooks and MCP
 * server in Claude Code's settings, merging with what is there. The work is in
 * `core/claude/install.ts`; this file parses flags and prints the plan.
 *
 * @module
 */

import { join } from "../posix_path.ts";
import { TaskorchError } from "../errors.ts";
import { applyPlan, type FilePlan, planDiff, planInit, type Scope } from "../claude/install.ts";
import { HOOKED_EVENTS, TOKEN_ENV } from "../claude/settings.ts";
import { type Command, parseFlags, write } from "./args.ts";

function home(): string {
  const value = Deno.env.get("HOME") ||
    (Deno.build.os === "windows" ? Deno.env.get("USERPROFILE") : undefined);
  if (!value) {
    throw new TaskorchError(
      "HOME_UNSET",
      "taskorch init --user: cannot find your home folder: HOME is not set",
    );
  }
  return value;
}

function describe(plans: readonly FilePlan[], dryRun: boolean): string {
  const out: string[] = [];
  for (const plan of plans) {
    out.push(`${plan.path}${plan.existed ? "" : " (new file)"}:`);
    for (const change of plan.changes) out.push(`  ${change}`);
    if (dryRun && plan.changed) out.push(planDiff(plan).trimEnd());
  }
  return out.join("\n") + "\n";
}

/** The `init` command. */
export const initCommand: Command = {
  name: "init",
  help: `Usage: taskorch init claude [--project | --user] [--dir DIR] [--http URL]
                           [--dry-run] [--remove]

Installs taskorch in Claude Code: the MCP server entry, and hooks on ${
    HOOKED_EVENTS.join(", ")
  } that run "taskorch hook". Your own hooks and servers are kept
as they are; taskorch's are added once (running it again changes nothing) and
recognised by their command. Each file is written atomically, and its previous
content kept as FILE.bak. A file that is not valid JSON is reported with its
line and column, and nothing is written.

Scopes:
  --project   (default) DIR/.claude/settings.json and DIR/.mcp.json
  --user      ~/.claude/settings.json and ~/.claude.json (or the same names in
              $CLAUDE_CONFIG_DIR when it is set)

Options:
  --dir DIR   The project folder (default: the current folder)
  --http URL  Point the hooks at a running "taskorch serve --http" (e.g.
              http://127.0.0.1:7420) instead of starting a process per event:
              writes "http" hooks to URL/hook and an HTTP MCP entry to URL/mcp,
              both sending "Authorization: Bearer $${TOKEN_ENV}". Export
              ${TOKEN_ENV} (the server's token) before starting Claude Code.
  --dry-run   Print what would change, as a diff, and write nothing
  --remove    Remove taskorch's hooks and server, and nothing else
  -h, --help  Show this help
`,
  async run(args, io) {
    const { values, positionals } = parseFlags("init", args, {
      project: { type: "boolean" },
      user: { type: "boolean" },
      dir: { type: "string" },
      http: { type: "string" },
      "dry-run": { type: "boolean" },
      remove: { type: "boolean" },
    }, true);
    if (values.help) return await write(io.stdout, this.help), 0;
    const usage = (message: string): never => {
      throw new TaskorchError(
        "CLI_USAGE",
        `taskorch init: ${message}. Run "taskorch init --help".`,
      );
    };
    if (positionals.length !== 1 || positionals[0] !== "claude") {
      usage(
        positionals.length === 0
          ? 'say which agent to set up: "taskorch init claude"'
          : `unknown agent "${positionals.join(" ")}"; only "claude" is supported`,
      );
    }
    if (values.project && values.user) usage("choose one of --project and --user");
    if (values.user && values.dir !== undefined) usage("--dir goes with --project, not --user");
    if (values.remove && values.http !== undefined) {
      usage("--remove takes out every taskorch hook; it takes no --http");
    }
    const scope: Scope = values.user ? "user" : "project";
    const dryRun = Boolean(values["dry-run"]);
    const plans = await planInit({
      scope,
      dir: (values.dir as string | undefined) ?? Deno.cwd(),
      home: scope === "user" ? home() : "",
      configDir: Deno.env.get("CLAUDE_CONFIG_DIR") || undefined,
      http: values.http as string | undefined,
      remove: Boolean(values.remove),
    });
    const changed = plans.some((p) => p.changed);
    let text = describe(plans, dryRun);
    if (!changed) {
      text += values.remove
        ? "taskorch is not installed there: nothing to remove.\n"
        : "taskorch is already installed: nothing to change.\n";
    } else if (dryRun) {
      text += "Dry run: nothing was written.\n";
    } else {
      const backups = await applyPlan(plans);
      const saved = Object.values(backups);
      text += `${values.remove ? "Removed" : "Installed"}.` +
        (saved.length > 0 ? ` Previous versions kept as ${saved.join(", ")}.` : "") + "\n";
      if (!values.remove) {
        text += values.http
          ? `Export ${TOKEN_ENV} (e.g. export ${TOKEN_ENV}="$(cat ${
            join("~", ".taskorch", "http-token")
          })") and keep "taskorch serve --http" running, then start Claude Code.\n`
          : "Start (or restart) Claude Code: every event now passes through taskorch.\n";
        if (scope === "project") {
          text +=
            'Claude Code asks once before it starts a server from a project\'s .mcp.json: approve "taskorch".\n';
        }
      }
    }
    await write(io.stdout, text);
    return 0;
  },
};
