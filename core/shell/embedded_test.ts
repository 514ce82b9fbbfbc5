import assert from "node:assert/strict";
import { powershellCommand, shellCommandsIn } from "./embedded.ts";
import type { InlineLanguage } from "./types.ts";

Deno.test("shellCommandsIn: shell command lines run by interpreter code", () => {
  const cases: [InlineLanguage, string, string[]][] = [
    ["python", `import os; os.system("rm -rf /")`, ["rm -rf /"]],
    ["python", `os.popen('id').read()`, ["id"]],
    ["python", `subprocess.run(["rm", "-rf", "/home/user"], check=True)`, ["rm -rf /home/user"]],
    ["python", `subprocess.run("ls -la", shell=True)`, ["ls -la"]],
    ["python", `subprocess.check_output(['git', 'commit', '-m', 'a b'])`, [
      "git commit -m 'a b'",
    ]],
    ["python", `os.execl("/bin/sh", "sh", "-i")`, ["/bin/sh -i"]],
    ["python", `pty.spawn("/bin/bash")`, ["/bin/bash"]],
    ["python", `print("os.system is fine")`, []],
    ["node", `require("child_process").execSync("rm -rf ~")`, ["rm -rf ~"]],
    ["node", `cp.execFile("rm", ["-rf", "/"])`, ["rm -rf /"]],
    ["node", `spawn("/bin/sh", {stdio: [0, 1, 2]})`, ["/bin/sh"]],
    ["perl", `system("rm", "-rf", "/"); print \`id\``, ["rm -rf /", "id"]],
    ["perl", `exec "/bin/sh";`, ["/bin/sh"]],
    ["perl", `my $x = qx{uname -a};`, ["uname -a"]],
    ["ruby", `exec "/bin/sh"`, ["/bin/sh"]],
    ["ruby", `out = %x(whoami)`, ["whoami"]],
    ["php", `system("/bin/sh -i");`, ["/bin/sh -i"]],
    ["php", `$r = shell_exec('ls');`, ["ls"]],
    ["python", `os.system(cmd)`, []],
  ];
  for (const [language, code, want] of cases) {
    assert.deepEqual(shellCommandsIn(language, code), want, code);
  }
});

Deno.test("powershellCommand: -Command, abbreviations, -EncodedCommand, -File", () => {
  const encoded = btoa(
    String.fromCharCode(
      ...new Uint8Array(new Uint16Array([...("rm x")].map((c) => c.charCodeAt(0))).buffer),
    ),
  );
  const cases: [string[], string | undefined][] = [
    [["-NoProfile", "-Command", "Remove-Item x"], "Remove-Item x"],
    [["-c", "Get-ChildItem", "|", "Remove-Item"], "Get-ChildItem | Remove-Item"],
    [["-ExecutionPolicy", "Bypass", "-Command", "iex x"], "iex x"],
    [["-EncodedCommand", encoded], "rm x"],
    [["-enc", encoded], "rm x"],
    [["-File", "build.ps1"], undefined],
    [["build.ps1"], undefined],
    [["-NoLogo"], undefined],
    [["Write-Host hi"], "Write-Host hi"],
  ];
  for (const [args, want] of cases) assert.equal(powershellCommand(args), want, args.join(" "));
});
