import assert from "node:assert/strict";
import { addBuckets, mayShareBucket, PRESENCE_BITS, presencePositions } from "./presence.ts";

const bucketsOf = (seed: number) =>
  Array.from({ length: 20 }, (_, band) => ((seed * 7919 + band * 104729) >>> 0).toString(16));

Deno.test("presence: a new marker is a complete filter; added buckets are found, others not", async () => {
  const dir = await Deno.makeTempDir();
  const marker = `${dir}/taskorch.kv.memory`;
  try {
    assert.equal(mayShareBucket(marker, bucketsOf(1)), false, "no marker: no pattern");
    await addBuckets(marker, bucketsOf(1));
    assert.equal((await Deno.stat(marker)).size, 8 + PRESENCE_BITS / 8);
    assert.equal(mayShareBucket(marker, bucketsOf(1)), true);
    // One shared bucket in its own band is enough.
    const one = bucketsOf(2);
    one[7] = bucketsOf(1)[7];
    assert.equal(mayShareBucket(marker, one), true);
    // Unrelated bucket sets almost never collide (2 bits per bucket in 4 Mi bits).
    let collisions = 0;
    for (let seed = 100; seed < 1100; seed++) {
      if (mayShareBucket(marker, bucketsOf(seed))) collisions++;
    }
    assert.ok(collisions <= 2, `${collisions} false positives in 1000`);
    assert.deepEqual(presencePositions(["ab"]), presencePositions(["ab"]), "deterministic");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("presence: an older empty marker stays empty and means: always consult", async () => {
  const dir = await Deno.makeTempDir();
  const marker = `${dir}/taskorch.kv.memory`;
  try {
    await Deno.writeTextFile(marker, "");
    await addBuckets(marker, bucketsOf(1));
    assert.equal((await Deno.stat(marker)).size, 0);
    assert.equal(mayShareBucket(marker, bucketsOf(3)), true);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("presence: several processes adding at once lose no bucket", async () => {
  const dir = await Deno.makeTempDir();
  const marker = `${dir}/taskorch.kv.memory`;
  const module = new URL("./presence.ts", import.meta.url).href;
  const script = `
    import { addBuckets } from ${JSON.stringify(module)};
    const [marker, first] = Deno.args;
    const bucketsOf = ${bucketsOf.toString()};
    for (let seed = Number(first); seed < Number(first) + 25; seed++) {
      await addBuckets(marker, bucketsOf(seed));
    }
  `;
  try {
    const runs = [0, 25, 50, 75].map((first) =>
      new Deno.Command(Deno.execPath(), {
        args: ["eval", "--ext=ts", script, marker, String(first)],
        stdout: "piped",
        stderr: "piped",
      }).output()
    );
    for (const out of await Promise.all(runs)) {
      assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    }
    for (let seed = 0; seed < 100; seed++) {
      // Every bucket of every set is there: check each band alone.
      const mine = bucketsOf(seed);
      for (let band = 0; band < 20; band++) {
        const probe = bucketsOf(100_000 + seed).map((b, i) => i === band ? mine[band] : b);
        assert.ok(mayShareBucket(marker, probe), `seed ${seed} band ${band} lost`);
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
