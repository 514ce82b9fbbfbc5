// Broken packs must fail at load with file, line, column, rule id and what was expected.

import assert from "node:assert/strict";
import { readPackDocument } from "./document.ts";
import { RulePackError } from "./pack_error.ts";

const HEAD = "id: team\nversion: 1.0.0\ndescription: Team rules\nrules:\n";

function rule(body: string): string {
  return HEAD + body;
}

const GOOD = `  - id: team.rm
    category: destructive_command
    severity: high
    match:
      regex: 'rm\\s+-rf'
    message: deletes
`;

const cases: {
  name: string;
  text: string;
  line: number;
  column: number;
  rule?: string;
  problem: RegExp;
}[] = [
  {
    name: "bad severity",
    text: rule(GOOD.replace("severity: high", "severity: huge")),
    line: 7,
    column: 15,
    rule: "team.rm",
    problem: /"severity" must be one of low, medium, high, critical, got "huge"/,
  },
  {
    name: "unknown category",
    text: rule(GOOD.replace("destructive_command", "deletion")),
    line: 6,
    column: 15,
    rule: "team.rm",
    problem: /"category" must be one of destructive_command, secrets_leakage/,
  },
  {
    name: "unknown matcher key",
    text: rule(GOOD.replace("regex:", "regexp:")),
    line: 9,
    column: 7,
    rule: "team.rm",
    problem: /unknown key "regexp"; expected one of all, any, not, field, regex/,
  },
  {
    name: "missing message",
    text: rule(GOOD.replace("    message: deletes\n", "")),
    line: 5,
    column: 5,
    rule: "team.rm",
    problem: /"message" is required/,
  },
  {
    name: "regex that does not compile",
    text: rule(GOOD.replace("'rm\\s+-rf'", "'rm(-rf'")),
    line: 9,
    column: 14,
    rule: "team.rm",
    problem: /the regex does not compile: Invalid regular expression/,
  },
  {
    name: "case-insensitive inline group",
    text: rule(GOOD.replace("'rm\\s+-rf'", "'(?i:rm)\\s+-rf'")),
    line: 9,
    column: 14,
    rule: "team.rm",
    problem: /inline flag groups such as \(\?i:\.\.\.\) are not supported; use flags: i/,
  },
  {
    name: "two matchers in one node",
    text: rule(GOOD.replace("      regex: 'rm\\s+-rf'", "      regex: x\n      contains: y")),
    line: 9,
    column: 7,
    rule: "team.rm",
    problem: /a match takes one matcher, found regex and contains; wrap them in all: or any:/,
  },
  {
    name: "unknown field",
    text: rule(GOOD.replace("      regex:", "      field: tool_inptu.command\n      regex:")),
    line: 9,
    column: 14,
    rule: "team.rm",
    problem: /unknown field "tool_inptu.command"/,
  },
  {
    name: "unknown place",
    text: rule(GOOD.replace("      regex: 'rm\\s+-rf'", "      path:\n        in: [heaven]")),
    line: 10,
    column: 14,
    rule: "team.rm",
    problem: /an item of "in" must be one of root, home, .*, got "heaven"/,
  },
  {
    name: "bad flag spelling",
    text: rule(
      GOOD.replace(
        "      regex: 'rm\\s+-rf'",
        "      command:\n        program: rm\n        flags:\n          all: ['r|-R']",
      ),
    ),
    line: 12,
    column: 17,
    rule: "team.rm",
    problem: /"r" is not a flag spelling like -r or --recursive/,
  },
  {
    name: "duplicate rule id",
    text: rule(GOOD + GOOD),
    line: 11,
    column: 9,
    rule: "team.rm",
    problem: /duplicate rule id; it is already used at rule 1/,
  },
  {
    name: "YAML syntax error",
    text: rule(GOOD.replace("    severity: high", "   severity: [high")),
    line: 7,
    column: 1,
    problem: /^YAML: /,
  },
  {
    name: "bad version",
    text: HEAD.replace("1.0.0", "one") + GOOD,
    line: 2,
    column: 10,
    problem: /"version" must match/,
  },
  {
    name: "not a mapping",
    text: "- just\n- a list\n",
    line: 1,
    column: 1,
    problem: /a pack is a mapping/,
  },
];

for (const c of cases) {
  Deno.test(`a pack with a ${c.name} names where and what`, () => {
    assert.throws(() => readPackDocument(c.text, "team.yaml"), (error: unknown) => {
      assert.ok(error instanceof RulePackError, String(error));
      assert.equal(error.code, "RULE_PACK_INVALID");
      assert.match(error.problem, c.problem);
      assert.equal(error.location.file, "team.yaml");
      assert.equal(error.location.rule, c.rule);
      assert.deepEqual(
        [error.location.line, error.location.column],
        [c.line, c.column],
        error.message,
      );
      assert.match(error.message, /^Cannot load rule pack "team\.yaml": line \d+, column \d+/);
      return true;
    });
  });
}

Deno.test("a valid pack reads into a document with rule and test positions", () => {
  const text = rule(GOOD + "    tests:\n      fire: ['rm -rf x']\n      pass: ['ls']\n");
  const document = readPackDocument(text, "team.yaml");
  assert.equal(document.pack.rules[0].id, "team.rm");
  assert.deepEqual(document.rules[0].at, { line: 5, column: 5 });
  assert.equal(document.rules[0].fire[0].line, 12);
  assert.equal(document.rules[0].pass[0].line, 13);
});
