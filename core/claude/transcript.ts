/**
 * Reads Claude Code's session transcript: a JSONL file under
 * `~/.claude/projects/<project>/<session>.jsonl`, one entry per line (`user`,
 * `assistant`, `system`, `summary`, `file-history-snapshot`, ...). The file is streamed
 * line by line, never loaded whole. Claude Code appends to it asynchronously, so the last
 * line may be cut off; such a line, any line that is not JSON, and entry types taskorch
 * does not know are counted and skipped, never fatal.
 *
 * @module
 */

import { errorMessage, TaskorchError } from "../errors.ts";
import { lines } from "../lines.ts";

/** One content block of a transcript message, the fields taskorch reads. */
export interface ContentBlock {
  /** `text`, `thinking`, `tool_use`, `tool_result`, `image`, ... */
  type: string;
  /** The text of a `text` block. */
  text?: string;
  /** The id of a `tool_use` block. */
  id?: string;
  /** The tool of a `tool_use` block, e.g. `Bash`, `Write`. */
  name?: string;
  /** The arguments of a `tool_use` block. */
  input?: Record<string, unknown>;
  /** The call a `tool_result` block answers. */
  tool_use_id?: string;
  /** The result text of a `tool_result` block: a string or text blocks. */
  content?: unknown;
  /** True when the tool failed (a non-zero exit, a rejected call, an error). */
  is_error?: boolean;
}

/** One transcript line, the fields taskorch reads. Other fields are kept as they are. */
export interface TranscriptEntry {
  /** `user`, `assistant`, `system`, `summary`, ... */
  type: string;
  /** This entry's id. */
  uuid?: string;
  /** The entry it follows. */
  parentUuid?: string | null;
  /** When it was written (ISO 8601). */
  timestamp?: string;
  /** The working folder at that moment. */
  cwd?: string;
  /** True for a subagent's (Task tool) entries. */
  isSidechain?: boolean;
  /** True for entries Claude Code injects (caveats, command output), not the user's. */
  isMeta?: boolean;
  /** The message of `user` and `assistant` entries. */
  message?: {
    id?: string;
    role?: string;
    content?: string | ContentBlock[];
    usage?: Record<string, unknown>;
  };
  /** The structured result of the tool call a `user` entry answers. */
  toolUseResult?: unknown;
  /** Any other field. */
  [field: string]: unknown;
}

/** What reading skipped. */
export interface TranscriptStats {
  /** Lines read, including skipped ones. */
  lines: number;
  /** Lines that were not a JSON object (corrupt, or a last line still being written). */
  malformed: number;
  /** Whether the very last line was cut off. */
  partialLastLine: boolean;
  /** Entries of types taskorch does not interpret, by type. */
  unknownTypes: Record<string, number>;
  /** Bytes read. */
  bytes: number;
}

/** The entry types taskorch interprets; others are counted in `unknownTypes`. */
export const KNOWN_ENTRY_TYPES: readonly string[] = [
  "user",
  "assistant",
  "system",
  "summary",
  "file-history-snapshot",
  "progress",
  "queue-operation",
];

/** Creates empty statistics. */
export function emptyStats(): TranscriptStats {
  return { lines: 0, malformed: 0, partialLastLine: false, unknownTypes: {}, bytes: 0 };
}

/** Parses one transcript line; `undefined` when it is not a JSON object with a `type`. */
export function parseEntry(line: string): TranscriptEntry | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith("{")) return undefined;
  try {
    const value = JSON.parse(trimmed);
    if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
    if (typeof value.type !== "string") return undefined;
    return value as TranscriptEntry;
  } catch {
    return undefined;
  }
}

/**
 * Yields the entries of a transcript stream in order, filling `stats` as it goes.
 *
 * @example
 * ```ts
 * import { emptyStats, entries } from "./transcript.ts";
 * const text = '{"type":"user","message":{"content":"hi"}}\n{"type":"assis';
 * const stats = emptyStats();
 * const seen = [];
 * for await (const e of entries(new Response(text).body!, stats)) seen.push(e.type);
 * console.assert(seen.join() === "user" && stats.partialLastLine);
 * ```
 */
export async function* entries(
  stream: ReadableStream<Uint8Array>,
  stats: TranscriptStats = emptyStats(),
): AsyncGenerator<TranscriptEntry> {
  let lastBad = false;
  const counted = stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        stats.bytes += chunk.byteLength;
        controller.enqueue(chunk);
      },
    }),
  );
  for await (const line of lines(counted)) {
    stats.lines++;
    if (line.trim() === "") {
      lastBad = false;
      continue;
    }
    const entry = parseEntry(line);
    if (!entry) {
      stats.malformed++;
      lastBad = true;
      continue;
    }
    lastBad = false;
    if (!KNOWN_ENTRY_TYPES.includes(entry.type)) {
      stats.unknownTypes[entry.type] = (stats.unknownTypes[entry.type] ?? 0) + 1;
    }
    yield entry;
  }
  stats.partialLastLine = lastBad;
}

/**
 * Opens a transcript file and yields its entries. Throws a {@linkcode TaskorchError}
 * with code `INPUT_INVALID` naming the path when the file cannot be opened.
 *
 * @example
 * ```ts ignore
 * import { readTranscript } from "./transcript.ts";
 * for await (const entry of readTranscript("/home/me/.claude/projects/p/s.jsonl")) {
 *   console.log(entry.type);
 * }
 * ```
 */
export async function* readTranscript(
  path: string,
  stats: TranscriptStats = emptyStats(),
): AsyncGenerator<TranscriptEntry> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch (error) {
    throw new TaskorchError(
      "INPUT_INVALID",
      `Cannot read the transcript "${path}": ${errorMessage(error)}`,
      { cause: error },
    );
  }
  // `entries` reads the stream to its end, which closes the file; an early `return`
  // by the caller cancels the stream, which closes it too.
  yield* entries(file.readable, stats);
}

/** The text of a `tool_result` block's content (a string or text blocks). */
export function resultText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((b) => (b && typeof b === "object" && typeof b.text === "string" ? b.text : ""))
    .filter((t) => t !== "")
    .join("\n");
}

/** The content blocks of a message: a string content becomes one text block. */
export function blocksOf(entry: TranscriptEntry): ContentBlock[] {
  const content = entry.message?.content;
  if (typeof content === "string") return [{ type: "text", text: content }];
  if (!Array.isArray(content)) return [];
  return content.filter((b): b is ContentBlock =>
    typeof b === "object" && b !== null && typeof (b as ContentBlock).type === "string"
  );
}
