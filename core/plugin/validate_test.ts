import assert from "node:assert/strict";
import { TaskorchError } from "../errors.ts";
import { validateGradeResult, validateGuardResult, validateMeta } from "./validate.ts";

const META = { name: "g", version: "1.0.0", description: "d", kind: "guard", permissions: {} };

function invalid(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof TaskorchError);
    assert.equal(error.code, "PLUGIN_INVALID");
    assert.match(error.message, pattern);
    return true;
  });
}

Deno.test("validateMeta: names the field and what it found", () => {
  assert.deepEqual(validateMeta({ ...META, permissions: undefined }), META);
  assert.equal(validateMeta({ ...META, name: "@scope/g-1.x" }).name, "@scope/g-1.x");
  invalid(() => validateMeta({ ...META, name: "Bad Name" }), /meta\.name/);
  invalid(() => validateMeta({ ...META, version: "1.0" }), /meta\.version of "g".*"1\.0"/);
  invalid(() => validateMeta({ ...META, description: " " }), /meta\.description/);
  invalid(() => validateMeta({ ...META, kind: "judge" }), /meta\.kind/);
  invalid(() => validateMeta(META, "grader"), /expected grader, got guard/);
  invalid(
    () => validateMeta({ ...META, permissions: { run: ["sh"] } }),
    /unknown permission "run"/,
  );
  invalid(() => validateMeta({ ...META, permissions: { net: "a.com" } }), /net: expected a list/);
  invalid(() => validateMeta({ ...META, permissions: { net: ["a.com,b.com"] } }), /net\[0\]/);
  invalid(() => validateMeta({ ...META, permissions: { net: ["http://a"] } }), /not a host/);
  invalid(() => validateMeta({ ...META, permissions: { env: ["A-B"] } }), /not an environment/);
});

Deno.test("validateGuardResult: findings and the unknown verdict", () => {
  const finding = { rule: "r", category: "hallucinated_package", severity: "high", message: "m" };
  assert.deepEqual(validateGuardResult({ findings: [finding], extra: 1 }, "g"), {
    findings: [finding],
  });
  assert.deepEqual(validateGuardResult({ findings: [], verdict: "unknown" }, "g"), {
    findings: [],
    verdict: "unknown",
  });
  invalid(() => validateGuardResult([], "g"), /result of g: expected an object, got array/);
  invalid(
    () => validateGuardResult({ findings: [{ ...finding, severity: "huge" }] }, "g"),
    /severity/,
  );
  invalid(
    () => validateGuardResult({ findings: [{ ...finding, confidence: 2 }] }, "g"),
    /confidence/,
  );
  invalid(() => validateGuardResult({ findings: [{ ...finding, action: "nuke" }] }, "g"), /action/);
  invalid(() => validateGuardResult({ findings: [], verdict: "deny" }, "g"), /verdict/);
});

Deno.test("validateGradeResult: pass, score in 0..1, reason", () => {
  assert.deepEqual(validateGradeResult({ pass: true, score: 0.5, reason: "r", cost: 0 }, "x"), {
    pass: true,
    score: 0.5,
    reason: "r",
    cost: 0,
  });
  invalid(() => validateGradeResult({ pass: true, score: 2, reason: "r" }, "x"), /score/);
});
