import assert from "node:assert/strict";
import type { Ecosystem, PackageRef } from "./install_commands.ts";
import { POPULAR } from "./popular.ts";
import {
  comparableName,
  isPopular,
  oneEditApart,
  packageSignals,
  RULES,
  similarPopular,
} from "./signals.ts";

const NOW = Date.parse("2026-03-01T00:00:00Z");

function ref(ecosystem: Ecosystem, name: string): PackageRef {
  return { ecosystem, name, manager: "test", spec: name };
}

Deno.test("oneEditApart: Damerau–Levenshtein distance exactly 1", () => {
  const yes: Array<[string, string]> = [
    ["requests", "reqeusts"], // transposition
    ["requests", "requets"], // deletion
    ["requests", "rrequests"], // insertion at the start
    ["requests", "requestss"], // insertion at the end
    ["requests", "requestz"], // substitution at the end
    ["requests", "xequests"], // substitution at the start
    ["left-pad", "leftpad"],
    ["ab", "ba"],
    ["a", ""],
  ];
  const no: Array<[string, string]> = [
    ["requests", "requests"],
    ["requests", "reqeustz"],
    ["requests", "request-s-"],
    ["abc", "cba"],
    ["express", "exprezz"],
    ["ab", ""],
  ];
  for (const [a, b] of yes) {
    assert.ok(oneEditApart(a, b), `${a} ~ ${b}`);
    assert.ok(oneEditApart(b, a), `${b} ~ ${a}`);
  }
  for (const [a, b] of no) assert.ok(!oneEditApart(a, b), `${a} !~ ${b}`);
});

Deno.test("popular lists: a few hundred unique lower-case names each", () => {
  for (const [ecosystem, list] of Object.entries(POPULAR) as Array<[Ecosystem, string[]]>) {
    assert.ok(list.length >= 250 && list.length <= 600, `${ecosystem}: ${list.length}`);
    assert.equal(new Set(list).size, list.length, `${ecosystem} has duplicates`);
    const comparable = new Set(list.map((name) => comparableName(ecosystem, name)));
    assert.equal(comparable.size, list.length, `${ecosystem} has two spellings of one name`);
    for (const name of list) assert.equal(name, name.toLowerCase(), `${ecosystem}: ${name}`);
  }
  assert.ok(POPULAR.pypi?.includes("requests"));
  assert.ok(POPULAR.npm?.includes("express"));
  assert.ok(POPULAR.crates?.includes("serde"));
});

Deno.test("similarPopular: one edit from a popular name, unless popular itself", () => {
  assert.equal(similarPopular(ref("npm", "expresss")), "express");
  assert.equal(similarPopular(ref("npm", "lodahs")), "lodash");
  assert.equal(similarPopular(ref("npm", "@types/nodee")), "@types/node");
  assert.equal(similarPopular(ref("pypi", "reqeusts")), "requests");
  assert.equal(similarPopular(ref("pypi", "Beautifulsoup")), "beautifulsoup4");
  assert.equal(similarPopular(ref("crates", "serde_jsn")), "serde_json");
  assert.equal(similarPopular(ref("crates", "tokoi")), "tokio");
  // Popular names themselves, in any spelling PyPI or crates.io treats as the same.
  assert.equal(similarPopular(ref("npm", "react")), undefined);
  assert.equal(similarPopular(ref("pypi", "Python_Dateutil")), undefined);
  assert.equal(similarPopular(ref("crates", "serde-json")), undefined);
  assert.ok(isPopular(ref("pypi", "PyYAML")));
  // Short popular names are not compared: `mz` is one edit from `ms` but says nothing.
  assert.equal(similarPopular(ref("npm", "mz")), undefined);
  // Far from everything.
  assert.equal(similarPopular(ref("npm", "my-unusual-helper")), undefined);
  // No list for JSR.
  assert.equal(similarPopular(ref("jsr", "@std/pat")), undefined);
});

