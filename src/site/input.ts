import { SeedError, sortByFile } from "../articles/errors.ts";
import { limitArticles, loadSeed, sortNewestFirst } from "../articles/load.ts";
import type { ArticleSettings } from "../articles/normalize.ts";
import type { Article, ArticleMeta } from "../articles/schema.ts";

/** What a runtime loaded: the articles, newest first, and when their sources last changed. */
export interface SiteInput {
  /** Newest first. Full articles, or metadata when `loadArticle` supplies the full text. */
  readonly articles: readonly ArticleMeta[];
  readonly problems: readonly SeedError[];
  /** Modification time (ms since the epoch) of each article's seed file, by article id. */
  readonly modifiedTimes?: ReadonlyMap<string, number>;
  /** Modification time of each seed folder ("" is the root): deletions only show there. */
  readonly folderTimes?: ReadonlyMap<string, number>;
  /** The full article for metadata in `articles`; needed when they lack `contentHtml`. */
  readonly loadArticle?: (meta: ArticleMeta) => Promise<Article>;
}

/** One seed file with the times Last-Modified is made from. */
export interface TimedSeedFile {
  /** Relative to the seeds folder, with `/`. */
  readonly path: string;
  readonly bytes: Uint8Array;
  /** The file's modification time, ms since the epoch. */
  readonly modifiedMs: number;
}

/** Everything a site input is assembled from, before MAX_ARTICLES is applied. */
export interface SiteInputParts<T extends ArticleMeta> {
  /** Every valid article, newest first. */
  readonly ordered: readonly T[];
  readonly problems: readonly SeedError[];
  /** Modification time of each article's seed file, by article id. */
  readonly modifiedTimes: ReadonlyMap<string, number>;
  readonly folderTimes: ReadonlyMap<string, number>;
  readonly maxArticles: number;
  readonly loadArticle?: (meta: ArticleMeta) => Promise<Article>;
}

/**
 * The site input every runtime publishes: the newest MAX_ARTICLES articles (every older one
 * reported by its file), and the problems sorted by file.
 */
export function assembleSiteInput<T extends ArticleMeta>(parts: SiteInputParts<T>): SiteInput {
  const { published, skipped } = limitArticles(parts.ordered, parts.maxArticles);
  return {
    articles: published,
    problems: sortByFile([...parts.problems, ...skipped]),
    modifiedTimes: parts.modifiedTimes,
    folderTimes: parts.folderTimes,
    ...(parts.loadArticle === undefined ? {} : { loadArticle: parts.loadArticle }),
  };
}

/**
 * The one pipeline from a folder's seed files (read in full) to a site input: what the Worker's
 * build, `npm run check` on a bundle and the tests publish. Node's SeedLibrary runs the same
 * steps (loadSeed, assembleSiteInput) one file at a time, keeping state between scans.
 */
export function publishSeeds(
  files: readonly TimedSeedFile[],
  folderTimes: ReadonlyMap<string, number>,
  settings: ArticleSettings,
): SiteInput {
  const articles: Article[] = [];
  const problems: SeedError[] = [];
  const modifiedTimes = new Map<string, number>();
  for (const file of files) {
    try {
      const article = loadSeed(file, settings).article();
      articles.push(article);
      modifiedTimes.set(article.id, file.modifiedMs);
    } catch (error) {
      if (!(error instanceof SeedError)) throw error; // our bug: fail loudly
      problems.push(error);
    }
  }
  return assembleSiteInput({
    ordered: sortNewestFirst(articles),
    problems,
    modifiedTimes,
    folderTimes,
    maxArticles: settings.maxArticles,
  });
}
