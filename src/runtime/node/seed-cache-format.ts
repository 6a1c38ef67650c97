import { createHash } from "node:crypto";
import * as z from "zod";
import { isSeedPath } from "../../articles/article-id.ts";
import type { SeedFields } from "../../articles/normalize.ts";

/**
 * The files of the seed cache, and how every line of them is checked before it is believed.
 *
 * - `index`: a snapshot. A header line, one line per seed, and a trailer line holding the number
 *   of seed lines and the SHA-256 of every byte before it: a file cut short, edited, or written by
 *   something else fails the check and is ignored whole.
 * - `journal-ID`: the changes since snapshot ID, one line each, every line led by a checksum of
 *   itself; replay stops at the first line that fails (a crash can leave half a line).
 * - `texts-ID.pack`: the bytes of seed versions that were valid, back to back; a line refers to
 *   them by offset, length and SHA-256, so a text is only used if it hashes the same.
 */

export const SNAPSHOT_FORMAT = "feed-publisher seed cache";
export const JOURNAL_FORMAT = "feed-publisher seed journal";
/** Bump when the line layout changes; older files are then ignored and rewritten. */
export const FORMAT_VERSION = 2;

/** The file identity that tells whether a seed changed since it was read. */
export interface StatKey {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly ino: number;
}

/** Where a seed version's bytes are in the text packs, and their SHA-256 (base64url, 128 bits). */
export interface TextRef {
  readonly pack: string;
  readonly offset: number;
  readonly length: number;
  readonly hash: string;
}

/**
 * The published (last good) version of one seed: the file it was read from, what it parsed to,
 * and where its bytes are kept.
 */
export interface CachedSeed {
  readonly stat: StatKey;
  readonly fields: SeedFields;
  readonly text: TextRef | undefined;
}

/** A cache file (or line) that is not what this code writes: ignored, never trusted. */
export class CacheFormatError extends Error {
  override readonly name = "CacheFormatError";
}

const ID = /^[0-9a-f]{16}$/u;

export const SnapshotHeaderSchema = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  version: z.literal(FORMAT_VERSION),
  /** Names this snapshot; its journal is `journal-ID`. */
  id: z.string().regex(ID),
  /** parserFingerprint() of the writer: metadata is reused only under the same one. */
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/u),
});
export type SnapshotHeader = z.infer<typeof SnapshotHeaderSchema>;

const SnapshotTrailerSchema = z.object({
  entries: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/u),
});

export const JournalHeaderSchema = z.object({
  format: z.literal(JOURNAL_FORMAT),
  version: z.literal(FORMAT_VERSION),
  snapshot: z.string().regex(ID),
});

/** A random id for a snapshot or a pack. */
export function newId(): string {
  return createHash("sha256")
    .update(`${process.pid} ${performance.now()} ${Math.random()}`)
    .digest("hex")
    .slice(0, 16);
}

/** The SHA-256 of a text's bytes as a TextRef holds it. */
export function textHash(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("base64url").slice(0, 22);
}

/** The stat key of a file's Stats (a copy: the Stats object itself is several times larger). */
export function statKeyOf(stats: StatKey): StatKey {
  return { size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, ino: stats.ino };
}

/** Whether two stat keys name the same version of a file. */
export function isSameStat(a: StatKey, b: StatKey): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;
}

/** One seed as a JSON array: path, stat key, its fields, and its text's place (0 for none). */
export function encodeSeed(path: string, seed: CachedSeed): string {
  const { stat, fields, text } = seed;
  return JSON.stringify([
    path,
    stat.size,
    stat.mtimeMs,
    stat.ctimeMs,
    stat.ino,
    fields.title,
    fields.summary,
    fields.published,
    fields.textCredits,
    fields.photoCredits.map(({ credit, caption }) => [credit, caption]),
    text === undefined ? 0 : [text.pack, text.offset, text.length, text.hash],
    fields.isTitleDerived ? 1 : 0,
    fields.creditMarkers,
  ]);
}

/** A removed seed as a journal entry: its path alone. */
export function encodeRemoval(path: string): string {
  return JSON.stringify([path]);
}

const isString = (value: unknown): value is string => typeof value === "string";
const isNumber = (value: unknown): value is number =>
  typeof value === "number" && Number.isFinite(value);
