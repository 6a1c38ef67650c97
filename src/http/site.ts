import type { SeedError } from "../articles/errors.ts";
import type { Article } from "../articles/schema.ts";
import { slugify } from "../articles/slug.ts";
import type { Config } from "../config.ts";
import { ATOM_CONTENT_TYPE, renderAtom } from "../feeds/atom.ts";
import { JSON_FEED_CONTENT_TYPE, renderJsonFeed } from "../feeds/json-feed.ts";
import {
  buildArchiveModel,
  buildCreditModel,
  buildFeedModel,
  type FeedFormat,
  type FeedModel,
  isArchivePageFull,
} from "../feeds/model.ts";
import { RSS_CONTENT_TYPE, renderRss } from "../feeds/rss.ts";
import { LruCache } from "./lru-cache.ts";
import { type CreditLink, renderArticlePage, renderIndexPage } from "./pages.ts";
import { type Representation, represent } from "./representation.ts";

export type SiteSettings = Pick<
  Config,
  | "baseUrl"
  | "siteTitle"
  | "siteDescription"
  | "siteAuthor"
  | "language"
  | "timeZone"
  | "idAuthority"
  | "feedLimit"
  | "archivePageSize"
  | "indexPageSize"
  | "cacheMaxAge"
  | "archiveMaxAge"
  | "websubHub"
  | "siteIcon"
>;

export const HTML_CONTENT_TYPE = "text/html; charset=utf-8";

/** What the runtime loaded: the articles, newest first, and when their sources last changed. */
export interface SiteInput {
  readonly articles: readonly Article[];
  readonly problems: readonly SeedError[];
  /** Modification time (ms since the epoch) of each article's seed file, by article id. */
  readonly modifiedTimes?: ReadonlyMap<string, number>;
  /** Modification time of each seed folder ("" is the root): deletions only show there. */
  readonly folderTimes?: ReadonlyMap<string, number>;
}

/** How long a document may be cached: the subscription rate, or long for a full archive page. */
export type Freshness = "poll" | "archive";

/** A rendered document with what its validators and caching headers are made from. */
export interface SiteDocument {
  readonly key: string;
  readonly representation: Representation;
  /** When its content last changed as far as the sources tell (not yet capped at "now"). */
  readonly lastModifiedMs: number | undefined;
  readonly freshness: Freshness;
  readonly isFeed: boolean;
}

/**
 * One published state of the site: the articles and every document made from them. Each
 * document is rendered, encoded and hashed at most once, on first use, then served from memory;
 * documents a large archive has many of (archive pages, article pages, `?limit=` variants) live
 * in bounded caches.
 */
export interface Site {
  readonly articles: readonly Article[];
  readonly problems: readonly SeedError[];
  readonly credits: readonly CreditLink[];
  readonly indexPageCount: number;
  feed(format: FeedFormat, limit?: number): Promise<SiteDocument>;
  archive(page: number, format: FeedFormat): Promise<SiteDocument | undefined>;
  creditFeed(slug: string, format: FeedFormat, limit?: number): Promise<SiteDocument | undefined>;
  indexPage(page: number): Promise<SiteDocument | undefined>;
  articlePage(id: string): Promise<SiteDocument | undefined>;
}

const FEED_RENDERERS: Readonly<Record<FeedFormat, [(feed: FeedModel) => string, string]>> = {
  rss: [renderRss, RSS_CONTENT_TYPE],
  atom: [renderAtom, ATOM_CONTENT_TYPE],
  json: [renderJsonFeed, JSON_FEED_CONTENT_TYPE],
};

// Bounds on what a large archive can make the server hold (see the performance issue).
const MANY_DOCUMENTS_LIMIT = 600;
const LIMIT_VARIANTS_LIMIT = 60;

