import { join } from "node:path";
import { SeedError } from "../../articles/errors.ts";
import {
  articleFromSummary,
  insertionIndex,
  loadFullText,
  loadSeed,
  loadSeedMeta,
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
import { nodeByteViews } from "./node-byte-views.ts";
import type { RememberedSeed, SeedCache, SeedSource } from "./seed-cache.ts";
import { type CachedSeed, isSameStat, type StatKey, type TextRef } from "./seed-cache-format.ts";
import { type Listing, listSeeds, readStable, statSeeds, yieldToEventLoop } from "./seed-files.ts";
import { SeedReadAhead } from "./seed-read-ahead.ts";
import { readSeed } from "./seed-reading.ts";

interface SeedEntry {
  readonly size: number;
  readonly modifiedMs: number;
  /** The version being published: the newest valid one, kept while a later edit is broken. */
  readonly article: ArticleMeta | undefined;
  /** Where the published version came from: its file's stat key, and its bytes in the cache. */
  readonly source: SeedSource | undefined;
  /**
   * The full published version while the file holds a broken edit and the cache does not hold
   * its bytes (it cannot be re-read).
   */
  readonly pinned: Article | undefined;
  readonly problem: SeedError | undefined;
}

export interface SeedLibraryOptions {
  /**
   * The seeds folder's cache (the Node server's): seeds unchanged since it was saved are not read
   * again, and the bytes of every published version are kept there.
   */
  readonly cache?: SeedCache;
  /** How many full texts to keep in memory (FULL_TEXT_CACHE); tests make it small. */
  readonly fullTextCacheSize?: number;
  /**
   * From how many seeds to read in one scan a thread reads them ahead (READ_AHEAD_MIN); tests
   * make it small, the start-up probe turns it off with Infinity.
   */
  readonly readAheadMin?: number;
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
  /** Seeds taken from the cache without being read: unchanged since the cache saved them. */
  readonly restored: number;
}

// Yield to the event loop after reading this many seeds, so requests are served meanwhile.
const YIELD_EVERY = 256;
// Past this many changed articles in one scan, sorting everything again is as quick.
const REORDER_LIMIT = 2_000;
// Full texts kept in memory: every article of an archive up to this size, else the feeds' articles
// and recent pages. The rest is read again when a document needs it: from the cache's copy of the
// published version, else from the seed file. Without a cache, a broken edit can keep its last
// good text only while that text is in memory.
const FULL_TEXT_CACHE = 5_000;
// Seeds to read in one scan from which a thread reads them ahead (SeedReadAhead); fewer are read
// sooner than the thread starts.
const READ_AHEAD_MIN = 1_000;

/**
 * The seeds folder as last read: each seed's article metadata (or problem) and times. A full
 * scan stats every file but reads and parses only those whose size or modification time
 * changed; a targeted scan looks only at the paths a file watcher named.
 */
export class SeedLibrary {
  readonly folder: string;
  readonly #settings: ArticleSettings;
  readonly #cache: SeedCache | undefined;
  readonly #fullTextCacheSize: number;
  readonly #readAheadMin: number;
  readonly #entries = new Map<string, SeedEntry>();
  readonly #fullTexts: LruCache<string, { meta: ArticleMeta; article: Article }>;
  #isFirstScan = true;
  #folderTimes = new Map<string, number>();
  /** Symbolic links not followed, by path: reported like broken seeds, never published. */
  #linkProblems = new Map<string, SeedError>();
  /** Every published article, newest first (before MAX_ARTICLES). */
  #ordered: ArticleMeta[] | undefined;
  #input: SiteInput | undefined;

  constructor(folder: string, settings: ArticleSettings, options: SeedLibraryOptions = {}) {
    this.folder = folder;
    this.#settings = settings;
    this.#cache = options.cache;
    this.#fullTextCacheSize = options.fullTextCacheSize ?? FULL_TEXT_CACHE;
    this.#readAheadMin = options.readAheadMin ?? READ_AHEAD_MIN;
    this.#fullTexts = new LruCache(this.#fullTextCacheSize);
  }

  /**
   * A library of `folder` after its first full scan: what every command starts from.
   * @throws {SeedsFolderError} when the folder cannot be listed.
   */
  static async open(
    folder: string,
    settings: ArticleSettings,
    onProgress?: (read: number, total: number) => void,
    options: SeedLibraryOptions = {},
  ): Promise<SeedLibrary> {
    const library = new SeedLibrary(folder, settings, options);
    library.firstScan = await library.scan(onProgress);
    return library;
  }

  /** What the first scan found (open's): how many seeds the cache spared reading. */
  firstScan: ScanReport | undefined;

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
    // What changed for the cache: each path's published version, or undefined when it is gone.
    const saved: Array<[string, CachedSeed | undefined]> = [];
    // Published metadata that leaves and arrives, to reorder the list without sorting it all.
    const leaving: ArticleMeta[] = [];
    const arriving: ArticleMeta[] = [];
    let read = 0;
    let restored = 0;
    // The seeds this scan will read (not the ones the cache restores), in the loop's order, read
    // ahead on a thread while the loop below parses. Asked before any `recall`, which forgets
    // what it gives.
    const toRead = stale
      .filter(
        ({ path, stats }) =>
          stats.size <= this.#settings.maxSeedBytes &&
          (this.#entries.has(path) || this.#cache?.mayRestore(path) !== true),
      )
      .map(({ path }) => path);
    const readAhead =
      toRead.length >= this.#readAheadMin ? new SeedReadAhead(this.folder, toRead) : undefined;
    let nextAhead = 0;
    try {
      for (const { path, stats } of stale) {
        const isReadAhead = readAhead !== undefined && toRead[nextAhead] === path;
        const previous = this.#entries.get(path);
        // What the cache remembers of a seed this process has not read yet.
        const remembered = previous === undefined ? this.#cache?.recall(path) : undefined;
        const unchanged = this.#restore(remembered, stats);
        if (unchanged !== undefined) restored++;
        const next = unchanged ?? this.#read(path, previous, stats, remembered);
        if (isReadAhead) {
          nextAhead++;
          readAhead.passed();
        }
        // Counted outside the call: `onProgress?.(++read)` skips its argument when no callback
        // is given, and the yield below then came after every seed (an export's first scan).
        read++;
        onProgress?.(read, stale.length);
        if (read % YIELD_EVERY === 0) await yieldToEventLoop();
        if (next === undefined) {
          vanished.add(path); // deleted between listing and reading
          continue;
        }
        this.#entries.set(path, next);
        if (next.source !== (previous?.source ?? remembered?.source)) {
          saved.push([path, cachedSeedOf(next)]);
        }
        if (next.article !== previous?.article) {
          if (previous?.article !== undefined) leaving.push(previous.article);
          if (next.article !== undefined) {
            arriving.push(next.article);
            (previous?.article === undefined ? added : updated).push(path);
          }
        }
        if (next.problem !== undefined) broken.push(next.problem);
      }
    } finally {
      await readAhead?.close();
    }

    const present = new Set(listing.files.map(({ path }) => path));
    const candidates = changedPaths === undefined ? [...this.#entries.keys()] : [...changedPaths];
    const removed = candidates.filter(
      (path) => this.#entries.has(path) && (!present.has(path) || vanished.has(path)),
    );
    for (const path of removed) {
      const entry = this.#entries.get(path);
      if (entry?.article !== undefined) {
        this.#fullTexts.delete(entry.article.id);
        leaving.push(entry.article);
      }
      if (entry?.source !== undefined) saved.push([path, undefined]);
      this.#entries.delete(path);
    }
    if (this.#isFirstScan) {
      // Seeds the cache remembers that are no longer in the folder were deleted meanwhile.
      for (const path of this.#cache?.forgetRemembered() ?? []) saved.push([path, undefined]);
      this.#isFirstScan = false;
    }
    this.#cache?.save(saved, () => this.#cachedState());

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
    return { added, updated, removed, broken, isChanged, restored };
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
    const isPublished = entry?.article === meta;
    let article: Article | undefined = isPublished ? entry.pinned : undefined;
    // The cache's copy is exactly the published version, even while the file is broken.
    const text = isPublished ? entry.source?.text : undefined;
    if (article === undefined && text !== undefined) article = this.#fromText(meta, text);
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

  /** Every published version, as the cache saves it. */
  #cachedState(): Array<[string, CachedSeed]> {
    const state: Array<[string, CachedSeed]> = [];
    for (const [path, entry] of this.#entries) {
      const seed = cachedSeedOf(entry);
      if (seed !== undefined) state.push([path, seed]);
    }
    return state;
  }

  /** The published version's full text from the cache's copy of its bytes. */
  #fromText(meta: ArticleMeta, text: TextRef): Article | undefined {
    const bytes = this.#cache?.readText(text);
    if (bytes === undefined) return undefined;
    try {
      return loadFullText({ path: meta.sourceFile, bytes }, meta, this.#settings);
    } catch {
      return undefined; // parsed once; a different parser may refuse it now
    }
  }

  /**
   * The entry of a seed that has not changed since the cache saved it: its metadata without
   * reading the file. Only under the same parser and settings, and the same file (stat key).
   */
  #restore(remembered: RememberedSeed | undefined, listed: StatKey): SeedEntry | undefined {
    if (remembered?.meta === undefined || !isSameStat(remembered.source.stat, listed)) {
      return undefined;
    }
    return {
      size: listed.size,
      modifiedMs: listed.mtimeMs,
      article: remembered.meta,
      source: remembered.source,
      pinned: undefined,
      problem: undefined,
    };
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

  /** Whether a seed read now keeps its full text in memory (see FULL_TEXT_CACHE). */
  #keepsFullText(): boolean {
    // Without a cache, a small archive keeps every full text (a broken edit can keep only a
    // text that is in memory); a large one only metadata (memory stays bounded). With one, the
    // cache keeps every published version's bytes and texts are built when documents need them.
    return this.#entries.size < this.#fullTextCacheSize && this.#cache?.isWritable !== true;
  }

  /** The entry of a seed whose file changed, read and parsed now. */
  #read(
    path: string,
    current: SeedEntry | undefined,
    listed: StatKey,
    remembered: RememberedSeed | undefined,
  ): SeedEntry | undefined {
    // The version to keep publishing if this one is broken: this process's, else the cache's.
    const previous = () => current ?? this.#lastGoodOf(path, remembered);
    const maxBytes = this.#settings.maxSeedBytes;
    // MAX_SEED_BYTES is checked on the listed size, before a byte of the file is read.
    if (listed.size > maxBytes) {
      return {
        ...this.#keepPublishedWithText(previous()),
        size: listed.size,
        modifiedMs: listed.mtimeMs,
        problem: seedNameProblem(path) ?? seedTooLargeError(path, listed.size, maxBytes),
      };
    }
    const found = readSeed(this.folder, path, this.#settings, this.#keepsFullText(), listed);
    switch (found.kind) {
      case "missing":
        return undefined;
      case "too-large":
        // It grew past the limit after it was listed.
        return {
          ...this.#keepPublishedWithText(previous()),
          size: found.stats.size,
          modifiedMs: found.stats.mtimeMs,
          problem: seedNameProblem(path) ?? seedTooLargeError(path, found.stats.size, maxBytes),
        };
      case "unreadable": {
        const reason = `cannot read the file (${describeError(found.error)})`;
        const problem = new SeedError(path, undefined, reason, { cause: found.error });
        return { ...keepPublished(previous()), size: -1, modifiedMs: -1, problem };
      }
      case "invalid":
        // The last good version stays published until the seed is fixed or deleted.
        return {
          ...this.#keepPublishedWithText(previous()),
          size: found.stats.size,
          modifiedMs: found.stats.mtimeMs,
          problem: found.problem,
        };
      case "parsed": {
        const meta = detachStrings(found.meta);
        // Asked for exactly when #keepsFullText() held, just above.
        if (found.contentHtml !== undefined) {
          this.#fullTexts.set(meta.id, {
            meta,
            article: { ...meta, contentHtml: found.contentHtml },
          });
        }
        // Kept before anything else can change the file: the last good version of every seed.
        const known = (current ?? remembered)?.source?.text;
        return {
          size: found.stats.size,
          modifiedMs: found.stats.mtimeMs,
          article: meta,
          source: { stat: found.stats, text: this.#cache?.storeText(found.bytes, known) },
          pinned: undefined,
          problem: undefined,
        };
      }
    }
  }

  /**
   * The version of a seed the cache kept from an earlier run, for a seed that is broken now: its
   * metadata as cached, or (after a change of parser or settings) as its kept bytes parse now.
   */
  #lastGoodOf(path: string, remembered: RememberedSeed | undefined): SeedEntry | undefined {
    if (remembered === undefined) return undefined;
    let article = remembered.meta;
    const text = remembered.source.text;
    if (article === undefined && text !== undefined) {
      const bytes = this.#cache?.readText(text);
      try {
        article =
          bytes === undefined
            ? undefined
            : detachStrings(loadSeedMeta({ path, bytes }, this.#settings, nodeByteViews));
      } catch {
        article = undefined; // valid under the old parser or settings, not under these
      }
    }
    if (article === undefined) return undefined;
    const { size, mtimeMs } = remembered.source.stat;
    return {
      size,
      modifiedMs: mtimeMs,
      article,
      source: remembered.source,
      pinned: undefined,
      problem: undefined,
    };
  }

  /**
   * The previous published version, for a seed whose file is broken now. Its full text comes
   * from the cache's copy of its bytes; without one, it is pinned in memory if it is there.
   */
  #keepPublishedWithText(previous: SeedEntry | undefined) {
    if (previous?.article === undefined) {
      return { article: undefined, source: undefined, pinned: undefined };
    }
    if (previous.source?.text !== undefined) {
      return { article: previous.article, source: previous.source, pinned: undefined };
    }
    const cached = this.#fullTexts.get(previous.article.id);
    const pinned =
      previous.pinned ?? (cached?.meta === previous.article ? cached.article : undefined);
    return {
      article: previous.article,
      source: previous.source,
      pinned: pinned ?? articleFromSummary(previous.article),
    };
  }
}

function keepPublished(previous: SeedEntry | undefined) {
  return { article: previous?.article, source: previous?.source, pinned: previous?.pinned };
}

/** What the cache saves of an entry: its published version, if it has one. */
function cachedSeedOf(entry: SeedEntry): CachedSeed | undefined {
  const { article, source } = entry;
  if (article === undefined || source === undefined) return undefined;
  // The published metadata holds every field the cache writes: a copy of them per seed was
  // 7 MiB more at the peak of a 100k first start, while its snapshot is written.
  return { stat: source.stat, fields: article, text: source.text };
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
