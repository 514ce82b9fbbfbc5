/**
 * Programs that run shell code given as a string or as their remaining arguments: shells with
 * `-c`, `su -c`, `ssh host CMD`, `watch CMD`, `eval`, and `find -exec CMD ;`.
 *
 * @module
 */

import { skipOptions } from "./wrappers.ts";

/** Shells whose `-c STRING` (or standard input) is parsed as shell code. */
export const SHELLS: ReadonlySet<string> = new Set([
  "sh",
  "bash",
  "rbash",
  "zsh",
  "dash",
  "ksh",
  "mksh",
  "ash",
  "yash",
  "posh",
  "fish",
  "csh",
  "tcsh",
]);

/** What a shell invocation runs. */
export interface ShellInvocation {
  /** The `-c` string, when there is one. */
  command?: string;
  /** True when the shell reads its script from standard input (no operand, or `-s`). */
  readsStdin: boolean;
}

/**
 * Reads a shell's arguments: `bash -c 'cmd'`, `sh -ec 'cmd'`, `bash -o pipefail -c 'cmd'`,
 * `bash -s`, `bash script.sh`.
 */
export function shellInvocation(args: readonly string[]): ShellInvocation {
  let hasC = false;
  let stdinFlag = false;
  let operand: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--" || a === "-") {
      operand = args[i + 1];
      break;
    }
    if ((a[0] === "-" || a[0] === "+") && a.length > 1) {
      if (a.startsWith("--")) {
        if (a === "--rcfile" || a === "--init-file") i++;
        continue;
      }
      for (let k = 1; k < a.length; k++) {
        const ch = a[k];
        if (ch === "c") hasC = true;
        else if (ch === "s") stdinFlag = true;
        else if ((ch === "o" || ch === "O") && k + 1 === a.length) i++;
      }
      continue;
    }
    operand = a;
    break;
  }
  if (hasC) {
    return operand === undefined ? { readsStdin: false } : { command: operand, readsStdin: false };
  }
  return { readsStdin: stdinFlag || operand === undefined };
}

/** The `-c` / `--command` string of `su`, if any. */
export function suCommand(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--command" || a === "--session-command") return args[i + 1];
    if (a.startsWith("--command=") || a.startsWith("--session-command=")) {
      return a.slice(a.indexOf("=") + 1);
    }
    if (a.length > 1 && a[0] === "-" && a[1] !== "-") {
      const c = a.indexOf("c");
      if (c > 0) return c + 1 < a.length ? a.slice(c + 1) : args[i + 1];
      if (/[sgGw]$/.test(a)) i++;
    }
  }
  return undefined;
}

const SSH = { short: "BbcDEeFIiJLlmOopQRSWw" };

/** The remote command of `ssh [options] host [command...]` (arguments joined by spaces). */
export function sshRemote(args: readonly string[]): { host?: string; command?: string } {
  const i = skipOptions(args, 0, SSH);
  if (i < 0 || i >= args.length) return {};
  const rest = args.slice(i + 1);
  return rest.length > 0 ? { host: args[i], command: rest.join(" ") } : { host: args[i] };
}

const WATCH = { short: "nq", long: ["interval", "equexit"] };

/** The command `watch` runs (its operands joined by spaces), if any. */
export function watchCommand(args: readonly string[]): string | undefined {
  const i = skipOptions(args, 0, WATCH);
  return i >= 0 && i < args.length ? args.slice(i).join(" ") : undefined;
}

const EXEC_ACTIONS = new Set(["-exec", "-execdir", "-ok", "-okdir"]);

/** The argv of each `-exec`/`-execdir`/`-ok`/`-okdir` action of a `find` command. */
export function findExecs(args: readonly string[]): string[][] {
  const groups: string[][] = [];
  for (let i = 0; i < args.length; i++) {
    if (!EXEC_ACTIONS.has(args[i])) continue;
    const group: string[] = [];
    let j = i + 1;
    for (; j < args.length; j++) {
      const a = args[j];
      if (a === ";" || (a === "+" && args[j - 1] === "{}")) break;
      group.push(a);
    }
    if (group.length > 0) groups.push(group);
    i = j;
  }
  return groups;
}

const DOCKER_GLOBAL = {
  short: "Hcl",
  long: ["host", "context", "config", "log-level", "tlscacert", "tlscert", "tlskey"],
};
const COMPOSE_GLOBAL = {
  short: "fp",
  long: ["file", "project-name", "profile", "env-file", "project-directory", "ansi", "parallel"],
};
const EXEC_OPTIONS = { short: "euw", long: ["env", "env-file", "user", "workdir", "detach-keys"] };
const COMPOSE_OPTIONS = {
  short: "elpuvw",
  long: ["env", "label", "publish", "user", "volume", "workdir", "name", "entrypoint", "index"],
};
const RUN_OPTIONS = {
  short: "acehlmpuvw",
  long: [
    "add-host",
    "attach",
    "cap-add",
    "cap-drop",
    "cgroup-parent",
    "cidfile",
    "cpu-period",
    "cpu-quota",
    "cpu-shares",
    "cpus",
    "cpuset-cpus",
    "device",
    "dns",
    "entrypoint",
    "env",
    "env-file",
    "expose",
    "gpus",
    "group-add",
    "health-cmd",
    "hostname",
    "ip",
    "ipc",
    "label",
    "link",
    "log-driver",
    "log-opt",
    "memory",
    "mount",
    "name",
    "network",
    "net",
    "pid",
    "platform",
    "publish",
    "pull",
    "restart",
    "runtime",
    "security-opt",
    "shm-size",
    "stop-signal",
    "stop-timeout",
    "tmpfs",
    "ulimit",
    "user",
    "userns",
    "volume",
    "volumes-from",
    "workdir",
  ],
};

/** Container runners whose `exec`/`run` start a command inside a container. */
export const CONTAINER_RUNNERS: ReadonlySet<string> = new Set([
  "docker",
  "podman",
  "nerdctl",
  "kubectl",
  "oc",
]);

/**
 * The argv a container runner starts inside a container: `docker exec [options] CONTAINER
 * CMD...`, `docker run [options] IMAGE CMD...` (also `podman`, `nerdctl`, `docker container
 * exec|run` and `docker compose exec|run SERVICE CMD...`), `kubectl exec POD [options] --
 * CMD...` (also `oc`). Undefined when it starts none (no command given, another sub-command).
 */
export function containerArgv(program: string, args: readonly string[]): string[] | undefined {
  if (program === "kubectl" || program === "oc") {
    const dash = args.indexOf("--");
    if (dash < 0 || !args.slice(0, dash).includes("exec")) return undefined;
    return dash + 1 < args.length ? args.slice(dash + 1) : undefined;
  }
  let i = skipOptions(args, 0, DOCKER_GLOBAL);
  let compose = false;
  if (args[i] === "container") i++;
  else if (args[i] === "compose") {
    compose = true;
    i = skipOptions(args, i + 1, COMPOSE_GLOBAL);
  }
  if (i < 0 || (args[i] !== "exec" && args[i] !== "run")) return undefined;
  const spec = compose ? COMPOSE_OPTIONS : args[i] === "exec" ? EXEC_OPTIONS : RUN_OPTIONS;
  const target = skipOptions(args, i + 1, spec);
  return target >= 0 && target + 1 < args.length ? args.slice(target + 1) : undefined;
}
