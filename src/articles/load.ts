import { articleIdFromPath } from "./article-id.ts";
import { SeedError, sortByFile } from "./errors.ts";
import {
  type ArticleSettings,
  leadParagraph,
  normalizeArticleMeta,
  withContent,
} from "./normalize.ts";
import { parseSeed, type SeedFile } from "./parse-seed.ts";
import type { Article, ArticleMeta } from "./schema.ts";
import { type ByteViews, summarizeSeed, summaryOf } from "./seed-summary.ts";

/** One seed turned into an article: its metadata now, its full text when asked for. */
export interface LoadedSeed {
  readonly meta: ArticleMeta;
  /** The article with its full text as HTML, built from the same parse (no second check). */
  readonly article: () => Article;
}

/**
 * The one path from a seed file to an article, on every target: the file name first (so a badly
 * named file is reported for its name whatever it holds), then the text, then the settings.
 * @throws {SeedError} locating the first problem.
 */
export function loadSeed(file: SeedFile, settings: ArticleSettings): LoadedSeed {
  const id = articleIdFromPath(file.path);
  const seed = parseSeed(file, settings);
  const meta = normalizeArticleMeta(summaryOf(seed), settings, id);
  return { meta, article: () => withContent(meta, seed) };
}

/**
 * The metadata `loadSeed` gives, without parsing the full text when the runtime has the byte
 * primitives for it (see summarizeSeed): what indexing a seed whose text is not kept needs.
 * @throws {SeedError} locating the first problem, as loadSeed does.
 */
export function loadSeedMeta(
  file: SeedFile,
  settings: ArticleSettings,
  views?: ByteViews,
): ArticleMeta {
  const id = articleIdFromPath(file.path);
  return normalizeArticleMeta(summarizeSeed(file, settings, views), settings, id);
}

/**
 * The full article for metadata already published from exactly these bytes (the cache's copy of
 * the published version): the text is parsed again, the metadata is not normalised again. That
 * normalisation (dates, schema) was a third of what an export spent reloading texts.
 * @throws {SeedError} when the bytes no longer parse (a newer parser may refuse them).
 */
export function loadFullText(
  file: SeedFile,
  meta: ArticleMeta,
  settings: ArticleSettings,
): Article {
  return withContent(meta, parseSeed(file, settings));
}

/** The problem with a seed's file name, if any: checked before a byte of the file is read. */
export function seedNameProblem(path: string): SeedError | undefined {
  try {
    articleIdFromPath(path);
    return undefined;
  } catch (error) {
    if (!(error instanceof SeedError)) throw error; // our bug: fail loudly
    return error;
  }
}

/**
 * What an article shows when its full text can no longer be read (its seed vanished or broke
 * after it was indexed, and no earlier text is in memory): its summary as the text.
 */
export function articleFromSummary(meta: ArticleMeta): Article {
  return { ...meta, contentHtml: leadParagraph(meta.summary) };
}

export interface LoadResult {
  readonly articles: readonly Article[];
  readonly problems: readonly SeedError[];
}

/**
 * Parses and normalises a batch of seeds. A broken seed becomes a problem and is skipped;
 * the others are still published, at most MAX_ARTICLES of them (the newest). Problems are
 * sorted by file.
 */
export function loadArticles(files: readonly SeedFile[], settings: ArticleSettings): LoadResult {
  const articles: Article[] = [];
  const problems: SeedError[] = [];
  for (const file of files) {
    try {
      articles.push(loadSeed(file, settings).article());
    } catch (error) {
      if (!(error instanceof SeedError)) throw error; // our bug: fail loudly
      problems.push(error);
    }
  }
  const { published, skipped } = limitArticles(sortNewestFirst(articles), settings.maxArticles);
  return { articles: published, problems: sortByFile([...problems, ...skipped]) };
}

/**
 * MAX_ARTICLES: the newest `maxArticles` of a newest-first list are published; every older one
 * is reported as a problem of its own file, so each unpublished seed is named (and the log,
 * `npm run check` and /healthz count it like any other), never dropped silently.
 */
export function limitArticles<T extends ArticleMeta>(
  newestFirst: readonly T[],
  maxArticles: number,
): { published: T[]; skipped: SeedError[] } {
  if (newestFirst.length <= maxArticles) return { published: [...newestFirst], skipped: [] };
  return {
    published: newestFirst.slice(0, maxArticles),
    skipped: newestFirst
      .slice(maxArticles)
      .map(
        (article) =>
          new SeedError(
            article.sourceFile,
            undefined,
            `not published: older than the newest MAX_ARTICLES (${maxArticles}) articles`,
          ),
      ),
  };
}

/**
 * Newest first; articles of the same moment ordered by id, so the order never depends on I/O.
 * Articles share their day's date, so they are grouped by it first: each date is parsed once and
 * the n log n sort runs over the few thousand distinct dates, not over 100k articles (a third of
 * a 100k archive's warm start went into the plain sort).
 */
export function sortNewestFirst<T extends ArticleMeta>(articles: readonly T[]): T[] {
  const byDate = new Map<string, T[]>();
  for (const article of articles) {
    const group = byDate.get(article.published);
    if (group === undefined) byDate.set(article.published, [article]);
    else group.push(article);
  }
  const dates = [...byDate].map(([published, group]) => ({ time: Date.parse(published), group }));
  dates.sort((a, b) => b.time - a.time);
  const sorted: T[] = [];
  for (let start = 0; start < dates.length; ) {
    // Dates written with different offsets can be the same moment: one group.
    const time = dates[start]?.time;
    const moment: T[] = [];
    for (; start < dates.length && dates[start]?.time === time; start++) {
      for (const article of dates[start]?.group ?? []) moment.push(article);
    }
    if (!isSortedById(moment)) moment.sort((a, b) => compareIds(a.id, b.id));
    for (const article of moment) sorted.push(article);
  }
  return sorted;
}

function isSortedById(articles: readonly ArticleMeta[]): boolean {
  for (let index = 1; index < articles.length; index++) {
    if (
      compareIds((articles[index - 1] as ArticleMeta).id, (articles[index] as ArticleMeta).id) > 0
    ) {
      return false;
    }
  }
  return true;
}

/** Where an article goes in a newest-first list (binary search by date, then id). */
export function insertionIndex(ordered: readonly ArticleMeta[], meta: ArticleMeta): number {
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

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