const isCount = (value: unknown): value is number =>
  typeof value === "number" && Number.isSafeInteger(value) && value >= 0;

/**
 * A seed line back as path and seed, or a removal as path and undefined; `intern` shares equal
 * strings. Checked field by field by hand, not with a schema: a 100k-seed snapshot has a million
 * fields, and a zod parse of them would cost more than the start-up it saves.
 * @throws {CacheFormatError} naming what is wrong.
 */
export function decodeSeed(
  value: unknown,
  intern: (text: string) => string = (text) => text,
): [string, CachedSeed | undefined] {
  if (!Array.isArray(value)) throw new CacheFormatError("a line is not a JSON array");
  const [
    path,
    size,
    mtimeMs,
    ctimeMs,
    ino,
    title,
    summary,
    published,
    texts,
    photos,
    text,
    isTitleDerived,
    markers,
  ] = value as unknown[];
  if (!isString(path) || !isSeedPath(path)) throw new CacheFormatError("a line has no seed path");
  if (value.length === 1) return [path, undefined];
  if (value.length !== 13) throw new CacheFormatError(`${path}: not 13 fields`);
  if (!isCount(size) || !isNumber(mtimeMs) || !isNumber(ctimeMs) || !isNumber(ino)) {
    throw new CacheFormatError(`${path}: invalid file times`);
  }
  if (!isString(title) || title === "" || !isString(summary) || !isString(published)) {
    throw new CacheFormatError(`${path}: invalid title, summary or date`);
  }
  if (!Array.isArray(texts) || !texts.every(isString)) {
    throw new CacheFormatError(`${path}: invalid text credits`);
  }
  if (
    !Array.isArray(photos) ||
    !photos.every((photo) => Array.isArray(photo) && photo.length === 2 && photo.every(isString))
  ) {
    throw new CacheFormatError(`${path}: invalid photo credits`);
  }
  if (isTitleDerived !== 0 && isTitleDerived !== 1) {
    throw new CacheFormatError(`${path}: invalid derived-title flag`);
  }
  if (!Array.isArray(markers) || !markers.every((marker) => isString(marker) && marker !== "")) {
    throw new CacheFormatError(`${path}: invalid credit markers`);
  }
  let ref: TextRef | undefined;
  if (text !== 0) {
    const [pack, offset, length, hash] = Array.isArray(text) ? (text as unknown[]) : [];
    if (!isString(pack) || !ID.test(pack) || !isCount(offset) || !isCount(length)) {
      throw new CacheFormatError(`${path}: invalid text reference`);
    }
    if (!isString(hash) || hash.length !== 22) {
      throw new CacheFormatError(`${path}: invalid text hash`);
    }
    ref = { pack, offset, length, hash };
  }
  return [
    path,
    {
      stat: { size, mtimeMs, ctimeMs, ino },
      fields: {
        title,
        isTitleDerived: isTitleDerived === 1,
        summary,
        published: intern(published),
        textCredits: texts.map(intern),
        photoCredits: (photos as [string, string][]).map(([credit, caption]) => ({
          credit: intern(credit),
          caption,
        })),
        creditMarkers: (markers as string[]).map(intern),
      },
      text: ref,
    },
  ];
}

/** The header line of a snapshot (with its newline). */
export function snapshotHeaderLine(header: SnapshotHeader): string {
  return `${JSON.stringify(header)}\n`;
}

/** The trailer line of a snapshot: the count of seed lines and the hash of all bytes before it. */
export function snapshotTrailerLine(entries: number, sha256: string): string {
  return `${JSON.stringify({ entries, sha256 })}\n`;
}

/** A journal line: a checksum of the JSON, a space, the JSON. */
export function journalLine(json: string): string {
  return `${lineChecksum(json)} ${json}\n`;
}

function lineChecksum(json: string): string {
  return createHash("sha256").update(json).digest("hex").slice(0, 16);
}

/** A snapshot file checked whole, its seed lines decoded one by one when asked for. */
export interface Snapshot {
  readonly header: SnapshotHeader;
  /** Where each seed's line starts in the file, by path. */
  readonly lineStarts: ReadonlyMap<string, number>;
  /**
   * The seed on the line that starts at `start`.
   * @throws {CacheFormatError} when the line is not a seed of that path.
   */
  seedAt(path: string, start: number): CachedSeed;
}

