import { articleIdFromPath } from "../articles/article-id.ts";
import { SeedError } from "../articles/errors.ts";
import { loadArticles } from "../articles/load.ts";
import type { ArticleSettings } from "../articles/normalize.ts";
import type { SeedFile } from "../articles/parse-seed.ts";
import type { SiteInput } from "../http/site.ts";

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
 * Parses the bundled seeds into what the site is built from, exactly as the Node server's
 * SeedLibrary does on its first scan: a badly named file is reported for its name before its
 * text is read, broken seeds are skipped, problems are sorted by file.
 */
export function siteInputFromBundle(bundle: BundledSeeds, settings: ArticleSettings): SiteInput {
  const named: SeedFile[] = [];
  const problems: SeedError[] = [];
  for (const seed of bundle.files) {
    try {
      articleIdFromPath(seed.path);
      named.push({ path: seed.path, bytes: seedBytes(seed) });
    } catch (error) {
      if (!(error instanceof SeedError)) throw error; // our bug: fail loudly
      problems.push(error);
    }
  }
  const loaded = loadArticles(named, settings);
  problems.push(...loaded.problems);
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const modifiedByPath = new Map(bundle.files.map((seed) => [seed.path, seed.modifiedMs]));
  const modifiedTimes = new Map<string, number>();
  for (const article of loaded.articles) {
    const modifiedMs = modifiedByPath.get(article.sourceFile);
    if (modifiedMs !== undefined) modifiedTimes.set(article.id, modifiedMs);
  }
  return {
    articles: loaded.articles,
    problems,
    modifiedTimes,
    folderTimes: new Map(bundle.folderTimes),
  };
}
