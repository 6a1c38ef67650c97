import type { Stats } from "node:fs";
import { join } from "node:path";
import { SeedError } from "../../articles/errors.ts";
import {
  articleFromSummary,
  insertionIndex,
  loadSeed,
  seedNameProblem,
  sortNewestFirst,
} from "../../articles/load.ts";
import type { ArticleSettings } from "../../articles/normalize.ts";
import { seedTooLargeError } from "../../articles/parse-seed.ts";
import type { Article, ArticleMeta } from "../../articles/schema.ts";
import { LruCache } from "../../lru-cache.ts";
import { assembleSiteInput, type SiteInput } from "../../site/input.ts";
import { describeError } from "../describe-error.ts";
import { detachStrings } from "./detach-strings.ts";
import {
  FileTooLargeError,
  isMissing,
  type Listing,
  listSeeds,
  readStable,
  statSeeds,
  yieldToEventLoop,
} from "./seed-files.ts";

interface SeedEntry {
  readonly size: number;
  readonly modifiedMs: number;
  /** The version being published: the newest valid one, kept while a later edit is broken. */
  readonly article: ArticleMeta | undefined;
  /** The full published version while the file holds a broken edit (it cannot be re-read). */
  readonly pinned: Article | undefined;
  readonly problem: SeedError | undefined;
}

/** The seeds folder itself cannot be read; the message names it and the reason. */
export class SeedsFolderError extends Error {
  override readonly name = "SeedsFolderError";

  constructor(folder: string, cause: unknown) {
    super(`cannot read the seeds folder ${folder} (${describeError(cause)})`, { cause });
  }
}

/** What one scan found changed, for the log. */
export interface ScanReport {
  readonly added: readonly string[];
  readonly updated: readonly string[];
  readonly removed: readonly string[];
  /** Seeds found invalid in this scan (an earlier valid version stays published). */
  readonly broken: readonly SeedError[];
  /** Whether anything published, reported or dated changed. */
  readonly isChanged: boolean;
}

// Yield to the event loop after reading this many seeds, so requests are served meanwhile.
const YIELD_EVERY = 256;
// Past this many changed articles in one scan, sorting everything again is as quick.
const REORDER_LIMIT = 2_000;
// Full texts kept in memory: every article of an archive up to this size (so a broken edit can
// always keep its last good text published), else the feeds' articles and recent pages. The rest
// is read again from its indexed seed file when a document needs it.
const FULL_TEXT_CACHE = 5_000;

/**
 * The seeds folder as last read: each seed's article metadata (or problem) and times. A full
 * scan stats every file but reads and parses only those whose size or modification time
 * changed; a targeted scan looks only at the paths a file watcher named.
 */
