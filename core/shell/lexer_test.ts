import assert from "node:assert/strict";
import { LEX_NEST_LIMIT, type Token, tokenize, tokenText } from "./lexer.ts";
import { decodeAnsiC, skipArithmetic, skipBalanced, unescapeBackticks } from "./quoting.ts";

/** A compact rendering: words as their values, operators in angle brackets. */
function render(tokens: readonly Token[]): string[] {
  return tokens.map((t) => {
    switch (t.kind) {
      case "word":
        return t.value;
      case "op":
        return t.value === "\n" ? "<NL>" : `<${t.value}>`;
      case "redir":
        return `<${t.fd ?? ""}${t.op}>`;
      case "heredoc":
        return `<${t.fd ?? ""}${t.op}${t.delimiter}:${JSON.stringify(t.body)}>`;
    }
  });
}

const WORDS: [string, string[]][] = [
  ["", []],
  ["   \t ", []],
  ["rm -rf /", ["rm", "-rf", "/"]],
  [`rm -rf "/my dir"`, ["rm", "-rf", "/my dir"]],
  [`'rm' -rf x`, ["rm", "-rf", "x"]],
  [`r'm' "-"rf x`, ["rm", "-rf", "x"]],
  ["rm\\ -rf", ["rm -rf"]],
  ["\\rm -rf", ["rm", "-rf"]],
  ["r\\m", ["rm"]],
  [`echo "a\\"b\\$c\\\\d\\e"`, ["echo", 'a"b$c\\d\\e']],
  [`echo 'a\\b' "it's"`, ["echo", "a\\b", "it's"]],
  [`echo "$HOME" \${USER} $X`, ["echo", "$HOME", "${USER}", "$X"]],
  [`echo "\${x:-a b}"`, ["echo", "${x:-a b}"]],
  ["echo $((1 + (2 * 3)))", ["echo", "$((1 + (2 * 3)))"]],
  [`echo $'a\\tb\\n\\x41\\101\\u00e9\\'q'`, ["echo", "a\tb\nAAé'q"]],
  [`echo $"hello $X"`, ["echo", "hello $X"]],
  ["echo a#b # comment", ["echo", "a#b"]],
  ["# only a comment", []],
  ["echo a \\\n  b", ["echo", "a", "b"]],
  ['echo "a\\\nb"', ["echo", "ab"]],
  ["echo {a,b} { }", ["echo", "{a,b}", "{", "}"]],
  ["x=1 y='a b' cmd", ["x=1", "y=a b", "cmd"]],
  ["echo é ü 日本", ["echo", "é", "ü", "日本"]],
  ["a\r\nb", ["a", "<NL>", "b"]],
];

Deno.test("lexer: words, quotes and escapes", async (t) => {
  for (const [src, want] of WORDS) {
    await t.step(JSON.stringify(src), () => {
      const r = tokenize(src);
      assert.deepEqual(render(r.tokens), want);
      assert.deepEqual(r.errors, []);
    });
  }
});

const OPERATORS: [string, string[]][] = [
  ["a | b", ["a", "<|>", "b"]],
  ["a |& b", ["a", "<|&>", "b"]],
  ["a && b || c", ["a", "<&&>", "b", "<||>", "c"]],
  ["a; b & c", ["a", "<;>", "b", "<&>", "c"]],
  ["a&&b||c|d", ["a", "<&&>", "b", "<||>", "c", "<|>", "d"]],
  ["(a) { b; }", ["<(>", "a", "<)>", "{", "b", "<;>", "}"]],
  ["a\nb", ["a", "<NL>", "b"]],
  ["a;; b;& c;;& d", ["a", "<;;>", "b", "<;&>", "c", "<;;&>", "d"]],
  ["echo x > /dev/sda", ["echo", "x", "<>>", "/dev/sda"]],
  ["a >> f < g >| h <> i", ["a", "<>>>", "f", "<<>", "g", "<>|>", "h", "<<>>", "i"]],
  ["a 2> e 2>&1 &> f &>> g", ["a", "<2>>", "e", "<2>&>", "1", "<&>>", "f", "<&>>>", "g"]],
  ["a >&2 <&0 10>x", ["a", "<>&>", "2", "<<&>", "0", "<10>>", "x"]],
  ["a>b", ["a", "<>>", "b"]],
  ["a 2x>f", ["a", "2x", "<>>", "f"]],
  ["cat <<< 'rm -rf /'", ["cat", "<<<<>", "rm -rf /"]],
  ["echo 1>&2", ["echo", "<1>&>", "2"]],
];