/** Builds the site for one load of the seeds folder. */
export function createSite(input: SiteInput, settings: SiteSettings): Site {
  const { articles, problems } = input;
  const byId = new Map(articles.map((article) => [article.id, article]));
  const credits = collectCredits(articles);
  const creditArticles = new Map(
    credits.map((credit) => [
      credit.slug,
      articles.filter((article) => article.textCredits.includes(credit.name)),
    ]),
  );
  const indexPageCount = Math.max(1, Math.ceil(articles.length / settings.indexPageSize));
  const lastModified = lastModifiedCalculator(input);

  const fixed = new Map<string, Promise<SiteDocument>>();
  const many = new LruCache<string, Promise<SiteDocument>>(MANY_DOCUMENTS_LIMIT);
  const limited = new LruCache<string, Promise<SiteDocument>>(LIMIT_VARIANTS_LIMIT);

  const once = (
    cache: {
      get(key: string): Promise<SiteDocument> | undefined;
      set(key: string, value: Promise<SiteDocument>): unknown;
    },
    key: string,
    make: () => Promise<SiteDocument>,
  ): Promise<SiteDocument> => {
    let document = cache.get(key);
    if (document === undefined) {
      document = make();
      cache.set(key, document);
    }
    return document;
  };

  const feedDocument = async (
    key: string,
    model: FeedModel,
    format: FeedFormat,
    sources: readonly Article[],
    freshness: Freshness = "poll",
  ): Promise<SiteDocument> => {
    const [render, contentType] = FEED_RENDERERS[format];
    return {
      key,
      representation: await represent(render(model), contentType),
      lastModifiedMs: lastModified(sources),
      freshness,
      isFeed: true,
    };
  };

  const htmlDocument = async (
    key: string,
    html: string,
    sources: readonly Article[],
  ): Promise<SiteDocument> => ({
    key,
    representation: await represent(html, HTML_CONTENT_TYPE),
    lastModifiedMs: lastModified(sources),
    freshness: "poll",
    isFeed: false,
  });

  return {
    articles,
    problems,
    credits,
    indexPageCount,

    feed(format, limit = settings.feedLimit) {
      const key = `feed:${format}:${limit}`;
      const cache = limit === settings.feedLimit ? fixed : limited;
      // The whole list contributes: an article deleted from the feed changes its folder's time.
      return once(cache, key, () =>
        feedDocument(key, buildFeedModel(articles, settings, limit), format, articles),
      );
    },

    async archive(page, format) {
      const model = buildArchiveModel(articles, settings, page);
      if (model === undefined) return undefined;
      const key = `archive:${page}:${format}`;
      const isFull = isArchivePageFull(articles.length, settings.archivePageSize, page);
      // Only a full page is stable enough for the long archive max-age.
      const freshness = isFull ? "archive" : "poll";
      return once(many, key, () => feedDocument(key, model, format, model.items, freshness));
    },

    async creditFeed(slug, format, limit = settings.feedLimit) {
      const credit = credits.find((candidate) => candidate.slug === slug);
      const ofCredit = creditArticles.get(slug);
      if (credit === undefined || ofCredit === undefined) return undefined;
      const key = `credit:${slug}:${format}:${limit}`;
      const cache = limit === settings.feedLimit ? fixed : limited;
      return once(cache, key, () =>
        feedDocument(key, buildCreditModel(ofCredit, settings, credit, limit), format, ofCredit),
      );
    },

    async indexPage(page) {
      if (!Number.isInteger(page) || page < 1 || page > indexPageCount) return undefined;
      const key = `index:${page}`;
      const start = (page - 1) * settings.indexPageSize;
      const onPage = articles.slice(start, start + settings.indexPageSize);
      return once(page === 1 ? fixed : many, key, () =>
        htmlDocument(
          key,
          renderIndexPage(onPage, settings, { page, pageCount: indexPageCount, credits }),
          articles,
        ),
      );
    },

    async articlePage(id) {
      const article = byId.get(id);
      if (article === undefined) return undefined;
      const key = `article:${id}`;
      return once(many, key, () =>
        htmlDocument(key, renderArticlePage(article, settings), [article]),
      );
    },
  };
}

/**
 * Every text credit with its slug, in order of first appearance from the oldest article, so a
 * new article never renames an existing credit's feed. Equal slugs get -2, -3, ….
 */
function collectCredits(articles: readonly Article[]): CreditLink[] {
  const credits: CreditLink[] = [];
  const seenNames = new Set<string>();
  const takenSlugs = new Set<string>();
  for (let index = articles.length - 1; index >= 0; index--) {
    for (const name of articles[index]?.textCredits ?? []) {
      if (seenNames.has(name)) continue;
      seenNames.add(name);
      const base = slugify(name) || "credit";
      let slug = base;
      for (let suffix = 2; takenSlugs.has(slug); suffix++) slug = `${base}-${suffix}`;
      takenSlugs.add(slug);
      credits.push({ name, slug });
    }
  }
  return credits.sort((a, b) => a.name.localeCompare(b.name, "de"));
}

/**
 * A document's Last-Modified, in ms: the newest modification time of its articles' seed files
 * and of their folders (a deletion only shows there), never earlier than its newest article.
 */
function lastModifiedCalculator(input: SiteInput): (sources: readonly Article[]) => number {
  const folderTime = (id: string) => {
    const folder = id.includes("/") ? id.slice(0, id.lastIndexOf("/")) : "";
    return input.folderTimes?.get(folder) ?? 0;
  };
  let newestFolderTime = 0;
  for (const time of input.folderTimes?.values() ?? []) {
    newestFolderTime = Math.max(newestFolderTime, time);
  }
  return (sources) => {
    // A document made from the whole list changes whenever any folder does.
    let newest = sources === input.articles ? newestFolderTime : 0;
    for (const article of sources) {
      newest = Math.max(
        newest,
        Date.parse(article.published),
        input.modifiedTimes?.get(article.id) ?? 0,
        folderTime(article.id),
      );
    }
    return newest;
  };
}