export class SeedLibrary {
  readonly folder: string;
  readonly #settings: ArticleSettings;
  readonly #entries = new Map<string, SeedEntry>();
  readonly #fullTexts = new LruCache<string, { meta: ArticleMeta; article: Article }>(
    FULL_TEXT_CACHE,
  );
  #folderTimes = new Map<string, number>();
  /** Symbolic links not followed, by path: reported like broken seeds, never published. */
  #linkProblems = new Map<string, SeedError>();
  /** Every published article, newest first (before MAX_ARTICLES). */
  #ordered: ArticleMeta[] | undefined;
  #input: SiteInput | undefined;

  constructor(folder: string, settings: ArticleSettings) {
    this.folder = folder;
    this.#settings = settings;
  }

  /**
   * A library of `folder` after its first full scan: what every command starts from.
   * @throws {SeedsFolderError} when the folder cannot be listed.
   */
  static async open(
    folder: string,
    settings: ArticleSettings,
    onProgress?: (read: number, total: number) => void,
  ): Promise<SeedLibrary> {
    const library = new SeedLibrary(folder, settings);
    await library.scan(onProgress);
    return library;
  }

  /**
   * Brings the library up to date with the folder, or with just `changedPaths` (seed paths
   * relative to the folder) when a watcher named them.
   * @throws {SeedsFolderError} when the folder itself cannot be listed; the last good state
   *   is kept.
   */
  async scan(
    onProgress?: (read: number, total: number) => void,
    changedPaths?: ReadonlySet<string>,
  ): Promise<ScanReport> {
    let listing: Listing;
    try {
      listing =
        changedPaths === undefined
          ? await listSeeds(this.folder)
          : statSeeds(this.folder, changedPaths);
    } catch (error) {
      throw new SeedsFolderError(this.folder, error);
    }
    const stale = listing.files.filter(({ path, stats }) => {
      const entry = this.#entries.get(path);
      return entry === undefined || entry.size !== stats.size || entry.modifiedMs !== stats.mtimeMs;
    });
    const added: string[] = [];
    const updated: string[] = [];
    const broken: SeedError[] = [];
    const vanished = new Set<string>();
    // Published metadata that leaves and arrives, to reorder the list without sorting it all.
    const leaving: ArticleMeta[] = [];
    const arriving: ArticleMeta[] = [];
    let read = 0;
    for (const { path, stats } of stale) {
      const previous = this.#entries.get(path);
      const next = this.#read(path, previous, stats);
      onProgress?.(++read, stale.length);
      if (read % YIELD_EVERY === 0) await yieldToEventLoop();
      if (next === undefined) {
        vanished.add(path); // deleted between listing and reading
        continue;
      }
      this.#entries.set(path, next);
      if (next.article !== previous?.article) {
        if (previous?.article !== undefined) leaving.push(previous.article);
        if (next.article !== undefined) {
          arriving.push(next.article);
          (previous?.article === undefined ? added : updated).push(path);
        }
      }
      if (next.problem !== undefined) broken.push(next.problem);
    }

    const present = new Set(listing.files.map(({ path }) => path));
    const candidates = changedPaths === undefined ? [...this.#entries.keys()] : [...changedPaths];
    const removed = candidates.filter(
      (path) => this.#entries.has(path) && (!present.has(path) || vanished.has(path)),
    );
    for (const path of removed) {
      const article = this.#entries.get(path)?.article;
      if (article !== undefined) {
        this.#fullTexts.delete(article.id);
        leaving.push(article);
      }
      this.#entries.delete(path);
    }

    const linkProblems = new Map(changedPaths === undefined ? [] : this.#linkProblems);
    for (const path of changedPaths ?? []) linkProblems.delete(path);
    for (const problem of listing.linkProblems) {
      const previous = this.#linkProblems.get(problem.file);
      if (previous?.message !== problem.message) broken.push(problem);
      linkProblems.set(problem.file, problem);
    }
    const isLinkChanged = !sameProblems(this.#linkProblems, linkProblems);
    this.#linkProblems = linkProblems;

    const folderTimes = new Map(changedPaths === undefined ? [] : this.#folderTimes);
    for (const [folder, time] of listing.folderTimes) folderTimes.set(folder, time);
    const isFolderChanged = !sameTimes(this.#folderTimes, folderTimes);
    this.#folderTimes = folderTimes;
    const isChanged =
      added.length + updated.length + removed.length + broken.length > 0 ||
      isFolderChanged ||
      isLinkChanged ||
      stale.length > 0;
    if (isChanged || this.#input === undefined) {
      this.#reorder(leaving, arriving);
      this.#input = this.#snapshot();
    }
    return { added, updated, removed, broken, isChanged };
  }

  /** The articles to publish now (metadata, newest first), with problems, times and a reader. */
  get input(): SiteInput {
    this.#input ??= this.#snapshot();
    return this.#input;
  }

  /**
   * The full article for published metadata: from memory, or read again from its seed file.
   * Never fails: a file that vanished or broke since it was indexed gives the last version
   * kept in memory, else the summary as text, until the next scan unpublishes or updates it.
   */
  async loadArticle(meta: ArticleMeta): Promise<Article> {
    const cached = this.#fullTexts.get(meta.id);
    if (cached?.meta === meta) return cached.article;
    const entry = this.#entries.get(meta.sourceFile);
    let article: Article | undefined = entry?.pinned;
    if (article === undefined) {
      try {
        const { bytes } = readStable(
          join(this.folder, meta.sourceFile),
          this.#settings.maxSeedBytes,
        );
        const reread = loadSeed({ path: meta.sourceFile, bytes }, this.#settings).article();
        // Only the text may come from the file: the metadata stays what was published.
        article = { ...meta, contentHtml: reread.contentHtml };
      } catch {
        article = articleFromSummary(meta);
      }
    }
    this.#fullTexts.set(meta.id, { meta, article });
    return article;
  }

  /**
   * Keeps every published article in order, newest first. A reload of a few seeds moves only
   * those: re-sorting a 100k archive for one edit cost most of the reload time.
   */
  #reorder(leaving: readonly ArticleMeta[], arriving: readonly ArticleMeta[]): void {
    if (this.#ordered === undefined || leaving.length + arriving.length > REORDER_LIMIT) {
      const all: ArticleMeta[] = [];
      for (const entry of this.#entries.values()) if (entry.article) all.push(entry.article);
      this.#ordered = sortNewestFirst(all);
      return;
    }
    const gone = new Set(leaving);
    const ordered =
      gone.size === 0 ? this.#ordered : this.#ordered.filter((meta) => !gone.has(meta));
    for (const meta of arriving) ordered.splice(insertionIndex(ordered, meta), 0, meta);
    this.#ordered = ordered;
  }

  #snapshot(): SiteInput {
    const modifiedTimes = new Map<string, number>();
    const problems: SeedError[] = [...this.#linkProblems.values()];
    for (const entry of this.#entries.values()) {
      if (entry.problem !== undefined) problems.push(entry.problem);
      if (entry.article !== undefined) modifiedTimes.set(entry.article.id, entry.modifiedMs);
    }
    return assembleSiteInput({
      ordered: this.#ordered ?? [],
      problems,
      modifiedTimes,
      folderTimes: this.#folderTimes,
      maxArticles: this.#settings.maxArticles,
      loadArticle: (meta) => this.loadArticle(meta),
    });
  }

  #read(path: string, previous: SeedEntry | undefined, listed: Stats): SeedEntry | undefined {
    const maxBytes = this.#settings.maxSeedBytes;
    // MAX_SEED_BYTES is checked on the listed size, before a byte of the file is read.
    if (listed.size > maxBytes) {
      return {
        ...this.#keepPublishedWithText(previous),
        size: listed.size,
        modifiedMs: listed.mtimeMs,
        problem: seedNameProblem(path) ?? seedTooLargeError(path, listed.size, maxBytes),
      };
    }
    let bytes: Uint8Array;
    let stats: Stats;
    try {
      ({ bytes, stats } = readStable(join(this.folder, path), maxBytes));
    } catch (error) {
      if (isMissing(error)) return undefined;
      if (error instanceof FileTooLargeError) {
        // It grew past the limit after it was listed.
        return {
          ...this.#keepPublishedWithText(previous),
          size: error.stats.size,
          modifiedMs: error.stats.mtimeMs,
          problem: seedNameProblem(path) ?? seedTooLargeError(path, error.stats.size, maxBytes),
        };
      }
      const problem = new SeedError(
        path,
        undefined,
        `cannot read the file (${describeError(error)})`,
        {
          cause: error,
        },
      );
      return { ...keepPublished(previous), size: -1, modifiedMs: -1, problem };
    }
    try {
      const loaded = loadSeed({ path, bytes }, this.#settings);
      const meta = detachStrings(loaded.meta);
      // A small archive keeps every full text; a large one only metadata (memory stays bounded)
      // and builds the text when a document needs it.
      if (this.#entries.size < FULL_TEXT_CACHE) {
        this.#fullTexts.set(meta.id, {
          meta,
          article: { ...meta, contentHtml: loaded.article().contentHtml },
        });
      }
      return {
        size: stats.size,
        modifiedMs: stats.mtimeMs,
        article: meta,
        pinned: undefined,
        problem: undefined,
      };
    } catch (error) {
      if (!(error instanceof SeedError)) throw error; // our bug: fail loudly
      // The last good version stays published until the seed is fixed or deleted.
      return {
        ...this.#keepPublishedWithText(previous),
        size: stats.size,
        modifiedMs: stats.mtimeMs,
        problem: error,
      };
    }
  }

  /** The previous published version with its full text held in memory (the file is broken now). */
  #keepPublishedWithText(previous: SeedEntry | undefined) {
    if (previous?.article === undefined) return { article: undefined, pinned: undefined };
    const cached = this.#fullTexts.get(previous.article.id);
    const pinned =
      previous.pinned ?? (cached?.meta === previous.article ? cached.article : undefined);
    return {
      article: previous.article,
      pinned: pinned ?? articleFromSummary(previous.article),
    };
  }
}

function keepPublished(previous: SeedEntry | undefined) {
  return { article: previous?.article, pinned: previous?.pinned };
}

function sameProblems(
  a: ReadonlyMap<string, SeedError>,
  b: ReadonlyMap<string, SeedError>,
): boolean {
  if (a.size !== b.size) return false;
  for (const [path, problem] of a) if (b.get(path)?.message !== problem.message) return false;
  return true;
}

function sameTimes(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) if (b.get(key) !== value) return false;
  return true;
}
