import type { Stats } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { articleIdFromPath, isSeedPath } from "../articles/article-id.ts";
import { SeedError } from "../articles/errors.ts";
import { sortNewestFirst } from "../articles/load.ts";
import { type ArticleSettings, normalizeArticle } from "../articles/normalize.ts";
import { parseSeed } from "../articles/parse-seed.ts";
import type { Article } from "../articles/schema.ts";
import type { SiteInput } from "../http/site.ts";

interface SeedEntry {
  readonly size: number;
  readonly modifiedMs: number;
  /** The version being published: the newest valid one, kept while a later edit is broken. */
  readonly article: Article | undefined;
  readonly problem: SeedError | undefined;
}

/** What one scan found changed, for the log. */
export interface ScanReport {
  readonly added: readonly string[];
  readonly updated: readonly string[];
  readonly removed: readonly string[];
  /** Seeds that became invalid in this scan (their last good version stays published). */
  readonly broken: readonly SeedError[];
  /** Seeds whose first version is invalid, or that were already reported. */
  readonly isChanged: boolean;
}

// A file whose size or time changes while it is read is read again, this many times at most.
const STABLE_READ_ATTEMPTS = 5;
const READ_CONCURRENCY = 64;

/**
 * The seeds folder as last read: each seed's article (or problem) and times. A scan stats every
 * file but reads and parses only those whose size or modification time changed.
 */
export class SeedLibrary {
  readonly folder: string;
  readonly #settings: ArticleSettings;
  readonly #entries = new Map<string, SeedEntry>();
  #folderTimes = new Map<string, number>();
  #input: SiteInput | undefined;

  constructor(folder: string, settings: ArticleSettings) {
    this.folder = folder;
    this.#settings = settings;
  }

  /**
   * Brings the library up to date with the folder.
   * @throws the file system's error when the folder itself cannot be listed; the last good
   *   state is kept.
   */
  async scan(onProgress?: (read: number, total: number) => void): Promise<ScanReport> {
    const listing = await listSeeds(this.folder);
    const added: string[] = [];
    const updated: string[] = [];
    const broken: SeedError[] = [];
    const stale = listing.files.filter(({ path, stats }) => {
      const entry = this.#entries.get(path);
      return entry === undefined || entry.size !== stats.size || entry.modifiedMs !== stats.mtimeMs;
    });
    let read = 0;
    await forEachLimited(stale, READ_CONCURRENCY, async ({ path }) => {
      const previous = this.#entries.get(path);
      const next = await this.#load(path, previous);
      if (next === undefined) return; // deleted between listing and reading
      this.#entries.set(path, next);
      read++;
      onProgress?.(read, stale.length);
      if (next.problem !== undefined && next.problem !== previous?.problem)
        broken.push(next.problem);
      if (next.article !== previous?.article && next.article !== undefined) {
        (previous?.article === undefined ? added : updated).push(path);
      }
    });
    const present = new Set(listing.files.map(({ path }) => path));
    const removed = [...this.#entries.keys()].filter((path) => !present.has(path));
    for (const path of removed) this.#entries.delete(path);
    const isFolderChanged = !sameTimes(this.#folderTimes, listing.folderTimes);
    this.#folderTimes = listing.folderTimes;
    const isChanged =
      added.length + updated.length + removed.length + broken.length > 0 || isFolderChanged;
    if (isChanged || this.#input === undefined) this.#input = this.#snapshot();
    return { added, updated, removed, broken, isChanged };
  }

  /** The articles to publish now, with their problems and times. */
  get input(): SiteInput {
    this.#input ??= this.#snapshot();
    return this.#input;
  }

  #snapshot(): SiteInput {
    const articles: Article[] = [];
    const problems: SeedError[] = [];
    const modifiedTimes = new Map<string, number>();
    for (const entry of this.#entries.values()) {
      if (entry.problem !== undefined) problems.push(entry.problem);
      if (entry.article !== undefined) {
        articles.push(entry.article);
        modifiedTimes.set(entry.article.id, entry.modifiedMs);
      }
    }
    problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    return {
      articles: sortNewestFirst(articles),
      problems,
      modifiedTimes,
      folderTimes: this.#folderTimes,
    };
  }

  async #load(path: string, previous: SeedEntry | undefined): Promise<SeedEntry | undefined> {
    const file = join(this.folder, path);
    try {
      const { bytes, stats } = await readStable(file);
      try {
        articleIdFromPath(path);
        const article = normalizeArticle(parseSeed({ path, bytes }), this.#settings);
        return { size: stats.size, modifiedMs: stats.mtimeMs, article, problem: undefined };
      } catch (error) {
        if (!(error instanceof SeedError)) throw error; // our bug: fail loudly
        // The last good version stays published until the seed is fixed or deleted.
        return {
          size: stats.size,
          modifiedMs: stats.mtimeMs,
          article: previous?.article,
          problem: error,
        };
      }
    } catch (error) {
      if (error instanceof SeedError) throw error;
      if (isMissing(error)) return undefined;
      const problem = new SeedError(path, undefined, `cannot read the file (${describe(error)})`, {
        cause: error,
      });
      return {
        size: previous?.size ?? -1,
        modifiedMs: previous?.modifiedMs ?? -1,
        article: previous?.article,
        problem,
      };
    }
  }
}

interface Listing {
  readonly files: ReadonlyArray<{ readonly path: string; readonly stats: Stats }>;
  readonly folderTimes: Map<string, number>;
}

/** Lists every `*.txt` below the folder with its stats, and every folder's modification time. */
async function listSeeds(root: string): Promise<Listing> {
  const files: Array<{ path: string; stats: Stats }> = [];
  const folderTimes = new Map<string, number>();
  const pending = [""];
  for (let folder = pending.pop(); folder !== undefined; folder = pending.pop()) {
    const absolute = folder === "" ? root : join(root, folder);
    let entries: import("node:fs").Dirent[];
    try {
      folderTimes.set(folder, (await stat(absolute)).mtimeMs);
      entries = await readdir(absolute, { withFileTypes: true });
    } catch (error) {
      // The root must be readable; a subfolder removed while listing is simply gone.
      if (folder === "" || !isMissing(error)) throw error;
      continue;
    }
    const seeds: string[] = [];
    for (const entry of entries) {
      const path = folder === "" ? entry.name : `${folder}/${entry.name}`;
      if (entry.isDirectory()) pending.push(path);
      else if (entry.isFile() && isSeedPath(path)) seeds.push(path);
    }
    await forEachLimited(seeds, READ_CONCURRENCY, async (path) => {
      try {
        files.push({ path, stats: await stat(join(root, path)) });
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, folderTimes };
}

/** Reads a file until two stats around the read agree, so a half-written file is not taken. */
async function readStable(file: string): Promise<{ bytes: Uint8Array; stats: Stats }> {
  let before = await stat(file);
  for (let attempt = 1; ; attempt++) {
    const bytes = new Uint8Array(await readFile(file));
    const after = await stat(file);
    const isStable =
      after.size === before.size && after.mtimeMs === before.mtimeMs && bytes.length === after.size;
    if (isStable || attempt >= STABLE_READ_ATTEMPTS) return { bytes, stats: after };
    before = after;
  }
}

async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function sameTimes(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) if (b.get(key) !== value) return false;
  return true;
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === "ENOENT";
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code ?? (error instanceof Error ? error.message : String(error));
}
