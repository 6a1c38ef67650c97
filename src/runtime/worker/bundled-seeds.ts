import type { ArticleSettings } from "../../articles/normalize.ts";
import { publishSeeds, type SiteInput } from "../../site/input.ts";

/**
 * One seed file as the build step found it. Its exact bytes are kept: as `text` when they are
 * valid UTF-8 (which compresses well in the bundle), else as `base64`, so a broken seed is
 * reported on Workers exactly as on Node.
 */
export type BundledSeed = {
  /** Relative to the seeds folder, with `/`. */
  readonly path: string;
  /** The file's modification time (ms since the epoch), for Last-Modified. */
  readonly modifiedMs: number;
} & ({ readonly text: string } | { readonly base64: string });

/** A seeds folder bundled into the Worker: every `*.txt` below it, sorted by path. */
export interface BundledSeeds {
  /** The folder it was read from, as SEEDS_DIR named it, for messages. */
  readonly folder: string;
  readonly files: readonly BundledSeed[];
  /** Modification time of each folder ("" is the root), sorted by folder. */
  readonly folderTimes: ReadonlyArray<readonly [string, number]>;
}

const encoder = new TextEncoder();

/** The exact bytes of a bundled seed. */
export function seedBytes(seed: BundledSeed): Uint8Array {
  if ("text" in seed) return encoder.encode(seed.text);
  return Uint8Array.from(atob(seed.base64), (character) => character.charCodeAt(0));
}

/**
 * Publishes the bundled seeds through the same pipeline as every other target: a badly named
 * file is reported for its name before its text is read, broken seeds are skipped, problems are
 * sorted by file.
 */
export function siteInputFromBundle(bundle: BundledSeeds, settings: ArticleSettings): SiteInput {
  const files = bundle.files.map((seed) => ({
    path: seed.path,
    bytes: seedBytes(seed),
    modifiedMs: seed.modifiedMs,
  }));
  return publishSeeds(files, new Map(bundle.folderTimes), settings);
}