Deno.test("packageSignals: a missing package is denied, with a did-you-mean", () => {
  const [finding, ...rest] = packageSignals(
    ref("pypi", "reqeusts"),
    { status: "missing", reason: "pypi.org answered 404" },
    { host: "pypi.org", now: NOW },
  );
  assert.equal(rest.length, 0);
  assert.equal(finding.rule, RULES.missing);
  assert.equal(finding.category, "hallucinated_package");
  assert.equal(finding.action, "deny");
  assert.match(
    finding.message,
    /"reqeusts".*does not exist on pypi\.org \(pypi\.org answered 404\)/,
  );
  assert.match(finding.suggestion ?? "", /^Did you mean "requests"\?/);
});

Deno.test("packageSignals: a missing scoped npm package only warns (it may be private)", () => {
  const [finding] = packageSignals(
    ref("npm", "@acme/internal-ui"),
    { status: "missing", reason: "404" },
    { host: "registry.npmjs.org", now: NOW },
  );
  assert.equal(finding.action, "warn");
  assert.match(finding.message, /private registry/);
  assert.doesNotMatch(finding.suggestion ?? "", /Did you mean/);
});

Deno.test("packageSignals: a new package asks, and says when it is also a lookalike", () => {
  const created = new Date(NOW - 3 * 86_400_000).toISOString();
  const [plain] = packageSignals(
    ref("npm", "fresh-helper"),
    { status: "exists", createdAt: created, versions: 1 },
    { host: "registry.npmjs.org", now: NOW },
  );
  assert.equal(plain.rule, RULES.new);
  assert.equal(plain.action, "ask");
  assert.match(plain.message, /first published 3 days ago .* and has 1 version\./);
  assert.match(plain.suggestion ?? "", /https:\/\/www\.npmjs\.com\/package\/fresh-helper/);

  const [lookalike, ...rest] = packageSignals(
    ref("pypi", "reqeusts"),
    { status: "exists", createdAt: created },
    { host: "pypi.org", now: NOW },
  );
  assert.equal(rest.length, 0);
  assert.equal(lookalike.rule, RULES.new);
  assert.match(lookalike.message, /one edit away from the popular package "requests"/);
  assert.match(lookalike.suggestion ?? "", /If you meant "requests"/);
  assert.ok((lookalike.confidence ?? 0) > (plain.confidence ?? 0));
});

Deno.test("packageSignals: the age threshold is an option", () => {
  const created = new Date(NOW - 45 * 86_400_000).toISOString();
  const answer = { status: "exists" as const, createdAt: created };
  const options = { host: "crates.io", now: NOW };
  assert.deepEqual(packageSignals(ref("crates", "quiet-crate"), answer, options), []);
  const strict = packageSignals(ref("crates", "quiet-crate"), answer, {
    ...options,
    minAgeDays: 60,
  });
  assert.equal(strict[0].rule, RULES.new);
  assert.match(strict[0].message, /45 days ago/);
});

Deno.test("packageSignals: an old lookalike warns softly; an old ordinary package is quiet", () => {
  const old = { status: "exists" as const, createdAt: "2019-05-01T00:00:00.000Z", versions: 3 };
  const [similar] = packageSignals(ref("npm", "expresss"), old, {
    host: "registry.npmjs.org",
    now: NOW,
  });
  assert.equal(similar.rule, RULES.similar);
  assert.equal(similar.action, "warn");
  assert.equal(similar.severity, "low");
  assert.deepEqual(
    packageSignals(ref("npm", "my-unusual-helper"), old, { host: "x", now: NOW }),
    [],
  );
  // No creation time: nothing to say about age.
  assert.deepEqual(
    packageSignals(ref("npm", "my-unusual-helper"), { status: "exists" }, { host: "x", now: NOW }),
    [],
  );
});

Deno.test("packageSignals: an unknown answer is never a finding", () => {
  assert.deepEqual(
    packageSignals(ref("pypi", "reqeusts"), { status: "unknown", reason: "offline" }, {
      host: "pypi.org",
      now: NOW,
    }),
    [],
  );
});
