import type { Hono } from "hono";
import type { Article, ArticleMeta } from "../../articles/schema.ts";
import type { Config } from "../../config.ts";
import { articlesByCredit } from "../../site/credits.ts";
import {
  chunkCount,
  EDGE_CHUNK,
  EDGE_CUT_FEEDS,
  EDGE_DATA_FORMAT,
  type EdgeArticlePage,
  type EdgeCredit,
  type EdgeManifest,
  renderingSettings,
  shardOf,
} from "../../site/edge-data.ts";
import { recentArticles } from "../../site/news-sitemap.ts";
import type { Site } from "../../site/site.ts";
import {
  archivePageOf,
  FEED_FILES,
  FEED_FORMATS,
  isSubscriptionFeedPath,
  MAIN_FEED,
  MAX_FEED_QUERY_LIMIT,
  paths,
  sitemapPartOf,
} from "../../urls.ts";
import { exportSite } from "./static-export.ts";

const encoder = new TextEncoder();

/** What a Workers plan allows (developers.cloudflare.com/workers/platform/limits). */
export const WORKER_PLANS = {
  free: { assetFiles: 20_000, scriptGzipBytes: 3 * 1024 * 1024 },
  paid: { assetFiles: 100_000, scriptGzipBytes: 10 * 1024 * 1024 },
} as const;

export type WorkerPlan = keyof typeof WORKER_PLANS;

/** Largest asset file the platform accepts. */
export const MAX_ASSET_BYTES = 25 * 1024 * 1024;

// Files kept free under the plan's limit: `_headers` and whatever the next deploy adds before
// its build notices.
const FILE_MARGIN = 50;
// Articles per shard the Worker may read and parse within its CPU budget (~1 MB of HTML).
const MAX_ARTICLES_PER_SHARD = 100;

export interface WorkerAssetsOptions {
  readonly app: Hono;
  readonly site: Site;
  readonly config: Config;
  /** The full text of an article of `site` (SiteInput.loadArticle, or the article itself). */
  readonly loadArticle: (meta: ArticleMeta) => Promise<Article>;
  readonly plan: WorkerPlan;
  /** The asset files allowed; default the plan's (a smaller number tests the choice). */
  readonly maxAssetFiles?: number;
  /** `files` or `shards` forces how article pages are kept; `auto` chooses by the plan. */
  readonly articlePages: "auto" | "files" | "shards";
  readonly out: string;
  readonly now: number;
  readonly onProgress?: (written: number, total: number) => void;
}

export interface WorkerAssetsResult {
  readonly manifest: EdgeManifest;
  /** Files written, `_headers` not counted (the platform reads it, it is not an asset). */
  readonly files: number;
}

/** An asset folder the plan cannot hold; the message says what would. */
export class WorkerAssetsError extends Error {
  override readonly name = "WorkerAssetsError";
}

/**
 * Renders the site into a Workers Static Assets folder: every document the platform can serve
 * as a file, `_headers` with the server's headers, and the edge data the Worker reads to
 * answer the rest (src/site/edge-data.ts). Article pages are files while the plan's file limit
 * allows, else rendered into shards the Worker reads.
 * @throws {WorkerAssetsError} when even the shards do not fit the plan.
 */
