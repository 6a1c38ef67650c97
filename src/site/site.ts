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
import type { SiteInput } from "./input.ts";
import { lastModifiedCalculator } from "./last-modified.ts";
import { type PageSettings, renderArticlePage, renderIndexPage } from "./pages.ts";
import { represent } from "./representation.ts";
import { stylesheetDocument } from "./stylesheet.ts";

/** What the site reads: what its feeds and pages read, and the index and archive sizes. */
export type SiteSettings = FeedSettings &
  PageSettings &
  Pick<Config, "indexPageSize" | "archiveMaxAge">;

/**
 * One published state of the site: the articles and every document made from them. Each
 * document is rendered, encoded and hashed at most once per content change, on first use, then
 * served from memory.
 */
export interface Site {
  readonly articles: readonly ArticleMeta[];
  readonly problems: readonly SeedError[];
  readonly credits: readonly CreditLink[];
  readonly indexPageCount: number;
  feed(format: FeedFormat, limit?: number): Promise<SiteDocument>;
  archive(page: number, format: FeedFormat): Promise<SiteDocument | undefined>;
  creditFeed(slug: string, format: FeedFormat, limit?: number): Promise<SiteDocument | undefined>;
  indexPage(page: number): Promise<SiteDocument | undefined>;
  articlePage(id: string): Promise<SiteDocument | undefined>;
  stylesheet(): Promise<SiteDocument>;
  /** Every path the site publishes (src/urls.ts sitePaths), in a stable order. */
  paths(): string[];
}

const FEED_RENDERERS: Readonly<Record<FeedFormat, [(feed: FeedModel) => string, string]>> = {
  rss: [renderRss, RSS_CONTENT_TYPE],
  atom: [renderAtom, ATOM_CONTENT_TYPE],
  json: [renderJsonFeed, JSON_FEED_CONTENT_TYPE],
};

/**
 * Builds the site for one load of the seeds folder. Pass the previous site's `store` to keep
 * every document whose inputs did not change.
 */
export function createSite(
  input: SiteInput,
  settings: SiteSettings,
  store: DocumentStore = new DocumentStore(),
): Site {
  const { articles, problems } = input;
  // Built on first use: a reload of a large archive should not pay for a map nobody asked for.
  let byId: Map<string, ArticleMeta> | undefined;
  const findArticle = (id: string) => {
    byId ??= new Map(articles.map((article) => [article.id, article]));
    return byId.get(id);
  };
  const credits = collectCredits(articles);
  const creditArticles = articlesByCredit(articles, credits);
  const indexPageCount = Math.max(1, Math.ceil(articles.length / settings.indexPageSize));
  const lastModified = lastModifiedCalculator(input);
  const loadArticle = input.loadArticle ?? requireFullText;
  const withFullText = async (model: FeedModel<ArticleMeta>): Promise<FeedModel> => ({
    ...model,
    items: await Promise.all(model.items.map(loadArticle)),
  });
  // This site's own answers, so a poll of an unchanged document is one map lookup.
  const memo = new Map<string, Promise<SiteDocument>>();
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
        representation: await represent(render(await withFullText(model)), contentType),
        lastModifiedMs: lastModified(sources),
        freshness: options.freshness ?? "poll",
        isFeed: true,
      };
    });

  return {
    articles,
    problems,
    credits,
    indexPageCount,

    feed(format, limit = settings.feedLimit) {
      const key = `feed:${format}:${limit}`;
      const make = () =>
        // The whole list contributes: an article deleted from the feed changes its folder's
        // time, and the archive page the feed links to moves with the article count.
        feedDocument(key, buildFeedModel(articles, settings, limit), format, articles, {
          inputs: [articles.length],
        });
      // Only the default feed is worth a per-site memo; ?limit= variants share the store.
      return limit === settings.feedLimit ? remember(key, make) : make();
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
        const creditList = credits.map((credit) => `${credit.slug}=${credit.name}`).join("\n");
        return store.get(key, [indexPageCount, creditList, ...onPage], async () => ({
          key,
          representation: await represent(
            renderIndexPage(onPage, settings, { page, pageCount: indexPageCount, credits }),
            HTML_CONTENT_TYPE,
          ),
          lastModifiedMs: lastModified(articles),
          freshness: "poll",
          isFeed: false,
        }));
      });
    },

    async articlePage(id) {
      const meta = findArticle(id);
      if (meta === undefined) return undefined;
      const key = `article:${id}`;
      return store.get(key, [meta], async () => ({
        key,
        representation: await represent(
          renderArticlePage(await loadArticle(meta), settings),
          HTML_CONTENT_TYPE,
        ),
        lastModifiedMs: lastModified([meta]),
        freshness: "poll",
        isFeed: false,
      }));
    },

    stylesheet: stylesheetDocument,

    paths() {
      return sitePaths({
        indexPageCount,
        archivePageCount: archivePageCount(articles.length, settings.archivePageSize),
        creditSlugs: credits.map((credit) => credit.slug),
        articleIds: articles.map((article) => article.id),
      });
    },
  };
}

async function requireFullText(meta: ArticleMeta): Promise<Article> {
  if ("contentHtml" in meta && typeof meta.contentHtml === "string") return meta as Article;
  // our bug: a runtime that passes metadata must pass loadArticle too
  throw new Error(`no full text for article ${meta.id}`);
}
