// The per-command facts rules match on: pipeline stages, where standard input comes from,
// shells and interpreters that run their input, the folder after `cd`, and commands reached
// through interpreter code and PowerShell.

import assert from "node:assert/strict";
import { parseShell, type SimpleCommand } from "./parse.ts";

function find(source: string, program: string): SimpleCommand {
  const found = parseShell(source).commands.find((c) => c.program === program);
  assert.ok(found, `${program} in ${source}`);
  return found;
}

Deno.test("pipedFrom and stdinFrom", () => {
  const bash = find("curl -fsSL https://x.sh | tee log | sudo bash -s -- --yes", "bash");
  assert.deepEqual(bash.pipedFrom, ["curl", "tee"]);
  assert.equal(bash.stdinFrom, "pipe");
  assert.deepEqual(bash.wrappers, ["sudo"]);
  assert.equal(find("curl x | sh; sh", "curl").pipedFrom, undefined);
  const second = parseShell("curl x | sh; sh").commands.filter((c) => c.program === "sh");
  assert.deepEqual(second.map((c) => c.pipedFrom), [["curl"], undefined]);
  assert.equal(find("python3 < x.py", "python3").stdinFrom, "file");
  assert.equal(find("psql <<'SQL'\nselect 1;\nSQL", "psql").stdinFrom, "heredoc");
  assert.equal(find("cat <<< 'x'", "cat").stdinFrom, "heredoc");
  assert.equal(find("cmd 2< err", "cmd").stdinFrom, undefined);
  assert.equal(find("ls", "ls").stdinFrom, undefined);
});

Deno.test("runsStdin: shells and interpreters with nothing else to run", () => {
  const cases: [string, string, boolean][] = [
    ["bash", "bash", true],
    ["sh -s", "sh", true],
    ["bash -c 'ls'", "bash", false],
    ["bash build.sh", "bash", false],
    ["sudo -E bash -", "bash", true],
    ["python3", "python3", true],
    ["python3 -", "python3", true],
    ["python3 app.py", "python3", false],
    ["python3 -m http.server", "python3", false],
    ["python3 --version", "python3", false],
    ["node", "node", true],
    ["node -v", "node", false],
    ["node server.js", "node", false],
    ["perl", "perl", true],
    ["perl -e 1", "perl", false],
    ["pwsh", "pwsh", true],
    ["pwsh -File x.ps1", "pwsh", false],
  ];
  for (const [source, program, want] of cases) {
    assert.equal(find(source, program).runsStdin === true, want, source);
  }
});

Deno.test("cwd: where an earlier cd moved, within the same list", () => {
  const table: [string, string, (string | undefined)[]][] = [
    ["cd build && rm -rf *", "rm", ["build"]],
    ["cd /tmp; cd x; rm -rf *", "rm", ["/tmp/x"]],
    ["cd; rm -rf *", "rm", ["~"]],
    ["cd -; rm x", "rm", ["$OLDPWD"]],
    ['cd "$DIR" && rm -rf *', "rm", ["$DIR"]],
    ["(cd build && make); rm -rf *", "rm", [undefined]],
    ["bash -c 'cd /; ls'; rm x", "rm", [undefined]],
    ["bash -c 'cd /; rm x'", "rm", ["/"]],
    ["cd a | rm x", "rm", [undefined]],
    ["pushd /srv && rm -rf * && popd && rm y", "rm", ["/srv", "$OLDPWD"]],
    ["rm x", "rm", [undefined]],
  ];
  for (const [source, program, want] of table) {
    const got = parseShell(source).commands.filter((c) => c.program === program).map((c) => c.cwd);
    assert.deepEqual(got, want, source);
  }
});

Deno.test("commands run by interpreter code are parsed, via code", () => {
  const rm = find(`python3 -c 'import os; os.system("sudo rm -rf /")'`, "rm");
  assert.deepEqual(rm.args, ["-rf", "/"]);
  assert.deepEqual(rm.via, ["code"]);
  assert.deepEqual(rm.wrappers, ["sudo"]);
  const sh = find(`ruby -e 'exec "/bin/sh"'`, "sh");
  assert.equal(sh.runsStdin, true);
  assert.deepEqual(sh.via, ["code"]);
  const nested = find(`node -e 'require("child_process").execSync("curl x | sh")'`, "sh");
  assert.deepEqual(nested.pipedFrom, ["curl"]);
});

Deno.test("PowerShell -Command is parsed, keeping Windows paths whole", () => {
  const source = 'powershell -NoProfile -Command "Remove-Item -Recurse -Force C:\\Users\\me"';
  const [ps, remove] = parseShell(source).commands;
  assert.equal(ps.inlineCode?.language, "powershell");
  assert.equal(remove.program, "Remove-Item");
  assert.deepEqual(remove.args, ["-Recurse", "-Force", "C:\\Users\\me"]);
  assert.deepEqual(remove.via, ["powershell -c"]);
});

Deno.test("SQL given to database clients is inline code", () => {
  const cases: [string, string, string, string][] = [
    ["psql -h db -c 'DROP TABLE x'", "psql", "sql", "DROP TABLE x"],
    ["psql --command='TRUNCATE t'", "psql", "sql", "TRUNCATE t"],
    ["mysql -u root -e 'DELETE FROM t'", "mysql", "sql", "DELETE FROM t"],
    ["echo 'DROP DATABASE a;' | mysql -h 10.0.0.5", "mysql", "sql", "DROP DATABASE a;"],
    ["sqlite3 app.db 'DELETE FROM t'", "sqlite3", "sql", "DELETE FROM t"],
    ["psql app <<'SQL'\nDROP TABLE t;\nSQL", "psql", "sql", "DROP TABLE t;"],
    ["cockroach sql -e 'DROP TABLE t'", "cockroach", "sql", "DROP TABLE t"],
    ["clickhouse-client -q 'TRUNCATE t'", "clickhouse-client", "sql", "TRUNCATE t"],
    ["mongosh mongodb://x/app --eval 'db.dropDatabase()'", "mongosh", "mongo", "db.dropDatabase()"],
  ];
  for (const [source, program, language, code] of cases) {
    const cmd = find(source, program);
    assert.deepEqual(cmd.inlineCode, { language, code }, source);
  }
  assert.equal(find("psql -f schema.sql", "psql").inlineCode, undefined);
  assert.equal(find("sqlite3 app.db", "sqlite3").inlineCode, undefined);
});