export async function buildWorkerAssets(options: WorkerAssetsOptions): Promise<WorkerAssetsResult> {
  const { site, config } = options;
  const articles = site.articles;
  const allPaths = site.paths();
  const articlePaths = new Set(articles.map((article) => paths.article(article.id)));
  const otherDocuments = allPaths.length - articlePaths.size;
  const byCredit = articlesByCredit(articles, site.credits);
  const cutFeedLimit = Math.min(config.feedLimit - 1, EDGE_CUT_FEEDS);
  const edgeFiles =
    2 +
    FEED_FORMATS.length * cutFeedLimit +
    chunkCount(articles.length, MAX_FEED_QUERY_LIMIT) +
    [...byCredit.values()].reduce(
      (sum, ofCredit) => sum + chunkCount(ofCredit.length, MAX_FEED_QUERY_LIMIT),
      0,
    );
  const fileLimit = (options.maxAssetFiles ?? WORKER_PLANS[options.plan].assetFiles) - FILE_MARGIN;
  const articlesAsFiles =
    options.articlePages === "files" ||
    (options.articlePages === "auto" &&
      otherDocuments + edgeFiles + articlePaths.size <= fileLimit);
  const shardCount = articlesAsFiles
    ? 0
    : shardsFor(articles.length, fileLimit - otherDocuments - edgeFiles, options);

  const lastModified = new Map<string, number>();
  const feedEtags: Record<string, string> = {};
  let built: EdgeManifest | undefined;
  const exported = await exportSite({
    app: options.app,
    site,
    archivePageSize: config.archivePageSize,
    out: options.out,
    onProgress: options.onProgress,
    include: (path) => articlesAsFiles || !articlePaths.has(path),
    onServed: (path, headers) => {
      const value = headers.get("Last-Modified");
      if (value !== null && isLastModifiedKept(path)) lastModified.set(path, Date.parse(value));
      const etag = headers.get("ETag");
      // The feeds run_worker_first sends to the Worker: the three feeds and every credit's.
      if (etag !== null && isSubscriptionFeedPath(path)) feedEtags[path] = etag;
    },
    addFiles: async (write) => {
      // Plain JSON, read with JSON.parse alone: gzip made no measurable difference to the
      // Worker's CPU in npm run bench's edge rows, and would only save upload bytes.
      const data = (value: unknown) => encoder.encode(JSON.stringify(value));
      const full = (metas: readonly ArticleMeta[]) => Promise.all(metas.map(options.loadArticle));
      // The newest MAX_FEED_QUERY_LIMIT articles of a list, EDGE_CHUNK to a file.
      const writeChunks = async (
        list: readonly ArticleMeta[],
        chunkPath: (n: number) => string,
      ) => {
        const newest = list.slice(0, MAX_FEED_QUERY_LIMIT);
        for (let chunk = 0; chunk * EDGE_CHUNK < newest.length; chunk++) {
          const inChunk = newest.slice(chunk * EDGE_CHUNK, (chunk + 1) * EDGE_CHUNK);
          await write(edgeFile(chunkPath(chunk)), data(await full(inChunk)));
        }
      };
      await writeChunks(articles, paths.edge.head);
      for (const [slug, ofCredit] of byCredit) {
        await writeChunks(ofCredit, (chunk) => paths.edge.creditHead(slug, chunk));
      }
      await write(edgeFile(paths.edge.recent()), data(recentArticles(articles, options.now)));
      // `?limit=N` exactly as the server answers it, with its ETag: the Worker sends the file.
      for (const format of FEED_FORMATS) {
        for (let limit = 1; limit <= cutFeedLimit; limit++) {
          const url = `${paths.feed(MAIN_FEED, format)}?limit=${limit}`;
          const response = await options.app.request(url, {
            headers: { "Accept-Encoding": "identity" },
          });
          const etag = response.headers.get("ETag");
          if (response.status !== 200 || etag === null) {
            throw new Error(`${url} answered ${response.status} with ETag ${etag}`); // our bug
          }
          const path = paths.edge.cutFeed(format, limit);
          feedEtags[path] = etag;
          await write(edgeFile(path), new Uint8Array(await response.arrayBuffer()));
        }
      }
      if (shardCount > 0)
        await writeShards(site, shardCount, (shard, pages) =>
          write(edgeFile(paths.edge.articleShard(shard)), data(pages)),
        );
      const manifest = edgeManifest(site, config, {
        allPaths,
        lastModified,
        byCredit,
        articlePages: articlesAsFiles ? "files" : "shards",
        shardCount,
        cutFeedLimit,
        feedEtags,
      });
      await write(edgeFile(paths.edge.manifest()), data(manifest));
      built = manifest;
    },
  });
  if (built === undefined) throw new Error("the export wrote no edge data"); // our bug
  return { manifest: built, files: exported.files + edgeFiles + shardCount };
}

