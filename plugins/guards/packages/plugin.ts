/**
 * The hallucinated-packages guard plugin: before a Bash install command runs (npm, pnpm, yarn,
 * bun, deno add, pip, uv, poetry, cargo), each package it names is checked against its public
 * registry. Network is limited to the three registries; answers are cached in the host's cache
 * (`ctx.cache`, KV under `plugin:hallucinated-packages`) when the host brokers one, else for the
 * life of the plugin's process; a registry that cannot be reached makes the verdict `unknown`,
 * never a finding.
 *
 * Written with the public SDK exactly as a third party would.
 *
 * @module
 */

import { z } from "zod";
import { defineGuard } from "../../../plugin.ts";
import { MemoryCache } from "./cache.ts";
import { checkPackages } from "./guard.ts";
import { DEFAULT_TIMEOUT_MS, defaultRegistries } from "./registries.ts";
import { DEFAULT_MIN_AGE_DAYS } from "./signals.ts";

const options = z.object({
  /** A package first published fewer than this many days ago is new. */
  minAgeDays: z.number().int().min(0).max(3650).default(DEFAULT_MIN_AGE_DAYS),
  /** How long one registry lookup may take, in ms. */
  timeoutMs: z.number().int().min(1).max(60_000).default(DEFAULT_TIMEOUT_MS),
  /** At most this many packages are looked up per command. */
  maxPackages: z.number().int().min(1).max(100).default(20),
  /** Other base URLs for the registries (a mirror; the network grant must cover its host). */
  registries: z.object({
    npm: z.url().optional(),
    pypi: z.url().optional(),
    crates: z.url().optional(),
  }).strict().default({}),
}).strict();

/** The guard's options, parsed. */
export type PackageGuardOptions = z.infer<typeof options>;

/** Used when the host brokers no cache (in-process tests, a host without a store). */
const processCache = new MemoryCache();

export default defineGuard<PackageGuardOptions>({
  meta: {
    name: "hallucinated-packages",
    version: "0.1.0",
    description:
      "Checks the packages an install command names against npm, PyPI and crates.io: missing, " +
      "published days ago, or one edit from a popular name.",
    kind: "guard",
    permissions: { net: ["registry.npmjs.org", "pypi.org", "crates.io"] },
  },
  options,
  check(event, ctx) {
    return checkPackages(event, {
      registries: defaultRegistries({
        timeoutMs: ctx.options.timeoutMs,
        baseUrls: ctx.options.registries,
      }),
      cache: ctx.cache ?? processCache,
      minAgeDays: ctx.options.minAgeDays,
      maxPackages: ctx.options.maxPackages,
      signal: ctx.signal,
    });
  },
});
