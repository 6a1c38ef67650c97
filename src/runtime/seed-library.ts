import {
  closeSync,
  type Dirent,
  fstatSync,
  openSync,
  readdirSync,
  readSync,
  type Stats,
  statSync,
} from "node:fs";
import { join } from "node:path";
import { articleIdFromPath, isSeedPath } from "../articles/article-id.ts";
import { SeedError } from "../articles/errors.ts";
import { limitArticles, sortNewestFirst } from "../articles/load.ts";
import {
  type ArticleSettings,
  normalizeArticle,
  normalizeArticleMeta,
} from "../articles/normalize.ts";
import { parseSeed, seedTooLargeError } from "../articles/parse-seed.ts";
import type { Article, ArticleMeta } from "../articles/schema.ts";
import { escapeMarkup } from "../articles/text.ts";
import { LruCache } from "../http/lru-cache.ts";
import type { SiteInput } from "../http/site.ts";

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
    super(`cannot read the seeds folder ${folder} (${describe(cause)})`, { cause });
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

// A file whose size or time changes while it is read is read again, this many times at most.
const STABLE_READ_ATTEMPTS = 5;
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
  /** Every published article, newest first (before MAX_ARTICLES). */
  #ordered: ArticleMeta[] | undefined;
  #input: SiteInput | undefined;

  constructor(folder: string, settings: ArticleSettings) {
    this.folder = folder;
    this.#settings = settings;
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

    const folderTimes = new Map(changedPaths === undefined ? [] : this.#folderTimes);
    for (const [folder, time] of listing.folderTimes) folderTimes.set(folder, time);
    const isFolderChanged = !sameTimes(this.#folderTimes, folderTimes);
    this.#folderTimes = folderTimes;
    const isChanged =
      added.length + updated.length + removed.length + broken.length > 0 ||
      isFolderChanged ||
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
        const reread = normalizeArticle(
          parseSeed({ path: meta.sourceFile, bytes }, this.#settings),
          this.#settings,
        );
        // Only the text may come from the file: the metadata stays what was published.
        article = { ...meta, contentHtml: reread.contentHtml };
      } catch {
        article = {
          ...meta,
          contentHtml: meta.summary === "" ? "" : `<p>${escapeMarkup(meta.summary)}</p>`,
        };
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
    const problems: SeedError[] = [];
    const modifiedTimes = new Map<string, number>();
    for (const entry of this.#entries.values()) {
      if (entry.problem !== undefined) problems.push(entry.problem);
      if (entry.article !== undefined) modifiedTimes.set(entry.article.id, entry.modifiedMs);
    }
    // MAX_ARTICLES: the newest are published, every older one is reported by its file.
    const { published, skipped } = limitArticles(this.#ordered ?? [], this.#settings.maxArticles);
    problems.push(...skipped);
    problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    return {
      articles: published,
      problems,
      modifiedTimes,
      folderTimes: this.#folderTimes,
      loadArticle: (meta) => this.loadArticle(meta),
    };
  }

  #read(path: string, previous: SeedEntry | undefined, listed: Stats): SeedEntry | undefined {
    const maxBytes = this.#settings.maxSeedBytes;
    // MAX_SEED_BYTES is checked on the listed size, before a byte of the file is read.
    if (listed.size > maxBytes) {
      return {
        ...this.#keepPublishedWithText(previous),
        size: listed.size,
        modifiedMs: listed.mtimeMs,
        problem: nameProblem(path) ?? seedTooLargeError(path, listed.size, maxBytes),
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
          problem: nameProblem(path) ?? seedTooLargeError(path, error.stats.size, maxBytes),
        };
      }
      const problem = new SeedError(path, undefined, `cannot read the file (${describe(error)})`, {
        cause: error,
      });
      return { ...keepPublished(previous), size: -1, modifiedMs: -1, problem };
    }
    try {
      articleIdFromPath(path);
      const seed = parseSeed({ path, bytes }, this.#settings);
      const meta = detachStrings(normalizeArticleMeta(seed, this.#settings));
      // A small archive keeps every full text; a large one only metadata (memory stays bounded)
      // and builds the text when a document needs it.
      if (this.#entries.size < FULL_TEXT_CACHE) {
        this.#fullTexts.set(meta.id, { meta, article: normalizeArticle(seed, this.#settings) });
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
      pinned: pinned ?? {
        ...previous.article,
        contentHtml: `<p>${escapeMarkup(previous.article.summary)}</p>`,
      },
    };
  }
}

/** The problem of a seed's file name, if it has one (it is reported before anything else). */
function nameProblem(path: string): SeedError | undefined {
  try {
    articleIdFromPath(path);
    return undefined;
  } catch (error) {
    if (!(error instanceof SeedError)) throw error; // our bug: fail loudly
    return error;
  }
}

function keepPublished(previous: SeedEntry | undefined) {
  return { article: previous?.article, pinned: previous?.pinned };
}

/** What one listing of a seeds folder found: its seeds, sorted by path, and its folders' times. */
export interface Listing {
  readonly files: ReadonlyArray<{ readonly path: string; readonly stats: Stats }>;
  readonly folderTimes: Map<string, number>;
}

/**
 * Lists every `*.txt` below the folder with its stats, sorted by path, and every folder's
 * modification time. Synchronous calls, in slices that yield to the event loop: the promise API
 * costs several times more per call, and a large archive makes hundreds of thousands of them.
 * @throws the file system's error when the root folder cannot be listed.
 */
export async function listSeeds(root: string): Promise<Listing> {
  const files: Array<{ path: string; stats: Stats }> = [];
  const folderTimes = new Map<string, number>();
  const pending = [""];
  let calls = 0;
  for (let folder = pending.pop(); folder !== undefined; folder = pending.pop()) {
    const absolute = folder === "" ? root : join(root, folder);
    let entries: Dirent[];
    try {
      folderTimes.set(folder, statSync(absolute).mtimeMs);
      entries = readdirSync(absolute, { withFileTypes: true });
    } catch (error) {
      // The root must be readable; a subfolder removed while listing is simply gone.
      if (folder === "" || !isMissing(error)) throw error;
      continue;
    }
    for (const entry of entries) {
      const path = folder === "" ? entry.name : `${folder}/${entry.name}`;
      if (entry.isDirectory()) pending.push(path);
      if (!entry.isFile() || !isSeedPath(path)) continue;
      try {
        files.push({ path, stats: statSync(join(root, path)) });
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
      if (++calls % YIELD_EVERY === 0) await yieldToEventLoop();
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, folderTimes };
}

/** Stats only the named seeds and their folders (a missing one is left out: it was deleted). */
function statSeeds(root: string, paths: ReadonlySet<string>): Listing {
  statSync(root); // the folder itself must still be there
  const files: Array<{ path: string; stats: Stats }> = [];
  const folderTimes = new Map<string, number>();
  for (const path of paths) {
    const folder = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "";
    try {
      if (!folderTimes.has(folder)) folderTimes.set(folder, statSync(join(root, folder)).mtimeMs);
      const stats = statSync(join(root, path));
      if (stats.isFile()) files.push({ path, stats });
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }
  return { files, folderTimes };
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A file that turned out larger than MAX_SEED_BYTES when it was opened or read. */
class FileTooLargeError extends Error {
  override readonly name = "FileTooLargeError";
  readonly stats: Stats;

  constructor(stats: Stats) {
    super(`file is ${stats.size} bytes`);
    this.stats = stats;
  }
}

/**
 * Reads a file until the sizes and times before and after the read agree, so a file still being
 * written is not taken half-way (the watcher's next event reads it again when it is done).
 * @throws {FileTooLargeError} when the file is larger than `maxBytes`; at most `maxBytes + 1`
 *   bytes of it are read.
 */
function readStable(file: string, maxBytes: number): { bytes: Uint8Array; stats: Stats } {
  for (let attempt = 1; ; attempt++) {
    const descriptor = openSync(file, "r");
    try {
      const before = fstatSync(descriptor);
      if (before.size > maxBytes) throw new FileTooLargeError(before);
      const bytes = readAll(descriptor, before.size, maxBytes);
      const after = fstatSync(descriptor);
      if (after.size > maxBytes) throw new FileTooLargeError(after);
      const isStable =
        after.size === before.size &&
        after.mtimeMs === before.mtimeMs &&
        bytes.length === after.size;
      if (isStable || attempt >= STABLE_READ_ATTEMPTS) return { bytes, stats: after };
    } finally {
      closeSync(descriptor);
    }
  }
}

/**
 * Reads from the start to the end of the file, which may have grown since it was measured, but
 * never more than `maxBytes + 1` bytes (enough to see that it is too large).
 */
function readAll(descriptor: number, expectedSize: number, maxBytes: number): Uint8Array {
  let buffer = new Uint8Array(expectedSize + 1);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      const larger = new Uint8Array(Math.min(buffer.length * 2, maxBytes + 1));
      larger.set(buffer);
      buffer = larger;
    }
    const read = readSync(descriptor, buffer, length, buffer.length - length, length);
    if (read === 0) return buffer.subarray(0, length);
    length += read;
    if (length > maxBytes) return buffer.subarray(0, length);
  }
}

/**
 * A copy of the metadata whose strings own their characters. V8 makes a substring a view into
 * its parent, so a title cut from a seed's first line would keep the whole file's text alive:
 * for a 100k archive that was over a gigabyte held for a few hundred bytes each.
 */
function detachStrings(meta: ArticleMeta): ArticleMeta {
  const own = (text: string) => Buffer.from(text, "utf8").toString("utf8");
  return {
    ...meta,
    id: own(meta.id),
    title: own(meta.title),
    summary: own(meta.summary),
    textCredits: meta.textCredits.map(own),
    photoCredits: meta.photoCredits.map((photo) => ({
      credit: own(photo.credit),
      caption: own(photo.caption),
    })),
    sourceFile: own(meta.sourceFile),
  };
}

/** Where an article goes in a newest-first list: binary search by date, then id. */
function insertionIndex(ordered: readonly ArticleMeta[], meta: ArticleMeta): number {
  const time = Date.parse(meta.published);
  let low = 0;
  let high = ordered.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const other = ordered[middle] as ArticleMeta;
    const otherTime = Date.parse(other.published);
    const isBefore = otherTime > time || (otherTime === time && other.id < meta.id);
    if (isBefore) low = middle + 1;
    else high = middle;
  }
  return low;
}

function sameTimes(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) if (b.get(key) !== value) return false;
  return true;
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code ?? (error instanceof Error ? error.message : String(error));
}