/** How many shards hold `articles` pages in `available` files, within the Worker's budget. */
function shardsFor(articles: number, available: number, options: WorkerAssetsOptions): number {
  const needed = Math.ceil(articles / MAX_ARTICLES_PER_SHARD);
  if (available < needed) {
    throw new WorkerAssetsError(
      `${articles} articles need at least ${needed} shard files, but the ${options.plan} plan's ` +
        `${options.maxAssetFiles ?? WORKER_PLANS[options.plan].assetFiles} files leave ${Math.max(0, available)} after the ` +
        "feeds and pages: set WORKER_PLAN=paid, or a larger ARCHIVE_PAGE_SIZE and INDEX_PAGE_SIZE",
    );
  }
  // As many as fit, up to one article per shard: the fewer articles a shard holds, the less
  // the Worker reads and parses per page.
  return Math.max(1, Math.min(articles, available));
}

/** Renders every article page into its shard, one shard at a time (memory stays bounded). */
async function writeShards(
  site: Site,
  shardCount: number,
  write: (shard: number, pages: Record<string, EdgeArticlePage>) => Promise<void>,
): Promise<void> {
  const idsByShard = new Map<number, string[]>();
  for (const article of site.articles) {
    const shard = shardOf(article.id, shardCount);
    const ids = idsByShard.get(shard) ?? [];
    ids.push(article.id);
    idsByShard.set(shard, ids);
  }
  const decoder = new TextDecoder();
  for (let shard = 0; shard < shardCount; shard++) {
    const pages: Record<string, EdgeArticlePage> = {};
    for (const id of idsByShard.get(shard) ?? []) {
      const document = await site.articlePage(id);
      if (document === undefined) throw new Error(`article ${id} has no page`); // our bug
      pages[id] = {
        html: decoder.decode(document.representation.body),
        lastModifiedMs: document.lastModifiedMs ?? 0,
      };
    }
    await write(shard, pages);
  }
}

// Whose Last-Modified the manifest keeps: the site-wide one (the RSS feed), each archive
// page's, each credit's (RSS). Every format of a feed has the same.
function isLastModifiedKept(path: string): boolean {
  return path.endsWith(`/${FEED_FILES.rss}`);
}

function edgeManifest(
  site: Site,
  config: Config,
  parts: {
    /** site.paths(), computed once by the caller: a 100,000-article site has 110,000. */
    readonly allPaths: readonly string[];
    readonly lastModified: ReadonlyMap<string, number>;
    readonly byCredit: ReadonlyMap<string, readonly ArticleMeta[]>;
    readonly articlePages: EdgeManifest["articlePages"];
    readonly shardCount: number;
    readonly cutFeedLimit: number;
    readonly feedEtags: EdgeManifest["feedEtags"];
  },
): EdgeManifest {
  const known = (path: string) => {
    const value = parts.lastModified.get(path);
    if (value === undefined) throw new Error(`no Last-Modified for ${path}`); // our bug
    return value;
  };
  const archivePaths = parts.allPaths.filter(
    (path) => archivePageOf(path) !== undefined && path.endsWith(`/${FEED_FILES.rss}`),
  );
  const credits: EdgeCredit[] = site.credits.map((credit) => ({
    name: credit.name,
    slug: credit.slug,
    articleCount: parts.byCredit.get(credit.slug)?.length ?? 0,
    lastModifiedMs: known(paths.feed({ kind: "credit", slug: credit.slug }, "rss")),
  }));
  return {
    format: EDGE_DATA_FORMAT,
    settings: renderingSettings(config),
    articleCount: site.articles.length,
    problemCount: site.problems.length,
    indexPageCount: site.indexPageCount,
    sitemapPartCount: parts.allPaths.filter((path) => sitemapPartOf(path) !== undefined).length,
    articlePages: parts.articlePages,
    shardCount: parts.shardCount,
    cutFeedLimit: parts.cutFeedLimit,
    siteLastModifiedMs: known(paths.feed(MAIN_FEED, "rss")),
    archiveLastModifiedMs: archivePaths.map(known),
    credits,
    feedEtags: parts.feedEtags,
  };
}

/** The file an edge path is written to, relative to the assets folder. */
function edgeFile(path: string): string {
  return path.slice(1);
}
