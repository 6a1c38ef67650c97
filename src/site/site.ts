import type { SeedError } from "../articles/errors.ts";
import type { Article, ArticleMeta } from "../articles/schema.ts";
import type { Config } from "../config.ts";
import { ATOM_CONTENT_TYPE, renderAtom } from "../feeds/atom.ts";
import { JSON_FEED_CONTENT_TYPE, renderJsonFeed } from "../feeds/json-feed.ts";
import {
  archivePageCount,
  buildArchiveModel,
  buildCreditModel,
  buildFeedModel,
  type FeedModel,
  type FeedSettings,
  isArchivePageFull,
} from "../feeds/model.ts";
import { RSS_CONTENT_TYPE, renderRss } from "../feeds/rss.ts";
import { type FeedFormat, sitePaths } from "../urls.ts";
import { articlesByCredit, type CreditLink, collectCredits } from "./credits.ts";
import { type Freshness, HTML_CONTENT_TYPE, type SiteDocument } from "./document.ts";
import { DocumentStore } from "./document-store.ts";
import { OPML_CONTENT_TYPE, renderFeedList } from "./feed-list.ts";
import type { SiteInput } from "./input.ts";
import { lastModifiedCalculator } from "./last-modified.ts";
import { NEWS_SITEMAP_CONTENT_TYPE, recentArticles, renderNewsSitemap } from "./news-sitemap.ts";
import { type PageSettings, renderArticlePage, renderFeedsPage, renderIndexPage } from "./pages.ts";
import { represent, type Sha256, subtleSha256 } from "./representation.ts";
import { ROBOTS_CONTENT_TYPE, renderRobotsTxt } from "./robots.ts";
import {
  planSitemap,
  renderSitemapIndex,
  renderUrlset,
  SITEMAP_CONTENT_TYPE,
  type SitemapEntry,
  sitemapEntries,
} from "./sitemap.ts";
import { STYLESHEET, stylesheetDocument } from "./stylesheet.ts";

/** What the site reads: what its feeds and pages read, and the index and archive sizes. */
export type SiteSettings = FeedSettings &
  PageSettings &
  Pick<Config, "indexPageSize" | "archiveMaxAge">;

/**
 * What the HTTP app asks of a site: each document by its address (undefined: no such
 * document), and the counts /healthz reports. The Node server's Site renders everything; the
 * Worker's (src/site/edge-site.ts) reads what the build rendered into its assets.
 */
export interface ServedSite {
  readonly articleCount: number;
  readonly problemCount: number;
  feed(format: FeedFormat, limit?: number): Promise<SiteDocument>;
  archive(page: number, format: FeedFormat): Promise<SiteDocument | undefined>;
  creditFeed(slug: string, format: FeedFormat, limit?: number): Promise<SiteDocument | undefined>;
  indexPage(page: number): Promise<SiteDocument | undefined>;
  articlePage(id: string): Promise<SiteDocument | undefined>;
  stylesheet(): Promise<SiteDocument | undefined>;
  /** The page of every feed in every format. */
  feedsPage(): Promise<SiteDocument | undefined>;
  /** The same feeds as OPML 2.0. */
  feedList(): Promise<SiteDocument | undefined>;
  /** /sitemap.xml: every URL, or the index of the parts when they do not fit one file. */
  sitemap(): Promise<SiteDocument | undefined>;
  /** Part `part` of a sitemap too large for one file; undefined when there is no such part. */
  sitemapPart(part: number): Promise<SiteDocument | undefined>;
  /** The news sitemap of the two days before `now` (ms since the epoch). */
  newsSitemap(now: number): Promise<SiteDocument>;
  robotsTxt(): Promise<SiteDocument | undefined>;
}

/**
 * One published state of the site: the articles and every document made from them. Each
 * document is rendered, encoded and hashed at most once per content change, on first use, then
 * served from memory.
 */
export interface Site extends ServedSite {
  readonly articles: readonly ArticleMeta[];
  readonly problems: readonly SeedError[];
  readonly credits: readonly CreditLink[];
  readonly indexPageCount: number;
  /** Every path the site publishes (src/urls.ts sitePaths), in a stable order. */
  paths(): string[];
  // Rendered here, so always there:
  stylesheet(): Promise<SiteDocument>;
  feedsPage(): Promise<SiteDocument>;
  feedList(): Promise<SiteDocument>;
  sitemap(): Promise<SiteDocument>;
  robotsTxt(): Promise<SiteDocument>;
}

export const FEED_RENDERERS: Readonly<Record<FeedFormat, [(feed: FeedModel) => string, string]>> = {
  rss: [renderRss, RSS_CONTENT_TYPE],
  atom: [renderAtom, ATOM_CONTENT_TYPE],
  json: [renderJsonFeed, JSON_FEED_CONTENT_TYPE],
};

