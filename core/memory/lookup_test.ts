import assert from "node:assert/strict";
import { openStore } from "../store.ts";
import { learnFailure } from "./learn.ts";
import { decayFactor, findSimilar, halfLifeDays } from "./lookup.ts";
import { emptyModel, step } from "./model.ts";

const NOW = new Date("2025-06-01T00:00:00.000Z");

Deno.test("findSimilar finds a paraphrase and ignores unrelated text", async () => {
  using store = await openStore({ path: ":memory:" });
  await learnFailure(store, {
    category: "hallucinated_package",
    text: "pip install fastjsonschema-validator==2.1 --user",
    description: "No matching distribution found",
    scope: "global",
    at: NOW,
  });
  await learnFailure(store, {
    category: "destructive_command",
    text: "git push --force origin main",
    scope: "global",
    at: NOW,
  });
  const model = emptyModel();
  const [match, ...rest] = await findSimilar(
    store,
    "pip install --user fastjsonschema-validator==3.0",
    { now: NOW, model },
  );
  assert.equal(rest.length, 0);
  assert.equal(match.pattern.category, "hallucinated_package");
  assert.equal(match.similarity, 1);
  assert.equal(match.probability, 0.5);
  assert.equal(match.score, 1);
  for (const unrelated of ["list the files in the repo", "npm test", "write a README for it"]) {
    assert.deepEqual(await findSimilar(store, unrelated, { now: NOW, model }), [], unrelated);
  }
});

Deno.test("findSimilar: stale patterns fade with the half-life", async () => {
  using store = await openStore({ path: ":memory:" });
  await learnFailure(store, {
    category: "other",
    text: "terraform apply -auto-approve",
    scope: "global",
    at: "2025-04-02T00:00:00.000Z", // 60 days before NOW
  });
  const model = emptyModel();
  const [fresh] = await findSimilar(store, "terraform apply -auto-approve", {
    now: NOW,
    model,
    halfLifeDays: 600,
  });
  assert.ok(fresh.score > 0.9);
  const [aged] = await findSimilar(store, "terraform apply -auto-approve", {
    now: NOW,
    model,
    minScore: 0,
  });
  assert.equal(aged.decay, 0.25);
  assert.equal(aged.score, 0.25);
  assert.deepEqual(
    await findSimilar(store, "terraform apply -auto-approve", { now: NOW, model }),
    [],
  );
  assert.equal(decayFactor("2025-06-02T00:00:00.000Z", NOW, 30), 1, "the future does not boost");
  assert.equal(halfLifeDays("0"), 30);
  assert.equal(halfLifeDays("abc"), 30);
  assert.equal(halfLifeDays("2.5"), 2.5);
});

Deno.test("findSimilar: project patterns stay in their workspace", async () => {
  using store = await openStore({ path: ":memory:" });
  await learnFailure(store, {
    category: "other",
    text: "make deploy-staging",
    cwd: "/repo/a",
    at: NOW,
  });
  const model = emptyModel();
  const found = (cwd?: string) =>
    findSimilar(store, "make deploy-staging", { now: NOW, model, cwd });
  assert.equal((await found("/repo/a")).length, 1);
  assert.equal((await found("/repo/a/sub")).length, 1);
  assert.equal((await found(undefined)).length, 1);
  assert.equal((await found("/repo/ab")).length, 0);
  assert.equal((await found("/repo/b")).length, 0);
});

Deno.test("findSimilar: the learned model shifts the score", async () => {
  using store = await openStore({ path: ":memory:" });
  const text = "docker compose up --build worker";
  await learnFailure(store, {
    category: "other",
    text: "docker compose up --build",
    scope: "global",
    at: NOW,
  });
  let success = emptyModel();
  for (let i = 0; i < 30; i++) success = step(success, ["docker", "compos", "build", "worker"], 0);
  let failure = emptyModel();
  for (let i = 0; i < 30; i++) failure = step(failure, ["docker", "compos", "build", "worker"], 1);
  const neutral = await findSimilar(store, text, { now: NOW, model: emptyModel(), minScore: 0 });
  const low = await findSimilar(store, text, { now: NOW, model: success, minScore: 0 });
  const high = await findSimilar(store, text, { now: NOW, model: failure, minScore: 0 });
  assert.ok(low[0].score < neutral[0].score && neutral[0].score < high[0].score);
  assert.ok(low[0].probability < 0.2 && high[0].probability > 0.8);
});
