import assert from "node:assert/strict";
import { hasAnyFlag, hasFlag } from "./flags.ts";
import { DEFAULT_MAX_DEPTH, parseShell, type SimpleCommand } from "./parse.ts";

/** `via>program args` with arguments that contain blanks or quotes JSON-quoted. */
function render(c: SimpleCommand): string {
  const words = [c.program, ...c.args].map((a) => (/^[^\s"]*$/.test(a) ? a : JSON.stringify(a)));
  const via = c.via.length > 0 ? `${c.via.join(",")}>` : "";
  return via + words.join(" ");
}

/** Source, then every simple command it contains, in order. */
const CASES: [string, string[]][] = [
  // the classics
  ["rm -rf /", ["rm -rf /"]],
  ["rm -fr ~", ["rm -fr ~"]],
  ["rm -r -f /", ["rm -r -f /"]],
  ["rm --recursive --force /", ["rm --recursive --force /"]],
  ["sudo rm -rf --no-preserve-root /", ["rm -rf --no-preserve-root /"]],
  ["cd /tmp && rm -rf *", ["cd /tmp", "rm -rf *"]],
  ["ls | xargs rm -rf", ["pipe>ls", "pipe,xargs>rm -rf"]],
  ["find / -name '*.log' -delete", ["find / -name *.log -delete"]],
  ["find . -type f -exec rm -f {} +", [
    "find . -type f -exec rm -f {} +",
    "find -exec>rm -f {}",
  ]],
  ["find . -execdir shred -u {} \\; -print", [
    "find . -execdir shred -u {} ; -print",
    "find -exec>shred -u {}",
  ]],
  ["find . -ok rm {} ';'", ["find . -ok rm {} ;", "find -exec>rm {}"]],
  [`bash -c "rm -rf ~/"`, [`bash -c "rm -rf ~/"`, "bash -c>rm -rf ~/"]],
  ["sh -c 'echo hi; rm -rf /etc'", [
    `sh -c "echo hi; rm -rf /etc"`,
    "bash -c>echo hi",
    "bash -c>rm -rf /etc",
  ]],
  ["zsh -lc 'rm x' && dash -ec 'rm y'", [
    'zsh -lc "rm x"',
    "bash -c>rm x",
    `dash -ec "rm y"`,
    "bash -c>rm y",
  ]],
  ["bash -o pipefail -c 'rm z'", [`bash -o pipefail -c "rm z"`, "bash -c>rm z"]],
  ["bash script.sh -c 'rm z'", [`bash script.sh -c "rm z"`]],
  [`eval "rm -rf /"`, [`eval "rm -rf /"`, "eval>rm -rf /"]],
  [`eval rm '-rf' /`, ["eval rm -rf /", "eval>rm -rf /"]],
  ["$(echo rm) -rf /", [`"$(echo rm)" -rf /`, "$()>echo rm"]],
  ["echo $(rm -rf /)", [`echo "$(rm -rf /)"`, "$()>rm -rf /"]],
  [`echo "$(rm -rf /)"`, [`echo "$(rm -rf /)"`, "$()>rm -rf /"]],
  ["`rm -rf /`", ['"`rm -rf /`"', "$()>rm -rf /"]],
  ["diff <(ls a) >(tee b)", [`diff "<(ls a)" ">(tee b)"`, "<()>ls a", "<()>tee b"]],
  ["(cd / && rm -rf usr)", ["subshell>cd /", "subshell>rm -rf usr"]],
  ["{ rm -rf /; }", ["rm -rf /"]],
  ["env -i FOO=1 rm -rf /", ["rm -rf /"]],
  ["nohup rm -rf / &", ["rm -rf /"]],
  ["timeout 10 rm -rf x", ["rm -rf x"]],
  ["timeout -s KILL --foreground 10s rm -rf x", ["rm -rf x"]],
  ["nice -n 10 rm x; nice -5 rm y", ["rm x", "rm y"]],
  ["ionice -c3 rm x; stdbuf -oL rm y; time rm z; time -p rm w", ["rm x", "rm y", "rm z", "rm w"]],
  ["command rm x; builtin cd /; exec rm y; command -v rm", [
    "rm x",
    "cd /",
    "rm y",
    "command -v rm",
  ]],
  ["sudo -u root -E -- rm x; doas -u bob rm y; sudo -l", ["rm x", "rm y", "sudo -l"]],
  ["FOO=1 BAR=2 rm x", ["rm x"]],
  ["FOO=1", [""]],
  ["/usr/bin/sudo /bin/rm -rf /", ["rm -rf /"]],
  ["watch -n 5 'rm -rf /tmp/x'", [`watch -n 5 "rm -rf /tmp/x"`, "watch>rm -rf /tmp/x"]],
  ["ssh host 'rm -rf /var/www'", [`ssh host "rm -rf /var/www"`, "ssh>rm -rf /var/www"]],
  ["ssh -i key -p 2222 user@host rm -rf /srv", [
    "ssh -i key -p 2222 user@host rm -rf /srv",
    "ssh>rm -rf /srv",
  ]],
  ["ssh host", ["ssh host"]],
  // commands started inside a container
  ["docker exec -it web rm -rf /var/lib/mysql", [
    "docker exec -it web rm -rf /var/lib/mysql",
    "container>rm -rf /var/lib/mysql",
  ]],
  ["sudo docker run --rm -v /:/host -e A=1 alpine rm -rf /host/etc", [
    "docker run --rm -v /:/host -e A=1 alpine rm -rf /host/etc",
    "container>rm -rf /host/etc",
  ]],
  ["podman container exec -u root db dropdb app", [
    "podman container exec -u root db dropdb app",
    "container>dropdb app",
  ]],
  ["docker compose -f prod.yml exec -T db sh -c 'rm -rf /data'", [
    `docker compose -f prod.yml exec -T db sh -c "rm -rf /data"`,
    `container>sh -c "rm -rf /data"`,
    "container,bash -c>rm -rf /data",
  ]],
  ["kubectl exec -n prod db-0 -c pg -- psql -c 'DROP DATABASE app'", [
    `kubectl exec -n prod db-0 -c pg -- psql -c "DROP DATABASE app"`,
    `container>psql -c "DROP DATABASE app"`,
  ]],
  ["docker ps -a && docker exec web && kubectl exec pod && docker run alpine", [
    "docker ps -a",
    "docker exec web",
    "kubectl exec pod",
    "docker run alpine",
  ]],
  [`su -c "rm -rf /" root`, [`su -c "rm -rf /" root`, "bash -c>rm -rf /"]],
  ["env -S 'rm -rf /x'", [`env -S "rm -rf /x"`, "env -S>rm -rf /x"]],
  ["busybox rm -rf /", ["rm -rf /"]],
  // here-documents fed to shells and interpreters
  ["cat <<EOF | bash\nrm -rf /\nEOF", ["pipe>cat", "pipe>bash", "pipe,heredoc>rm -rf /"]],
  ["bash <<'EOF'\nrm -rf ~\nEOF", ["bash", "heredoc>rm -rf ~"]],
  ["bash -s <<< 'rm -rf ~'", ["bash -s", "heredoc>rm -rf ~"]],
  ["sh < script.sh", ["sh"]],
  ["echo 'rm -rf /' | sh", ['pipe>echo "rm -rf /"', "pipe>sh", "pipe,stdin>rm -rf /"]],
  ["printf 'rm -rf /\\n' | bash", [
    'pipe>printf "rm -rf /\\\\n"',
    "pipe>bash",
    "pipe,stdin>rm -rf /",
  ]],
  ["cat file | bash", ["pipe>cat file", "pipe>bash"]],
  ["ssh host <<EOF\nrm -rf /\nEOF", ["ssh host", "ssh>rm -rf /"]],
  ["python3 - <<EOF\nimport os\nEOF", ["python3 -"]],
  ["cat <<EOF > out.txt\n$(rm -rf /)\nEOF", ["cat", "$()>rm -rf /"]],
  ["cat <<'EOF' > out.txt\n$(rm -rf /)\nEOF", ["cat"]],
  // things that are not commands
  ["ls # rm -rf /", ["ls"]],
  [`echo "rm -rf /"`, [`echo "rm -rf /"`]],
  [`grep -r "rm -rf" .`, [`grep -r "rm -rf" .`]],
  ["echo 'rm -rf /' > notes.txt", [`echo "rm -rf /"`]],
  [`git commit -m "don't rm -rf /"`, [`git commit -m "don't rm -rf /"`]],
  // control structures (many more in statements_test.ts)
  ["if true; then rm -rf /; fi", ["true", "rm -rf /"]],
  [`for f in *; do rm "$f"; done`, ["rm $f"]],
  // other destructive spellings
  ["dd if=/dev/zero of=/dev/sda bs=1M", ["dd if=/dev/zero of=/dev/sda bs=1M"]],
  ["echo x > /dev/sda", ["echo x"]],
  ["> /etc/passwd", [""]],
  ["git push --force origin main", ["git push --force origin main"]],
  ["git push -f", ["git push -f"]],
  ["mkfs.ext4 /dev/sda1", ["mkfs.ext4 /dev/sda1"]],
  [":(){ :|:& };:", ["pipe>:", "pipe>:", ":"]],
  // quoting
  [`rm -rf "/my dir"`, [`rm -rf "/my dir"`]],
  ["'rm' -rf x", ["rm -rf x"]],
  [`"rm" -rf x`, ["rm -rf x"]],
  ["\\rm -rf x", ["rm -rf x"]],
  ["r\\m -rf x", ["rm -rf x"]],
  ["rm\\ -rf x", [`"rm -rf" x`]],
  ["$'rm' -rf x", ["rm -rf x"]],
  ["'if' x", ["if x"]],
  ["echo if then fi", ["echo if then fi"]],
  // nesting
  ["sudo bash -c 'cd / && eval \"rm -rf \\$HOME\"'", [
    `bash -c "cd / && eval \\"rm -rf \\\\$HOME\\""`,
    "bash -c>cd /",
    `bash -c>eval "rm -rf $HOME"`,
    "bash -c,eval>rm -rf $HOME",
  ]],
  ["xargs -0 -n1 sh -c 'rm \"$1\"' _", [
    `xargs>sh -c "rm \\"$1\\"" _`,
    "xargs,bash -c>rm $1",
  ]],
  ["find . -exec bash -c 'rm -rf \"$0\"' {} \\;", [
    `find . -exec bash -c "rm -rf \\"$0\\"" {} ;`,
    `find -exec>bash -c "rm -rf \\"$0\\"" {}`,
    "find -exec,bash -c>rm -rf $0",
  ]],
  ["echo $(echo $(rm -rf /))", [
    `echo "$(echo $(rm -rf /))"`,
    `$()>echo "$(rm -rf /)"`,
    "$(),$()>rm -rf /",
  ]],
  // empty things
  ["", []],
  ["   ", []],
  [";;", []],
  ["# just a comment", []],
];

Deno.test("parseShell finds every simple command", async (t) => {
  for (const [src, want] of CASES) {
    await t.step(JSON.stringify(src), () => {
      const r = parseShell(src);
      assert.deepEqual(r.commands.map(render), want);
    });
  }
});

Deno.test("parseShell: wrappers, path and assignments", () => {
  const [rm] = parseShell("sudo -u root /bin/rm -rf x").commands;
  assert.equal(rm.program, "rm");
  assert.equal(rm.path, "/bin/rm");
  assert.deepEqual(rm.wrappers, ["sudo"]);
  const [env] = parseShell("FOO=bar env -i -u X A=1 B='two words' nohup rm x").commands;
  assert.deepEqual(env.wrappers, ["env", "nohup"]);
  assert.deepEqual(env.assignments, { FOO: "bar", A: "1", B: "two words" });
  const [xs] = parseShell("ls | sudo xargs -I{} nice rm -rf {}").commands.slice(1);
  assert.deepEqual(xs.wrappers, ["sudo", "xargs", "nice"]);
  assert.equal(xs.argsFromStdin, true);
  assert.deepEqual(xs.via, ["pipe", "xargs"]);
  const [q] = parseShell(`"FOO"=1 x`).commands;
  assert.equal(q.program, "FOO=1");
  const [none] = parseShell("sudo").commands;
  assert.equal(none.program, "sudo");
  assert.deepEqual(none.wrappers, []);
});

const WRAPPED: [string, string, string[], Record<string, string>][] = [
  ["FOO=1 BAR=2 rm x", "rm", [], { FOO: "1", BAR: "2" }],
  ["env -i FOO=1 rm -rf /", "rm", ["env"], { FOO: "1" }],
  ["env - PATH=/bin rm x", "rm", ["env"], { PATH: "/bin" }],
  ["env -u HOME -C /tmp rm x", "rm", ["env"], {}],
  ["nohup rm -rf / &", "rm", ["nohup"], {}],
  ["timeout 10 rm -rf x", "rm", ["timeout"], {}],
  ["timeout --signal=KILL -k 5 10 rm x", "rm", ["timeout"], {}],
  ["sudo -E FOO=1 rm x", "rm", ["sudo"], { FOO: "1" }],
  ["sudo -u root -g wheel --chdir /tmp rm x", "rm", ["sudo"], {}],
  ["sudo --user=root rm x", "rm", ["sudo"], {}],
  ["nice -n 10 ionice -c3 stdbuf -oL time -p command rm x", "rm", [
    "nice",
    "ionice",
    "stdbuf",
    "time",
    "command",
  ], {}],
  ["exec -a name rm x", "rm", ["exec"], {}],
  ["builtin cd /", "cd", ["builtin"], {}],
  ["doas -u bob rm y", "rm", ["doas"], {}],
  ["chroot /mnt rm x", "rm", ["chroot"], {}],
  ["setsid -f rm x", "rm", ["setsid"], {}],
  ["pkexec --user root rm x", "rm", ["pkexec"], {}],
  ["strace -f -o log -e trace=file rm x", "rm", ["strace"], {}],
  ["sudo -l", "sudo", [], {}],
  ["sudo -e /etc/hosts", "sudo", [], {}],
  ["command -v rm", "command", [], {}],
  ["env", "env", [], {}],
  ["env FOO=1", "env", [], {}],
  ["xargs", "xargs", [], {}],
  ["timeout 10", "timeout", [], {}],
  ["ionice -p 1234", "ionice", [], {}],
];

Deno.test("parseShell: wrappers are stripped", async (t) => {
  for (const [src, program, wrappers, assignments] of WRAPPED) {
    await t.step(src, () => {
      const [cmd] = parseShell(src).commands;
      assert.equal(cmd.program, program);
      assert.deepEqual(cmd.wrappers, wrappers);
      assert.deepEqual(cmd.assignments, assignments);
    });
  }
});

Deno.test("parseShell: nested commands inherit the wrappers that run them", () => {
  const cmds = parseShell("sudo bash -c 'rm -rf /' && sudo find / -exec rm {} +").commands;
  const rms = cmds.filter((c) => c.program === "rm");
  assert.deepEqual(rms.map((c) => c.wrappers), [["sudo"], ["sudo"]]);
  const remote = parseShell("sudo ssh h 'rm x'").commands.find((c) => c.via.includes("ssh"));
  assert.deepEqual(remote?.wrappers, []);
  const sub = parseShell("sudo echo $(rm x)").commands.find((c) => c.program === "rm");
  assert.deepEqual(sub?.wrappers, []);
});

Deno.test("parseShell: redirects and stdin", () => {
  const [dd] = parseShell("echo x > /dev/sda 2>&1 >> log &> all < in").commands;
  assert.deepEqual(dd.redirects, [
    { op: ">", target: "/dev/sda" },
    { op: ">&", target: "1", fd: 2 },
    { op: ">>", target: "log" },
    { op: "&>", target: "all" },
    { op: "<", target: "in" },
  ]);
  const [cat] = parseShell("cat <<'EOF'\nline 1\nline 2\nEOF").commands;
  assert.equal(cat.stdin, "line 1\nline 2");
  assert.deepEqual(cat.redirects, [{ op: "<<", target: "EOF" }]);
  const [here] = parseShell('grep x <<< "$(cat f)"').commands;
  assert.equal(here.stdin, "$(cat f)");
  const [empty] = parseShell("> /dev/sda").commands;
  assert.equal(empty.program, "");
  assert.deepEqual(empty.redirects, [{ op: ">", target: "/dev/sda" }]);
  const after = parseShell("{ rm x; } > /dev/sda").commands;
  assert.deepEqual(after.map((c) => [c.program, c.redirects.length]), [["rm", 0], ["", 1]]);
});

Deno.test("parseShell: text is the source of each simple command", () => {
  const cmds = parseShell(`cd /tmp && sudo rm -rf "a b" | tee log; echo $(id -u)`).commands;
  assert.deepEqual(cmds.map((c) => c.text), [
    "cd /tmp",
    `sudo rm -rf "a b"`,
    "tee log",
    "echo $(id -u)",
    "id -u",
  ]);
  const nested = parseShell(`bash -c "ls; rm x"`).commands;
  assert.deepEqual(nested.map((c) => c.text), [`bash -c "ls; rm x"`, "ls", "rm x"]);
});

const BROKEN: [string, string[], RegExp][] = [
  [`rm -rf "/`, ["rm -rf /"], /unterminated double quote/],
  [`rm -rf '/etc`, ["rm -rf /etc"], /unterminated single quote/],
  ["(rm -rf /", ["subshell>rm -rf /"], /unclosed "\("/],
  ["rm -rf /)", ["rm -rf /"], /unmatched "\)"/],
  ["{ rm x", ["rm x"], /unclosed "\{"/],
  ["echo $(rm -rf /", [`echo "$(rm -rf /"`, "$()>rm -rf /"], /unterminated substitution/],
  [
    "bash -c 'rm -rf \"/'",
    [`bash -c "rm -rf \\"/"`, "bash -c>rm -rf /"],
    /unterminated double quote at 7 \(in bash -c\)/,
  ],
  [
    "cat <<EOF | sh\nrm -rf /",
    ["pipe>cat", "pipe>sh", "pipe,heredoc>rm -rf /"],
    /unterminated here-document/,
  ],
  ["rm >", ["rm"], /missing target after ">"/],
  ["case x in a) rm y", ["rm y"], /unclosed case/],
  ["echo (x)", ["echo", "subshell>x"], /unexpected "\("/],
];

Deno.test("parseShell: broken input is parsed as far as it goes, with errors", async (t) => {
  for (const [src, want, error] of BROKEN) {
    await t.step(JSON.stringify(src), () => {
      const r = parseShell(src);
      assert.deepEqual(r.commands.map(render), want);
      assert.match(r.errors.join("\n"), error);
    });
  }
});

Deno.test("parseShell: well-formed input reports no errors", () => {
  for (const [src] of CASES) assert.deepEqual(parseShell(src).errors, [], src);
});

Deno.test("parseShell: deeply nested bash -c stops at the depth limit", () => {
  let src = "rm -rf /";
  for (let i = 0; i < 14; i++) src = `bash -c ${JSON.stringify(src)}`;
  const r = parseShell(src);
  assert.equal(r.commands.length, DEFAULT_MAX_DEPTH + 1);
  assert.ok(r.commands.every((c) => c.program === "bash"));
  assert.match(r.errors.join("\n"), /nesting deeper than 8 levels/);
  let shallow = "rm -rf /";
  for (let i = 0; i < 7; i++) shallow = `bash -c ${JSON.stringify(shallow)}`;
  const ok = parseShell(shallow);
  assert.deepEqual(ok.errors, []);
  assert.equal(ok.commands.at(-1)?.program, "rm");
  assert.equal(ok.commands.at(-1)?.via.length, 7);
  assert.equal(parseShell(src, { maxDepth: 50 }).commands.at(-1)?.program, "rm");
});

Deno.test("parseShell: deep nesting of every kind neither throws nor overflows", () => {
  const n = 20_000;
  const inputs = [
    "$(".repeat(n) + "rm" + ")".repeat(n),
    "(".repeat(n) + "rm" + ")".repeat(n),
    "{ ".repeat(n) + "rm" + "; }".repeat(n),
    "eval ".repeat(n) + "rm",
    "sudo ".repeat(n) + "rm",
    "xargs ".repeat(n) + "rm",
    "find -exec ".repeat(n) + "rm",
    "`".repeat(n) + "rm",
    "a | ".repeat(n) + "b",
    "(a | ".repeat(n) + "b" + ")".repeat(n),
    "{ a | ".repeat(n) + "b" + "; }".repeat(n),
    "case x in a) ".repeat(n) + "rm",
    "if a; then ".repeat(n) + "rm",
  ];
  for (const src of inputs) {
    const r = parseShell(src);
    assert.ok(Array.isArray(r.commands), src.slice(0, 20));
  }
  assert.equal(parseShell("sudo ".repeat(n) + "rm").commands[0].program, "rm");
  const parens = parseShell("(".repeat(n) + "rm -rf /" + ")".repeat(n));
  assert.deepEqual(parens.commands.map((c) => [c.program, c.via.length]), [["rm", 31]]);
  assert.match(parens.errors.join(), /nested deeper than 32 levels/);
});

Deno.test("parseShell: the error list is capped", () => {
  const r = parseShell("cat <<EOF ".repeat(500));
  assert.equal(r.commands.length, 1);
  assert.equal(r.errors.length, 51);
  assert.match(r.errors[50], /and 450 more errors/);
});

Deno.test("parseShell: a 100 KB input parses quickly", () => {
  const line = `cd /srv/app && git status --short | grep -v '^??' ; rm -rf "build/$(date +%s)"\n`;
  const src = line.repeat(Math.ceil(100_000 / line.length));
  assert.ok(src.length >= 100_000);
  const t0 = performance.now();
  const r = parseShell(src);
  const ms = performance.now() - t0;
  assert.deepEqual(r.errors, []);
  assert.equal(r.commands.filter((c) => c.program === "rm").length, src.split("\n").length - 1);
  assert.ok(ms < 1000, `${ms} ms`);
  const junk = parseShell(`"'$(\`{`.repeat(20_000));
  assert.ok(junk.errors.length > 0);
});

Deno.test("parseShell: never throws on random input", () => {
  const alphabet = ` \t\n'"\\$\`(){}<>|&;#=-*~!abcdx0123`;
  const words = [
    "bash -c ",
    "eval ",
    "sudo ",
    "xargs ",
    "find -exec ",
    "<<EOF\n",
    "EOF\n",
    "case ",
    " in ",
    "esac",
    "for ",
    "do ",
    "done",
    "ssh h ",
    "(",
    ")",
    "$(",
    "`",
    "'",
    '"',
  ];
  let seed = 7;
  const next = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
  for (let n = 0; n < 3000; n++) {
    let src = "";
    const len = next() % 40;
    for (let i = 0; i < len; i++) {
      src += next() % 3 === 0 ? words[next() % words.length] : alphabet[next() % alphabet.length];
    }
    const r = parseShell(src);
    assert.ok(Array.isArray(r.commands) && Array.isArray(r.errors), src);
    for (const c of r.commands) assert.equal(typeof c.program, "string", src);
  }
  // deno-lint-ignore no-explicit-any
  assert.deepEqual(parseShell(undefined as any), { commands: [], errors: [] });
});

Deno.test("parseShell + flags: a rule-matcher style check", () => {
  const isRecursiveForce = (c: SimpleCommand): boolean =>
    c.program === "rm" && hasAnyFlag(c.args, ["-r", "-R", "--recursive"]) &&
    hasAnyFlag(c.args, ["-f", "--force"]);
  const hits = [
    "rm -rf /",
    "rm -fr ~",
    "rm -r -f /",
    "rm --recursive --force /",
    "sudo rm -rf --no-preserve-root /",
    "ls | xargs rm -rf",
    `bash -c "rm -rf ~/"`,
    `eval "rm -rf /"`,
    "echo $(rm -rf /)",
    "`rm -rf /`",
    "(cd / && rm -rf usr)",
    "cat <<EOF | bash\nrm -rf /\nEOF",
    "ssh host 'rm -rf /var/www'",
    "'rm' -Rf x",
    "\\rm -rf x",
  ];
  for (const src of hits) assert.ok(parseShell(src).commands.some(isRecursiveForce), src);
  const misses = ["ls # rm -rf /", `echo "rm -rf /"`, `grep -r "rm -rf" .`, "rm -r x", "rm -- -rf"];
  for (const src of misses) assert.ok(!parseShell(src).commands.some(isRecursiveForce), src);
  const push = parseShell("git push --force origin main && git push -f").commands;
  assert.ok(push.every((c) => c.program === "git" && hasAnyFlag(c.args, ["-f", "--force"])));
  assert.ok(!hasFlag(parseShell("git push --force-with-lease").commands[0].args, "--force"));
});