/**
 * Builds the site for one load of the seeds folder. Pass the previous site's `store` to keep
 * every document whose inputs did not change, and the text of a STYLESHEET file to serve it
 * instead of the built-in stylesheet.
 */
export function createSite(
  input: SiteInput,
  settings: SiteSettings,
  store: DocumentStore = new DocumentStore(),
  stylesheetCss: string = STYLESHEET,
  sha256: Sha256 = subtleSha256,
): Site {
  const { articles, problems } = input;
  // Built on first use: a reload of a large archive should not pay for a map nobody asked for.
  let positions: Map<string, number> | undefined;
  const positionOf = (id: string) => {
    positions ??= new Map(articles.map((article, index) => [article.id, index]));
    return positions.get(id);
  };
  const credits = collectCredits(articles);
  const creditList = credits.map((credit) => `${credit.slug}=${credit.name}`).join("\n");
  const creditArticles = articlesByCredit(articles, credits);
  // Planned on first use, once per site: the sitemap, its parts and paths() share it.
  let sitemapPlan: SitemapEntry[][] | undefined;
  const sitemapParts = () => {
    sitemapPlan ??= planSitemap(sitemapEntries(articles, settings.baseUrl));
    return sitemapPlan;
  };
  const indexPageCount = Math.max(1, Math.ceil(articles.length / settings.indexPageSize));
  const lastModified = lastModifiedCalculator(input);
  const loadArticle = input.loadArticle ?? requireFullText;
  const withFullText = async (model: FeedModel<ArticleMeta>): Promise<FeedModel> => ({
    ...model,
    items: await Promise.all(model.items.map(loadArticle)),
  });
  // This site's own answers, so a poll of an unchanged document is one map lookup.
  const memo = new Map<string, Promise<SiteDocument>>();
  const defaultFeeds = new Map<FeedFormat, Promise<SiteDocument>>();
  const remember = (key: string, make: () => Promise<SiteDocument>) => {
    let document = memo.get(key);
    if (document === undefined) {
      document = make();
      memo.set(key, document);
    }
    return document;
  };

  const feedDocument = (
    key: string,
    model: FeedModel<ArticleMeta>,
    format: FeedFormat,
    sources: readonly ArticleMeta[],
    options: { readonly freshness?: Freshness; readonly inputs?: readonly unknown[] } = {},
  ): Promise<SiteDocument> =>
    store.get(key, [...(options.inputs ?? []), ...model.items], async () => {
      const [render, contentType] = FEED_RENDERERS[format];
      return {
        key,
        representation: await represent(render(await withFullText(model)), contentType, sha256),
        lastModifiedMs: lastModified(sources),
        freshness: options.freshness ?? "poll",
        isFeed: true,
      };
    });

  return {
    articles,
    problems,
    articleCount: articles.length,
    problemCount: problems.length,
    credits,
    indexPageCount,

    feed(format, limit = settings.feedLimit) {
      // Only the default feed is worth a per-site memo (?limit= variants share the store), and
      // it is the poll's hot path: found by format, without building a key.
      const isDefault = limit === settings.feedLimit;
      const known = isDefault ? defaultFeeds.get(format) : undefined;
      if (known !== undefined) return known;
      const key = `feed:${format}:${limit}`;
      // The whole list contributes: an article deleted from the feed changes its folder's time,
      // and the archive page the feed links to moves with the article count.
      const document = feedDocument(
        key,
        buildFeedModel(articles, settings, limit),
        format,
        articles,
        {
          inputs: [articles.length],
        },
      );
      if (isDefault) defaultFeeds.set(format, document);
      return document;
    },

    async archive(page, format) {
      const model = buildArchiveModel(articles, settings, page);
      if (model === undefined) return undefined;
      const isFull = isArchivePageFull(articles.length, settings.archivePageSize, page);
      const pageCount = archivePageCount(articles.length, settings.archivePageSize);
      // Only a full page is stable enough for the long archive max-age.
      return feedDocument(`archive:${page}:${format}`, model, format, model.items, {
        freshness: isFull ? "archive" : "poll",
        inputs: [isFull, pageCount === 1],
      });
    },

    async creditFeed(slug, format, limit = settings.feedLimit) {
      const credit = credits.find((candidate) => candidate.slug === slug);
      const ofCredit = creditArticles.get(slug);
      if (credit === undefined || ofCredit === undefined) return undefined;
      const key = `credit:${credit.name}:${slug}:${format}:${limit}`;
      const model = buildCreditModel(ofCredit, settings, credit, limit);
      return feedDocument(key, model, format, ofCredit);
    },

    async indexPage(page) {
      if (!Number.isInteger(page) || page < 1 || page > indexPageCount) return undefined;
      const key = `index:${page}`;
      return remember(key, () => {
        const start = (page - 1) * settings.indexPageSize;
        const onPage = articles.slice(start, start + settings.indexPageSize);
        return store.get(key, [indexPageCount, ...onPage], async () => ({
          key,
          representation: await represent(
            renderIndexPage(onPage, settings, { page, pageCount: indexPageCount }),
            HTML_CONTENT_TYPE,
            sha256,
          ),
          lastModifiedMs: lastModified(articles),
          freshness: "poll",
          isFeed: false,
        }));
      });
    },

    async articlePage(id) {
      const position = positionOf(id);
      const meta = position === undefined ? undefined : articles[position];
      if (position === undefined || meta === undefined) return undefined;
      const key = `article:${id}`;
      // The neighbours' titles and links are part of the page.
      const newer = articles[position - 1];
      const older = articles[position + 1];
      return store.get(key, [meta, newer, older], async () => ({
        key,
        representation: await represent(
          renderArticlePage(await loadArticle(meta), settings, { newer, older }),
          HTML_CONTENT_TYPE,
          sha256,
        ),
        lastModifiedMs: lastModified([meta]),
        freshness: "poll",
        isFeed: false,
      }));
    },

    stylesheet: () => stylesheetDocument(stylesheetCss, sha256),

    paths() {
      const parts = sitemapParts();
      return sitePaths({
        indexPageCount,
        archivePageCount: archivePageCount(articles.length, settings.archivePageSize),
        creditSlugs: credits.map((credit) => credit.slug),
        articleIds: articles.map((article) => article.id),
        sitemapPartCount: parts.length > 1 ? parts.length : 0,
      });
    },

    feedsPage: () =>
      remember("feeds-page", () =>
        store.get("feeds-page", [creditList], async () => ({
          key: "feeds-page",
          representation: await represent(
            renderFeedsPage(credits, settings),
            HTML_CONTENT_TYPE,
            sha256,
          ),
          lastModifiedMs: lastModified(articles),
          freshness: "poll",
          isFeed: false,
        })),
      ),

    feedList: () =>
      remember("feed-list", () =>
        store.get("feed-list", [creditList], async () => ({
          key: "feed-list",
          representation: await represent(
            renderFeedList(credits, settings),
            OPML_CONTENT_TYPE,
            sha256,
          ),
          lastModifiedMs: lastModified(articles),
          freshness: "poll",
          isFeed: false,
        })),
      ),

    sitemap: () =>
      remember("sitemap", () => {
        const parts = sitemapParts();
        const [only] = parts;
        const text =
          parts.length === 1 && only !== undefined
            ? () => renderUrlset(only)
            : () => renderSitemapIndex(parts, settings.baseUrl);
        return store.get("sitemap", [articles.length, ...articles], async () => ({
          key: "sitemap",
          representation: await represent(text(), SITEMAP_CONTENT_TYPE, sha256),
          lastModifiedMs: lastModified(articles),
          freshness: "poll",
          isFeed: false,
        }));
      }),

    async sitemapPart(part) {
      const parts = sitemapParts();
      const entries = parts.length > 1 ? parts[part - 1] : undefined;
      if (entries === undefined) return undefined;
      const key = `sitemap:${part}`;
      return remember(key, () =>
        // Entries are made anew for each site: compare what they say, not their identity.
        store.get(
          key,
          [parts.length, ...entries.flatMap((entry) => [entry.loc, entry.lastmod])],
          async () => ({
            key,
            representation: await represent(renderUrlset(entries), SITEMAP_CONTENT_TYPE, sha256),
            lastModifiedMs: lastModified(articles),
            freshness: "poll",
            isFeed: false,
          }),
        ),
      );
    },

    newsSitemap(now) {
      const recent = recentArticles(articles, now);
      // The clock moves the window, so the store (not the per-site memo) keeps the document
      // while the same articles are in it: a day's polls share one rendering and one ETag.
      return store.get("news-sitemap", recent, async () => ({
        key: "news-sitemap",
        representation: await represent(
          renderNewsSitemap(recent, settings),
          NEWS_SITEMAP_CONTENT_TYPE,
          sha256,
        ),
        lastModifiedMs: lastModified(articles),
        freshness: "poll",
        isFeed: false,
      }));
    },

    robotsTxt: () =>
      remember("robots", () =>
        store.get("robots", [], async () => ({
          key: "robots",
          // It names only absolute URLs under BASE_URL, which never changes for a store.
          representation: await represent(
            renderRobotsTxt(settings.baseUrl),
            ROBOTS_CONTENT_TYPE,
            sha256,
          ),
          lastModifiedMs: undefined,
          freshness: "poll",
          isFeed: false,
        })),
      ),
  };
}

async function requireFullText(meta: ArticleMeta): Promise<Article> {
  if ("contentHtml" in meta && typeof meta.contentHtml === "string") return meta as Article;
  // our bug: a runtime that passes metadata must pass loadArticle too
  throw new Error(`no full text for article ${meta.id}`);
}
