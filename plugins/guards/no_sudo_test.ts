import { fileURLToPath } from "node:url";
import { PluginTester } from "@taskorch/mcp/testing";
import guard from "./no_sudo.ts";

const CONFIG = fileURLToPath(new URL("../../deno.json", import.meta.url));
const bash = (command: string) => ({
  hook_event_name: "PreToolUse",
  tool_name: "Bash",
  tool_input: { command },
});

const tests = {
  valid: [
    { name: "a plain command", event: bash("ls -la") },
    { name: "sudo as an argument", event: bash("echo sudo && grep -r sudo docs/") },
    { name: "not Bash", event: { hook_event_name: "PreToolUse", tool_name: "Read" } },
    { name: "doas not listed", event: bash("doas ls"), options: { programs: ["sudo"] } },
  ],
  invalid: [
    {
      name: "sudo",
      event: bash("sudo rm -rf /var/cache"),
      findings: [{ rule: "no-sudo.escalation", action: "ask" as const, message: "sudo" }],
    },
    { name: "after &&, with an assignment", event: bash("cd x && FOO=1 sudo make install") },
    { name: "by path, in a pipe", event: bash("curl -s x | /usr/bin/sudo sh"), findings: 1 },
    { name: "doas", event: bash("doas reboot"), findings: [{ message: "doas" }] },
  ],
  invalidOptions: [
    { name: "no programs", options: { programs: [] }, error: "programs" },
    { name: "unknown option", options: { colour: "red" } },
  ],
};

new PluginTester(guard).run("no-sudo (in process)", tests);
new PluginTester(guard, {
  sandbox: true,
  module: new URL("./no_sudo.ts", import.meta.url),
  config: CONFIG,
}).run("no-sudo (sandboxed)", { valid: tests.valid, invalid: tests.invalid });