Deno.test("lexer: operators and redirections", async (t) => {
  for (const [src, want] of OPERATORS) {
    await t.step(JSON.stringify(src), () => {
      const r = tokenize(src);
      assert.deepEqual(render(r.tokens), want);
      assert.deepEqual(r.errors, []);
    });
  }
});

const HEREDOCS: [string, string[]][] = [
  ["cat <<EOF\nhello\nworld\nEOF", ["cat", '<<<EOF:"hello\\nworld">', "<NL>"]],
  ["cat <<'EOF' | bash\nrm -rf /\nEOF\necho done", [
    "cat",
    '<<<EOF:"rm -rf /">',
    "<|>",
    "bash",
    "<NL>",
    "echo",
    "done",
  ]],
  ["cat <<-EOF\n\t\tindented\n\tEOF\n", ["cat", '<<<-EOF:"indented">', "<NL>"]],
  ['cat << "END"\n$HOME\nEND', ["cat", '<<<END:"$HOME">', "<NL>"]],
  ["cat <<A <<B\na\nA\nb\nB\nx", ["cat", '<<<A:"a">', '<<<B:"b">', "<NL>", "x"]],
  ["cat 0<<EOF\nx\nEOF", ["cat", '<0<<EOF:"x">', "<NL>"]],
  ["cat <<EOF\r\nwin\r\nEOF\r\n", ["cat", '<<<EOF:"win\\r">', "<NL>"]],
];

Deno.test("lexer: here-documents", async (t) => {
  for (const [src, want] of HEREDOCS) {
    await t.step(JSON.stringify(src), () => {
      const r = tokenize(src);
      assert.deepEqual(render(r.tokens), want);
      assert.deepEqual(r.errors, []);
    });
  }
});

Deno.test("lexer: an unquoted here-document body has its substitutions captured", () => {
  const r = tokenize("cat <<EOF\n$(rm -rf /) `id`\nEOF");
  const doc = r.tokens[1];
  assert.equal(doc.kind, "heredoc");
  if (doc.kind !== "heredoc") return;
  assert.deepEqual(doc.subs.map((s) => s.source), ["rm -rf /", "id"]);
  const quoted = tokenize("cat <<'EOF'\n$(rm -rf /)\nEOF").tokens[1];
  assert.ok(quoted.kind === "heredoc" && quoted.subs.length === 0);
});

Deno.test("lexer: substitutions are captured as nested, lexed sources", () => {
  const src = `echo $(rm -rf /) "x$(id -u)y" \`whoami\` <(ls a) >(tee b)`;
  const r = tokenize(src);
  assert.deepEqual(r.errors, []);
  const words = r.tokens.filter((t) => t.kind === "word");
  assert.deepEqual(words.map((w) => w.value), [
    "echo",
    "$(rm -rf /)",
    "x$(id -u)y",
    "`whoami`",
    "<(ls a)",
    ">(tee b)",
  ]);
  const subs = words.flatMap((w) => w.subs);
  assert.deepEqual(subs.map((s) => [s.kind, s.source]), [
    ["$()", "rm -rf /"],
    ["$()", "id -u"],
    ["``", "whoami"],
    ["<()", "ls a"],
    [">()", "tee b"],
  ]);
  assert.deepEqual(render(subs[0].tokens), ["rm", "-rf", "/"]);
  const rm = subs[0].tokens[0];
  assert.equal(tokenText(subs[0].source, subs[0].origin, rm), "rm");
});

Deno.test("lexer: nested substitutions keep quotes, parens and here-docs inside", () => {
  const src = `a "$(echo ")" ; (cd x && ls) ; cat <<'E'\nit's )\nE\n)" b`;
  const r = tokenize(src);
  assert.deepEqual(r.errors, []);
  const words = r.tokens.filter((t) => t.kind === "word");
  assert.equal(words.length, 3);
  assert.equal(words[2].value, "b");
  const inner = words[1].subs[0];
  assert.deepEqual(render(inner.tokens), [
    "echo",
    ")",
    "<;>",
    "<(>",
    "cd",
    "x",
    "<&&>",
    "ls",
    "<)>",
    "<;>",
    "cat",
    `<<<E:"it's )">`,
    "<NL>",
  ]);
});

