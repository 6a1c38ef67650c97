import type { ArticleMeta } from "../articles/schema.ts";
import {
  archivePageCount,
  buildCreditModel,
  buildFeedModel,
  type FeedModel,
  isArchivePageFull,
} from "../feeds/model.ts";
import { firstItems } from "../feeds/truncate.ts";
import { LruCache } from "../lru-cache.ts";
import { type FeedFormat, MAIN_FEED, MAX_FEED_QUERY_LIMIT, paths } from "../urls.ts";
import {
  CSS_CONTENT_TYPE,
  type Freshness,
  HTML_CONTENT_TYPE,
  type SiteDocument,
} from "./document.ts";
import {
  chunkCount,
  decodeEdgeData,
  type EdgeChunk,
  type EdgeCredit,
  type EdgeManifest,
  type EdgeRecent,
  type EdgeShard,
  shardOf,
} from "./edge-data.ts";
import { OPML_CONTENT_TYPE } from "./feed-list.ts";
import { NEWS_SITEMAP_CONTENT_TYPE, recentArticles, renderNewsSitemap } from "./news-sitemap.ts";
import { represent, representBytes } from "./representation.ts";
import { ROBOTS_CONTENT_TYPE } from "./robots.ts";
import { FEED_RENDERERS, type ServedSite, type SiteSettings } from "./site.ts";
import { SITEMAP_CONTENT_TYPE } from "./sitemap.ts";

const decoder = new TextDecoder();

/** Reads one asset by its site path (`/feed.xml`, `/_edge/head/0.json`); undefined if absent. */
export type AssetReader = (path: string) => Promise<Uint8Array | undefined>;

// Documents and decoded edge files an isolate keeps: a burst of polls of the same `?limit`
// feed is one render, and memory stays bounded on the 128 MB isolate.
const DOCUMENTS_KEPT = 256;
const SHARDS_KEPT = 32;

/**
 * The site as a Worker serves it: documents the build rendered, read from the assets, and the
 * few that depend on the request (`?limit=N`, the news sitemap's clock, article pages kept in
 * shards), rendered here from the edge data by the same renderers as on Node. Its documents
 * carry the same bytes, validators and dates as the Node server's.
 */
