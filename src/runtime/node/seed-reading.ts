import { join } from "node:path";
import { SeedError } from "../../articles/errors.ts";
import { loadSeed, loadSeedMeta } from "../../articles/load.ts";
import type { ArticleSettings } from "../../articles/normalize.ts";
import type { ArticleMeta } from "../../articles/schema.ts";
import { nodeByteViews } from "./node-byte-views.ts";
import { type StatKey, statKeyOf } from "./seed-cache-format.ts";
import { FileTooLargeError, isMissing, readStable } from "./seed-files.ts";

/**
 * What reading and parsing one seed file found: the part of a scan that touches only the file,
 * apart from what the library does with it (keep the last good version, the cache, the order).
 * Parsing on worker threads was tried for a first start and measured slower on two cores
 * (10,000 seeds 1.4 -> 1.6-2.0 s, 100,000 12 -> 19 s and 464 MiB at peak); so was one thread
 * parsing from the end of the list while the main thread parsed from the front (100,000 seeds
 * 8.4 -> 7.6 s only with the files in the page cache, and 45 MiB more at the peak; bench/README.md).
 * This stays on the main thread. Only the disk's latency moves off it (SeedReadAhead warms the
 * page cache).
 */
export type SeedReading =
  /** Deleted between listing and reading. */
  | { readonly kind: "missing" }
  /** Grew past MAX_SEED_BYTES after it was listed. */
  | { readonly kind: "too-large"; readonly stats: StatKey }
  | { readonly kind: "unreadable"; readonly error: unknown }
  | {
      readonly kind: "parsed";
      readonly bytes: Uint8Array;
      readonly stats: StatKey;
      readonly meta: ArticleMeta;
      /** The full text as HTML, when asked for. */
      readonly contentHtml: string | undefined;
    }
  | { readonly kind: "invalid"; readonly stats: StatKey; readonly problem: SeedError };

/**
 * Reads `path` (relative to `folder`) once it is stable and parses it with `settings`; `listed`
 * is its stat from the listing that found it, if one was just made (see readStable).
 * @throws {Error} only for our own bugs (anything the parser throws that is not a SeedError).
 */
export function readSeed(
  folder: string,
  path: string,
  settings: ArticleSettings,
  withText: boolean,
  listed?: StatKey,
): SeedReading {
  let read: ReturnType<typeof readStable>;
  try {
    read = readStable(join(folder, path), settings.maxSeedBytes, listed);
  } catch (error) {
    if (isMissing(error)) return { kind: "missing" };
    if (error instanceof FileTooLargeError) {
      return { kind: "too-large", stats: statKeyOf(error.stats) };
    }
    return { kind: "unreadable", error };
  }
  const stats = statKeyOf(read.stats);
  try {
    const file = { path, bytes: read.bytes };
    if (withText) {
      const loaded = loadSeed(file, settings);
      const contentHtml = loaded.article().contentHtml;
      return { kind: "parsed", bytes: read.bytes, stats, meta: loaded.meta, contentHtml };
    }
    // Only the metadata: the header and the credit paragraphs are decoded, not the whole text.
    const meta = loadSeedMeta(file, settings, nodeByteViews);
    return { kind: "parsed", bytes: read.bytes, stats, meta, contentHtml: undefined };
  } catch (error) {
    if (!(error instanceof SeedError)) throw error; // our bug: fail loudly
    return { kind: "invalid", stats, problem: error };
  }
}