Deno.test("lexer: backticks unescape their inner source", () => {
  const r = tokenize("echo `echo \\`date\\` \\$HOME`");
  const sub = r.tokens[1].kind === "word" ? r.tokens[1].subs[0] : undefined;
  assert.equal(sub?.source, "echo `date` $HOME");
  assert.deepEqual(render(sub?.tokens ?? []), ["echo", "`date`", "$HOME"]);
});

Deno.test("lexer: the unquoted prefix of a word is recorded for assignments", () => {
  const [a, b, c] = tokenize(`FOO=bar "X"=1 Y="a b"`).tokens;
  assert.ok(a.kind === "word" && !a.quoted && a.literal === 7);
  assert.ok(b.kind === "word" && b.quoted && b.literal === 0);
  assert.ok(c.kind === "word" && c.quoted && c.literal === 2);
});

const BROKEN: [string, string[], RegExp][] = [
  [`rm -rf "/`, ["rm", "-rf", "/"], /unterminated double quote/],
  [`rm -rf '/x`, ["rm", "-rf", "/x"], /unterminated single quote/],
  ["echo $(rm -rf /", ["echo", "$(rm -rf /"], /unterminated substitution/],
  ["echo `rm", ["echo", "`rm"], /unterminated backtick/],
  ["echo ${x", ["echo", "${x"], /unterminated \$\{/],
  ["echo $'abc", ["echo", "abc"], /unterminated \$'/],
  ["cat <<EOF\nbody", ["cat", '<<<EOF:"body">', "<NL>"], /unterminated here-document/],
  ["cat <<EOF", ["cat", '<<<EOF:"">'], /has no body/],
  ["cat <<", ["cat", '<<<:"">'], /without a delimiter/],
  ["echo \\", ["echo", "\\"], /^$/],
];

Deno.test("lexer: broken input is lexed as far as it goes, with errors", async (t) => {
  for (const [src, want, error] of BROKEN) {
    await t.step(JSON.stringify(src), () => {
      const r = tokenize(src);
      assert.deepEqual(render(r.tokens), want);
      if (error.source === "^$") assert.deepEqual(r.errors, []);
      else assert.match(r.errors.join("\n"), error);
    });
  }
});

Deno.test("lexer: very deep substitutions do not overflow the stack", () => {
  const depth = 20_000;
  const src = "echo " + "$(".repeat(depth) + "x" + ")".repeat(depth);
  const r = tokenize(src);
  assert.equal(r.tokens.length, 2);
  let sub = r.tokens[1].kind === "word" ? r.tokens[1].subs[0] : undefined;
  let levels = 0;
  while (sub !== undefined) {
    levels++;
    const w = sub.tokens[0];
    sub = w?.kind === "word" ? w.subs[0] : undefined;
  }
  assert.equal(levels, LEX_NEST_LIMIT + 1); // the last one skipped over, not lexed
  const backticks = tokenize("a `b \\`c\\``".repeat(1000));
  assert.ok(backticks.tokens.length > 0);
});

Deno.test("lexer: never throws on random input", () => {
  const alphabet = ` \t\n'"\\$\`(){}<>|&;#=-*~!abc0123`;
  let seed = 42;
  const next = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
  for (let n = 0; n < 2000; n++) {
    let src = "";
    const len = next() % 60;
    for (let i = 0; i < len; i++) src += alphabet[next() % alphabet.length];
    const r = tokenize(src);
    assert.ok(Array.isArray(r.tokens) && Array.isArray(r.errors), src);
  }
});

Deno.test("quoting helpers", () => {
  assert.deepEqual(decodeAnsiC("\\e[0m\\cA\\z'", 0), {
    value: "\x1b[0m\x01\\z",
    end: 11,
    closed: true,
  });
  assert.deepEqual(decodeAnsiC("abc", 0), { value: "abc", end: 3, closed: false });
  assert.equal(decodeAnsiC("\\x'", 0).value, "\\x");
  assert.equal(unescapeBackticks("a \\`b\\` \\$c \\\\d \\e"), "a `b` $c \\d \\e");
  assert.equal(skipBalanced("a (b) ')' \")\" c) d", 0), 15);
  assert.equal(skipBalanced("abc", 0), 3);
  assert.equal(skipArithmetic("((1+(2)))x", 0), 9);
  assert.equal(skipArithmetic("((1", 0), 3);
});
