import { SeedError } from "./errors.ts";
import { type ArticleSettings, normalizeArticle } from "./normalize.ts";
import { parseSeed, type SeedFile } from "./parse-seed.ts";
import type { Article, ArticleMeta } from "./schema.ts";

export interface LoadResult {
  readonly articles: readonly Article[];
  readonly problems: readonly SeedError[];
}

/**
 * Parses and normalises a batch of seeds. A broken seed becomes a problem and is skipped;
 * the others are still published, at most MAX_ARTICLES of them (the newest).
 */
export function loadArticles(files: readonly SeedFile[], settings: ArticleSettings): LoadResult {
  const articles: Article[] = [];
  const problems: SeedError[] = [];
  for (const file of files) {
    try {
      articles.push(normalizeArticle(parseSeed(file, settings), settings));
    } catch (error) {
      if (!(error instanceof SeedError)) throw error; // our bug: fail loudly
      problems.push(error);
    }
  }
  const { published, skipped } = limitArticles(sortNewestFirst(articles), settings.maxArticles);
  return { articles: published, problems: [...problems, ...skipped] };
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

/** Newest first; articles of the same moment ordered by id, so the order never depends on I/O. */
export function sortNewestFirst<T extends ArticleMeta>(articles: readonly T[]): T[] {
  return articles
    .map((article) => ({ article, time: Date.parse(article.published) }))
    .sort((a, b) => b.time - a.time || compareIds(a.article.id, b.article.id))
    .map(({ article }) => article);
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