export function createEdgeSite(
  manifest: EdgeManifest,
  settings: SiteSettings,
  read: AssetReader,
): ServedSite {
  const documents = new LruCache<string, Promise<SiteDocument | undefined>>(DOCUMENTS_KEPT);
  const shards = new LruCache<number, Promise<EdgeShard>>(SHARDS_KEPT);
  const credits = new Map(manifest.credits.map((credit) => [credit.slug, credit]));
  let recent: Promise<EdgeRecent> | undefined;

  const remember = (
    key: string,
    make: () => Promise<SiteDocument | undefined>,
  ): Promise<SiteDocument | undefined> => {
    let document = documents.get(key);
    if (document === undefined) {
      document = make();
      documents.set(key, document);
      // A failed read is tried again on the next request, not remembered.
      document.catch(() => documents.delete(key));
    }
    return document;
  };

  const readData = async <T>(path: string): Promise<T> => {
    const bytes = await read(path);
    // The build writes every edge file the manifest implies: a missing one is a broken deploy.
    if (bytes === undefined) throw new Error(`the assets have no ${path}: deploy the build again`);
    return decodeEdgeData<T>(bytes);
  };

  const asset = (
    path: string,
    contentType: string,
    lastModifiedMs: number | undefined,
    options: { readonly freshness?: Freshness; readonly isFeed?: boolean } = {},
  ): Promise<SiteDocument | undefined> =>
    remember(path, async () => {
      const body = await read(path);
      if (body === undefined) return undefined;
      const etag = manifest.feedEtags[path];
      return {
        key: path,
        representation:
          etag === undefined
            ? await representBytes(body, contentType)
            : { body, contentType, etag },
        lastModifiedMs,
        freshness: options.freshness ?? "poll",
        isFeed: options.isFeed ?? false,
      };
    });

  const required = async (document: Promise<SiteDocument | undefined>, path: string) => {
    const found = await document;
    if (found === undefined) throw new Error(`the assets have no ${path}: deploy the build again`);
    return found;
  };

  /** The newest `limit` articles of a list kept in chunks (the site's or one credit's). */
  const newest = async (total: number, limit: number, chunkPath: (chunk: number) => string) => {
    const count = chunkCount(total, Math.min(limit, MAX_FEED_QUERY_LIMIT));
    const chunks = await Promise.all(
      Array.from({ length: count }, (_, chunk) => readData<EdgeChunk>(chunkPath(chunk))),
    );
    return chunks.flat().slice(0, limit);
  };

  const rendered = (
    key: string,
    format: FeedFormat,
    lastModifiedMs: number,
    model: () => Promise<FeedModel>,
  ): Promise<SiteDocument | undefined> =>
    remember(key, async () => {
      const [render, contentType] = FEED_RENDERERS[format];
      return {
        key,
        representation: await represent(render(await model()), contentType),
        lastModifiedMs,
        freshness: "poll",
        isFeed: true,
      };
    });

  /** `?limit=N` cut from the rendered feed at `path`, as rendering N articles would make it. */
  const cut = (path: string, format: FeedFormat, limit: number, lastModifiedMs: number) =>
    remember(`${path}?limit=${limit}`, async () => {
      const body = await read(path);
      if (body === undefined) return undefined;
      return {
        key: `${path}?limit=${limit}`,
        representation: await represent(
          firstItems(decoder.decode(body), format, limit),
          FEED_RENDERERS[format][1],
        ),
        lastModifiedMs,
        freshness: "poll",
        isFeed: true,
      };
    });

  const creditFeed = (credit: EdgeCredit, format: FeedFormat, limit: number) => {
    const path = paths.feed({ kind: "credit", slug: credit.slug }, format);
    if (limit === settings.feedLimit) {
      return asset(path, FEED_RENDERERS[format][1], credit.lastModifiedMs, { isFeed: true });
    }
    // Fewer articles than the rendered feed: the same document with fewer items.
    if (limit < settings.feedLimit) return cut(path, format, limit, credit.lastModifiedMs);
    return rendered(`${path}?limit=${limit}`, format, credit.lastModifiedMs, async () =>
      buildCreditModel(
        await newest(credit.articleCount, limit, (chunk) =>
          paths.edge.creditHead(credit.slug, chunk),
        ),
        settings,
        credit,
        limit,
      ),
    );
  };

  /** The site's feed at `path` with the newest `limit` articles. */
  const mainFeed = (path: string, format: FeedFormat, limit: number) => {
    const contentType = FEED_RENDERERS[format][1];
    const lastModifiedMs = manifest.siteLastModifiedMs;
    if (limit === settings.feedLimit)
      return asset(path, contentType, lastModifiedMs, { isFeed: true });
    // The small cuts the build rendered as files (EDGE_CUT_FEEDS): one short read.
    if (limit <= manifest.cutFeedLimit) {
      return asset(paths.edge.cutFeed(format, limit), contentType, lastModifiedMs, {
        isFeed: true,
      });
    }
    const total = manifest.articleCount;
    // Fewer articles than the rendered feed, which links to the archive as this one will (or
    // holds them all): the same document with fewer items.
    if (limit < settings.feedLimit && (total > settings.feedLimit || total <= limit)) {
      return cut(path, format, limit, lastModifiedMs);
    }
    return rendered(`${path}?limit=${limit}`, format, lastModifiedMs, async () =>
      buildFeedModel(await newest(total, limit, paths.edge.head), settings, limit, total),
    );
  };

  return {
    articleCount: manifest.articleCount,
    problemCount: manifest.problemCount,

    feed(format, limit = settings.feedLimit) {
      const path = paths.feed(MAIN_FEED, format);
      return required(mainFeed(path, format, limit), path);
    },

    async archive(page, format) {
      const total = manifest.articleCount;
      const lastModifiedMs = manifest.archiveLastModifiedMs[page - 1];
      if (
        page > archivePageCount(total, settings.archivePageSize) ||
        lastModifiedMs === undefined
      ) {
        return undefined;
      }
      const isFull = isArchivePageFull(total, settings.archivePageSize, page);
      return asset(
        paths.feed({ kind: "archive", page }, format),
        FEED_RENDERERS[format][1],
        lastModifiedMs,
        { freshness: isFull ? "archive" : "poll", isFeed: true },
      );
    },

    async creditFeed(slug, format, limit = settings.feedLimit) {
      const credit = credits.get(slug);
      return credit === undefined ? undefined : creditFeed(credit, format, limit);
    },

    async indexPage(page) {
      if (!Number.isInteger(page) || page < 1 || page > manifest.indexPageCount) return undefined;
      return asset(paths.indexPage(page), HTML_CONTENT_TYPE, manifest.siteLastModifiedMs);
    },

    async articlePage(id) {
      // As files, article pages are the platform's to serve: the Worker sees only misses.
      if (manifest.articlePages === "files") return undefined;
      const shard = shardOf(id, manifest.shardCount);
      let pages = shards.get(shard);
      if (pages === undefined) {
        pages = readData<EdgeShard>(paths.edge.articleShard(shard));
        shards.set(shard, pages);
        pages.catch(() => shards.delete(shard));
      }
      const page = Object.hasOwn(await pages, id) ? (await pages)[id] : undefined;
      if (page === undefined) return undefined;
      const key = paths.article(id);
      return remember(key, async () => ({
        key,
        representation: await represent(page.html, HTML_CONTENT_TYPE),
        lastModifiedMs: page.lastModifiedMs,
        freshness: "poll",
        isFeed: false,
      }));
    },

    stylesheet: () => asset(paths.stylesheet(), CSS_CONTENT_TYPE, undefined),
    feedsPage: () => asset(paths.feedsPage(), HTML_CONTENT_TYPE, manifest.siteLastModifiedMs),
    feedList: () => asset(paths.feedList(), OPML_CONTENT_TYPE, manifest.siteLastModifiedMs),
    sitemap: () => asset(paths.sitemap(), SITEMAP_CONTENT_TYPE, manifest.siteLastModifiedMs),
    async sitemapPart(part) {
      if (!Number.isInteger(part) || part < 1 || part > manifest.sitemapPartCount) return undefined;
      return asset(paths.sitemapPart(part), SITEMAP_CONTENT_TYPE, manifest.siteLastModifiedMs);
    },

    async newsSitemap(now) {
      recent ??= readData<EdgeRecent>(paths.edge.recent());
      recent.catch(() => {
        recent = undefined;
      });
      const inWindow: readonly ArticleMeta[] = recentArticles(await recent, now);
      const key = `news-sitemap:${inWindow.map((article) => article.id).join(" ")}`;
      const document = remember(key, async () => ({
        key: "news-sitemap",
        representation: await represent(
          renderNewsSitemap(inWindow, settings),
          NEWS_SITEMAP_CONTENT_TYPE,
        ),
        lastModifiedMs: manifest.siteLastModifiedMs,
        freshness: "poll",
        isFeed: false,
      }));
      return required(document, paths.newsSitemap());
    },

    robotsTxt: () => asset(paths.robots(), ROBOTS_CONTENT_TYPE, undefined),
  };
}
