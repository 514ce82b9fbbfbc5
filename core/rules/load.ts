/**
 * Loads rule packs from files, URLs and the built-in set. Validated packs are cached by
 * content hash (`~/.taskorch/cache/packs/`), so a hook process compiles its packs from
 * JSON without loading the YAML parser or the schema validator.
 *
 * @module
 */

import { join } from "../posix_path.ts";
import { errorMessage } from "../errors.ts";
import { taskorchHome } from "../paths.ts";
import { VERSION } from "../version.ts";
import { compilePack, type PackDocument } from "./pack.ts";
import { RulePackError } from "./pack_error.ts";
import type { Pack } from "./types.ts";

/** The built-in packs, in `rules/`. */
export const BUILTIN_PACKS: readonly string[] = [
  "destructive.yaml",
  "secrets.yaml",
  "injection.yaml",
  "escape.yaml",
];

/** The URL of a built-in pack file. */
export function builtinPackUrl(name: string): URL {
  return new URL(`../../rules/${name}`, import.meta.url);
}

async function readText(location: string | URL): Promise<string> {
  const url = location instanceof URL
    ? location
    : /^(https?|file):/.test(location)
    ? new URL(location)
    : undefined;
  if (url && url.protocol !== "file:") {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
    return await response.text();
  }
  return await Deno.readTextFile(url ?? location);
}

async function hashOf(text: string): Promise<string> {
  const bytes = new TextEncoder().encode(`${VERSION}\u0000${text}`);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest.slice(0, 16), (b) => b.toString(16).padStart(2, "0")).join("");
}

function cacheDir(): string | undefined {
  try {
    return join(taskorchHome(), "cache", "packs");
  } catch {
    return undefined;
  }
}

async function cached(hash: string, file: string): Promise<PackDocument | undefined> {
  const dir = cacheDir();
  if (!dir) return undefined;
  try {
    const document = JSON.parse(await Deno.readTextFile(join(dir, `${hash}.json`)));
    return { ...document, file } as PackDocument;
  } catch {
    return undefined;
  }
}

async function remember(hash: string, document: PackDocument): Promise<void> {
  const dir = cacheDir();
  if (!dir) return;
  try {
    await Deno.mkdir(dir, { recursive: true, mode: 0o700 });
    const temp = join(dir, `${hash}.${crypto.randomUUID()}.tmp`);
    await Deno.writeTextFile(temp, JSON.stringify(document));
    await Deno.rename(temp, join(dir, `${hash}.json`));
  } catch {
    // A cache that cannot be written only costs time: the pack was validated.
  }
}

/** Options of {@linkcode loadPackText}. */
export interface LoadOptions {
  /** Use and fill the validated-pack cache (default true). */
  cache?: boolean;
}

/**
 * Loads a pack from its text. Throws {@linkcode RulePackError} naming file, line, column
 * and rule id.
 */
export async function loadPackText(
  text: string,
  file: string,
  options: LoadOptions = {},
): Promise<Pack> {
  const useCache = options.cache ?? true;
  const hash = useCache ? await hashOf(text) : "";
  let document = useCache ? await cached(hash, file) : undefined;
  if (!document) {
    const { readPackDocument } = await import("./document.ts");
    document = readPackDocument(text, file);
    if (useCache) await remember(hash, document);
  }
  return compilePack(document);
}

/** Loads a pack from a path or URL. */
export async function loadPack(location: string | URL, options: LoadOptions = {}): Promise<Pack> {
  const file = location instanceof URL && location.protocol === "file:"
    ? decodeURIComponent(location.pathname)
    : String(location);
  let text: string;
  try {
    text = await readText(location);
  } catch (error) {
    throw new RulePackError({ file, line: 1, column: 1 }, `cannot read it: ${errorMessage(error)}`);
  }
  return await loadPackText(text, file, options);
}

/** Loads the built-in packs. */
export async function loadBuiltinPacks(options: LoadOptions = {}): Promise<Pack[]> {
  return await Promise.all(BUILTIN_PACKS.map((name) => loadPack(builtinPackUrl(name), options)));
}
