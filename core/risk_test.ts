import assert from "node:assert/strict";
import { actionOf, stricter, verdictOf } from "./risk.ts";
import type { Finding } from "./verdict.ts";

const finding = (over: Partial<Finding>): Finding => ({
  rule: "r",
  category: "other",
  severity: "low",
  message: "m",
  ...over,
});

Deno.test("no findings: allow, zero risk", () => {
  assert.deepEqual(verdictOf([]), { decision: "allow", risk: 0, findings: [], suggestions: [] });
});

Deno.test("the strictest action wins and findings are sorted strictest first", () => {
  const verdict = verdictOf([
    finding({ rule: "a", severity: "low" }),
    finding({ rule: "b", severity: "high", action: "deny" }),
    finding({ rule: "c", severity: "medium", action: "ask" }),
  ]);
  assert.equal(verdict.decision, "deny");
  assert.deepEqual(verdict.findings.map((f) => f.rule), ["b", "c", "a"]);
});

Deno.test("severity decides when a finding names no action", () => {
  assert.equal(actionOf(finding({ severity: "low" })), "warn");
  assert.equal(actionOf(finding({ severity: "high" })), "ask");
  assert.equal(actionOf(finding({ severity: "critical" })), "deny");
  assert.equal(actionOf(finding({ severity: "critical", action: "warn" })), "warn");
});

Deno.test("risk combines severities and confidence without passing 1", () => {
  const one = verdictOf([finding({ severity: "critical" })]).risk;
  const two =
    verdictOf([finding({ severity: "critical" }), finding({ severity: "critical" })]).risk;
  const unsure = verdictOf([finding({ severity: "critical", confidence: 0.5 })]).risk;
  assert.equal(one, 0.9);
  assert.equal(two, 0.99);
  assert.equal(unsure, 0.45);
  const many = verdictOf(Array.from({ length: 50 }, () => finding({ severity: "critical" })));
  assert.ok(many.risk <= 1);
});

Deno.test("suggestions are distinct, in finding order", () => {
  const verdict = verdictOf([
    finding({ suggestion: "use git stash", action: "deny" }),
    finding({ suggestion: "use git stash", action: "warn" }),
    finding({ suggestion: "run the tests", action: "ask" }),
  ]);
  assert.deepEqual(verdict.suggestions, ["use git stash", "run the tests"]);
});

Deno.test("stricter orders allow < warn < ask < deny < block", () => {
  assert.equal(stricter("allow", "warn"), "warn");
  assert.equal(stricter("deny", "ask"), "deny");
  assert.equal(stricter("block", "deny"), "block");
});
