/**
 * Loads rule packs from files, URLs and the built-in set. Validated packs are cached by
 * content hash (`~/.taskorch/cache/packs/`), so a hook process compiles its packs from
 * JSON without loading the YAML parser or the schema validator.
 *
 * @module
 */

import { fnvHex } from "../fnv.ts";
import { dirname, join } from "../posix_path.ts";
import { errorMessage } from "../errors.ts";
import { taskorchHome } from "../paths.ts";
import { VERSION } from "../version.ts";
import { compilePack, DEFAULT_EVENTS, type PackDocument } from "./pack.ts";
import { RulePackError } from "./pack_error.ts";
import { share, unshare } from "./shared_json.ts";
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

/**
 * The cached documents' layout, part of every cache key: a cache written by an older
 * layout is never read (2: rules carry the plugins their `plugin:` leaves use).
 */
const CACHE_LAYOUT = 2;

async function hashOf(text: string): Promise<string> {
  const bytes = new TextEncoder().encode(`${VERSION}\u0000${CACHE_LAYOUT}\u0000${text}`);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest.slice(0, 16), (b) => b.toString(16).padStart(2, "0")).join("");
}

function cacheDir(options: LoadOptions = {}): string | undefined {
  if (options.cacheDir !== undefined) return options.cacheDir;
  try {
    return join(taskorchHome(), "cache", "packs");
  } catch {
    return undefined;
  }
}

async function cached(
  dir: string,
  hash: string,
  file: string,
): Promise<PackDocument | undefined> {
  try {
    const document = JSON.parse(await Deno.readTextFile(join(dir, `${hash}.json`)));
    return { ...document, file } as PackDocument;
  } catch {
    return undefined;
  }
}

/** Writes a cache entry atomically; a cache that cannot be written only costs time. */
async function write(path: string, document: unknown): Promise<void> {
  try {
    await Deno.mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const temp = `${path}.${crypto.randomUUID()}.tmp`;
    await Deno.writeTextFile(temp, JSON.stringify(document));
    await Deno.rename(temp, path);
  } catch {
    // the pack was validated; the next process validates it again
  }
}

/** Options of {@linkcode loadPackText}. */
export interface LoadOptions {
  /** Use and fill the validated-pack cache (default true). */
  cache?: boolean;
  /**
   * Keep only the rules of this hook event, without their inline tests (the hook: one
   * process per event). A local pack is then found in the cache by its file's identity
   * (path, size, modification time, inode) instead of by reading and hashing it.
   */
  event?: string;
  /** Where cached packs live (default `~/.taskorch/cache/packs`). */
  cacheDir?: string;
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
  const document = await documentOf(text, file, options);
  return compilePack(options.event === undefined ? document : sliceOf(document, options.event));
}

/** The validated document of a pack's text, from the content-hash cache when it is there. */
async function documentOf(text: string, file: string, options: LoadOptions): Promise<PackDocument> {
  const dir = options.cache === false ? undefined : cacheDir(options);
  const hash = dir ? await hashOf(text) : "";
  let document = dir ? await cached(dir, hash, file) : undefined;
  if (!document) {
    const { readPackDocument } = await import("./document.ts");
    document = readPackDocument(text, file);
    if (dir) await write(join(dir, `${hash}.json`), document);
  }
  return document;
}

/** The part of a pack one hook event needs: its rules, without tests or positions. */
function sliceOf(document: PackDocument, event: string): PackDocument {
  const keep = document.pack.rules.flatMap((rule, i) =>
    (rule.events ?? DEFAULT_EVENTS).includes(event) ? [i] : []
  );
  return {
    file: document.file,
    pack: {
      ...document.pack,
      rules: keep.map((i) => ({ ...document.pack.rules[i], tests: undefined })),
    },
    rules: keep.map((i) => {
      const { at, plugins } = document.rules[i];
      return { at, fire: [], pass: [], ...(plugins ? { plugins } : {}) };
    }),
  };
}

/**
 * A local pack's rules for one event, from a cache entry named by the file's identity;
 * on a miss the pack is loaded in full (validated, through the content-hash cache) and
 * the slice is written for the next process.
 */
async function loadSlice(file: string, event: string, options: LoadOptions): Promise<Pack> {
  const dir = cacheDir(options);
  let name: string | undefined;
  if (dir && options.cache !== false) {
    try {
      const stat = await Deno.stat(file);
      const identity = [
        VERSION,
        CACHE_LAYOUT,
        file,
        stat.size,
        stat.mtime?.getTime(),
        stat.ino,
        event,
      ];
      name = join(dir, `event-${fnvHex(JSON.stringify(identity))}-${event}.json`);
      const document = unshare(JSON.parse(await Deno.readTextFile(name))) as PackDocument;
      if (document.file === file) return compilePack(document);
    } catch {
      // not cached yet (or the file cannot be read: the full load reports that)
    }
  }
  const full = await documentOf(await readPackText(file, file), file, options);
  const slice = sliceOf(full, event);
  if (name) await write(name, share(slice));
  return compilePack(slice);
}

/** Loads a pack from a path or URL. */
export async function loadPack(location: string | URL, options: LoadOptions = {}): Promise<Pack> {
  const file = location instanceof URL && location.protocol === "file:"
    ? decodeURIComponent(location.pathname)
    : String(location);
  const local = location instanceof URL
    ? location.protocol === "file:"
    : !/^[A-Za-z][\w+.-]*:\/\//.test(location);
  if (options.event !== undefined && local) return await loadSlice(file, options.event, options);
  return await loadPackText(await readPackText(location, file), file, options);
}

async function readPackText(location: string | URL, file: string): Promise<string> {
  try {
    return await readText(location);
  } catch (error) {
    throw new RulePackError({ file, line: 1, column: 1 }, `cannot read it: ${errorMessage(error)}`);
  }
}

/** Loads the built-in packs. */
export async function loadBuiltinPacks(options: LoadOptions = {}): Promise<Pack[]> {
  return await Promise.all(BUILTIN_PACKS.map((name) => loadPack(builtinPackUrl(name), options)));
}
