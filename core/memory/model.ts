/**
 * The memory's learned scorer: an online logistic regression over hashed features that
 * estimates how likely a text is a failure rather than an ordinary, successful event.
 *
 * - Input: the text's features (core/memory/features.ts), each hashed into one of
 *   {@linkcode MODEL_DIMS} weights, plus a bias. Binary features, so a prediction sums at
 *   most a few dozen weights.
 * - Training: one stochastic gradient step per example, learning rate
 *   `LEARNING_RATE / sqrt(1 + examples / 100)`, small L2 shrinkage of the touched weights.
 *   Positive examples are recorded failures (`learnFailure`); negative examples are successful
 *   events that the memory matched anyway (a `PostToolUse` after a similar failure, see
 *   `core/memory/hook_learning.ts`), i.e. exactly the false alarms to unlearn.
 * - Storage: one value `["cache", "memory-model", "v1"]` (a `Float32Array` of 16 KiB plus
 *   counts), updated with a versionstamp-checked compare-and-set, so concurrent trainers
 *   serialize and no step is lost.
 * - Use: the lookup multiplies a match's similarity by `0.5 + p` (core/memory/lookup.ts): an
 *   untrained model (p = 0.5) changes nothing; text seen mostly in failures counts up to 1.5
 *   times, text seen mostly in successes half.
 *
 * @module
 */

import type { Store } from "../store.ts";
import { keys } from "../store_schema.ts";
import { fnv1a } from "./minhash.ts";

/** Weights in the model (a power of two). */
export const MODEL_DIMS = 4096;
const LEARNING_RATE = 0.5;
const L2 = 1e-4;

/** The persisted model. */
export interface MemoryModel {
  /** Layout version. */
  version: 1;
  /** One weight per hashed feature. */
  weights: Float32Array;
  /** The intercept. */
  bias: number;
  /** Failure examples trained on. */
  positives: number;
  /** Success examples trained on. */
  negatives: number;
  /** ISO 8601 time of the last step. */
  updated: string;
}

/** The key of the model: `["cache", "memory-model", "v1"]`. */
export function modelKey(): Deno.KvKey {
  return keys.cache("memory-model", "v1");
}

/** A model that knows nothing: every text scores 0.5. */
export function emptyModel(): MemoryModel {
  return {
    version: 1,
    weights: new Float32Array(MODEL_DIMS),
    bias: 0,
    positives: 0,
    negatives: 0,
    updated: new Date(0).toISOString(),
  };
}

function slots(features: readonly string[]): number[] {
  return [...new Set(features.map((f) => fnv1a(f, 0x2545f491) & (MODEL_DIMS - 1)))];
}

/**
 * The model's probability that a text with these features is a failure.
 *
 * @example
 * ```ts
 * import { emptyModel, predict } from "./model.ts";
 * console.assert(predict(emptyModel(), ["git", "push"]) === 0.5);
 * ```
 */
export function predict(model: MemoryModel, features: readonly string[]): number {
  let z = model.bias;
  for (const slot of slots(features)) z += model.weights[slot];
  return 1 / (1 + Math.exp(-z));
}

/**
 * One training step on a copy of `model`: `label` 1 for a failure, 0 for a success.
 *
 * @example
 * ```ts
 * import { emptyModel, predict, step } from "./model.ts";
 * let model = emptyModel();
 * for (let i = 0; i < 20; i++) model = step(model, ["npm", "publish"], 1);
 * console.assert(predict(model, ["npm", "publish"]) > 0.9);
 * ```
 */
export function step(
  model: MemoryModel,
  features: readonly string[],
  label: 0 | 1,
  now: Date = new Date(),
): MemoryModel {
  const weights = new Float32Array(model.weights);
  const touched = slots(features);
  const examples = model.positives + model.negatives;
  const rate = LEARNING_RATE / Math.sqrt(1 + examples / 100);
  const error = label - predict(model, features);
  for (const slot of touched) weights[slot] += rate * (error - L2 * weights[slot]);
  return {
    version: 1,
    weights,
    bias: model.bias + rate * error * 0.1,
    positives: model.positives + label,
    negatives: model.negatives + (1 - label),
    updated: now.toISOString(),
  };
}

/**
 * How long a read model is reused by later lookups through the same store handle, in ms.
 * The model is a soft multiplier that moves a little with each example; reading its 4096
 * weights costs more than the rest of a lookup, so a long-lived server reads it at most
 * this often and sees other processes' training within this delay. Its own training is
 * seen at once.
 */
export const MODEL_REUSE_MS = 2000;

const recent = new WeakMap<Store, { model: MemoryModel; at: number }>();

/** Reads the model (an empty one when none was trained yet); see {@linkcode MODEL_REUSE_MS}. */
export async function loadModel(store: Store): Promise<MemoryModel> {
  const now = performance.now();
  const hit = recent.get(store);
  if (hit && now - hit.at < MODEL_REUSE_MS) return hit.model;
  const { value } = await store.get<MemoryModel>(modelKey());
  const model = value && value.version === 1 && value.weights?.length === MODEL_DIMS
    ? value
    : emptyModel();
  recent.set(store, { model, at: now });
  return model;
}

/**
 * Trains the stored model on one example, atomically (compare-and-set: concurrent trainers
 * in other processes retry, no step is lost).
 */
export async function trainModel(
  store: Store,
  features: readonly string[],
  label: 0 | 1,
  now: Date = new Date(),
): Promise<MemoryModel> {
  const next = await store.update<MemoryModel>(
    modelKey(),
    (current) =>
      step(
        current && current.version === 1 && current.weights?.length === MODEL_DIMS
          ? current
          : emptyModel(),
        features,
        label,
        now,
      ),
    { maxAttempts: 200 },
  );
  recent.set(store, { model: next!, at: performance.now() });
  return next!;
}