// The path that starts each seed line: a seed path is an article id and `.txt`, which JSON writes
// without escapes, so it can be read without parsing the line.
const LINE_PATH = /^[A-Za-z0-9._/-]+\.txt$/u;

/**
 * Checks a whole snapshot file (header, trailer, checksum, seed count) and indexes its lines by
 * path. A line is decoded only when its seed is asked for: decoding 100k seeds up front doubled
 * the memory a warm start peaked at, for objects thrown away a moment later.
 * @throws {CacheFormatError} when the file is cut short, altered, or not a snapshot at all.
 */
export function openSnapshot(bytes: Buffer): Snapshot {
  const headerEnd = bytes.indexOf(10);
  const trailerStart = bytes.lastIndexOf(10, bytes.length - 2) + 1;
  if (headerEnd === -1 || bytes.at(-1) !== 10 || trailerStart <= headerEnd) {
    throw new CacheFormatError("not a snapshot (no header and trailer lines)");
  }
  const header = parseLine(SnapshotHeaderSchema, bytes.toString("utf8", 0, headerEnd), "header");
  const trailer = parseLine(
    SnapshotTrailerSchema,
    bytes.toString("utf8", trailerStart, bytes.length - 1),
    "trailer",
  );
  const actual = createHash("sha256").update(bytes.subarray(0, trailerStart)).digest("hex");
  if (actual !== trailer.sha256) throw new CacheFormatError("checksum mismatch");
  const lineStarts = new Map<string, number>();
  for (let start = headerEnd + 1; start < trailerStart; ) {
    const end = bytes.indexOf(10, start);
    const quote = bytes.indexOf(34, start + 2);
    const path = bytes.toString("latin1", start + 2, quote);
    if (bytes[start] !== 91 || bytes[start + 1] !== 34 || quote > end || !LINE_PATH.test(path)) {
      throw new CacheFormatError("a line does not start with a seed path");
    }
    lineStarts.set(path, start);
    start = end + 1;
  }
  if (lineStarts.size !== trailer.entries) throw new CacheFormatError("seed count mismatch");
  const shared = new Map<string, string>();
  // Thousands of seeds share a date or a credit: one string each, not one per seed.
  const intern = (text: string) => {
    const known = shared.get(text);
    if (known !== undefined) return known;
    shared.set(text, text);
    return text;
  };
  return {
    header,
    lineStarts,
    seedAt(path, start) {
      const line = bytes.toString("utf8", start, bytes.indexOf(10, start));
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        throw new CacheFormatError(`${path}: a line that is not JSON`, { cause: error });
      }
      const [linePath, seed] = decodeSeed(value, intern);
      if (linePath !== path || seed === undefined) {
        throw new CacheFormatError(`${path}: not the line of this seed`);
      }
      return seed;
    },
  };
}

/**
 * The entries of a journal that belong to snapshot `snapshotId`, in order, up to the first line
 * that fails its checksum (what a crash in the middle of a write leaves).
 * @throws {CacheFormatError} when the journal is of another snapshot or not a journal.
 */
export function decodeJournal(
  text: string,
  snapshotId: string,
): { readonly entries: Array<[string, CachedSeed | undefined]>; readonly isTorn: boolean } {
  const lines = text.split("\n");
  const header = parseLine(JournalHeaderSchema, lines[0] ?? "", "journal header");
  if (header.snapshot !== snapshotId) throw new CacheFormatError("journal of another snapshot");
  const entries: Array<[string, CachedSeed | undefined]> = [];
  for (const line of lines.slice(1, -1)) {
    const json = line.slice(17);
    if (line.charAt(16) !== " " || line.slice(0, 16) !== lineChecksum(json)) {
      return { entries, isTorn: true };
    }
    entries.push(decodeSeed(JSON.parse(json)));
  }
  // The text ends in a newline: anything after the last one is half a line.
  return { entries, isTorn: lines.at(-1) !== "" };
}

function parseLine<T extends z.ZodType>(schema: T, line: string, what: string): z.infer<T> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new CacheFormatError(`${what} is not JSON`, { cause: error });
  }
  const result = schema.safeParse(value);
  if (!result.success) throw new CacheFormatError(`unexpected ${what}`);
  return result.data;
}
