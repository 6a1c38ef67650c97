import type { Article, ArticleMeta } from "../articles/schema.ts";
import type { Config } from "../config.ts";

/**
 * The data a Worker reads from its static assets (through the ASSETS binding) to answer what
 * the platform cannot serve as a file: `?limit=N` feeds, the news sitemap of the last two days,
 * and article pages when there are more articles than the plan allows files. Written by the
 * build (src/runtime/node/worker-assets.ts); the paths are in src/urls.ts (`paths.edge`).
 */

/** Bumped whenever the shapes below change: a Worker never reads data of another format. */
export const EDGE_DATA_FORMAT = 3;

/** Articles per `head` and `creditHead` file: `?limit=7` reads one small file. */
export const EDGE_CHUNK = 10;

/**
 * The largest N whose `?limit=N` of the main feed the build renders into a file (N below
 * FEED_LIMIT). Cutting the full feed in the Worker meant reading all its bytes through the
 * binding: 14 to 24 ms of cold CPU in npm run bench's edge rows; a small file is one short read.
 * The three formats × 50 files are a small share of the free plan's 20,000.
 */
export const EDGE_CUT_FEEDS = 50;

/** One text credit: what its feeds need besides the articles. */
export interface EdgeCredit {
  readonly name: string;
  readonly slug: string;
  /** How many articles carry the credit (its chunks hold the newest 200 at most). */
  readonly articleCount: number;
  /** Last-Modified of its feeds, ms since the epoch. */
  readonly lastModifiedMs: number;
}

/** Everything small the Worker reads once per isolate. */
export interface EdgeManifest {
  readonly format: typeof EDGE_DATA_FORMAT;
  /** The settings the assets were rendered with (renderingSettings): the Worker must match. */
  readonly settings: Readonly<Record<string, unknown>>;
  readonly articleCount: number;
  readonly problemCount: number;
  readonly indexPageCount: number;
  readonly sitemapPartCount: number;
  /** Article pages as asset files, or rendered into shards the Worker reads (too many files). */
  readonly articlePages: "files" | "shards";
  readonly shardCount: number;
  /** `?limit=N` of the main feed is a file (`paths.edge.cutFeed`) for every N up to this; 0: none. */
  readonly cutFeedLimit: number;
  /** Last-Modified of every document made from the whole list (feeds, index, sitemap). */
  readonly siteLastModifiedMs: number;
  /** Last-Modified of each archive page, page 1 first. */
  readonly archiveLastModifiedMs: readonly number[];
  readonly credits: readonly EdgeCredit[];
  /**
   * The ETag of each feed the Worker sends from the assets (the three feeds, every credit's and
   * the main feed's cut files), by asset path: an isolate sends them without hashing them first.
   */
  readonly feedEtags: Readonly<Record<string, string>>;
}

/** Chunks of the newest articles (the site's or a credit's), newest first. */
export type EdgeChunk = readonly Article[];

/** The articles of the news sitemap's window at build time, newest first (metadata only). */
export type EdgeRecent = readonly ArticleMeta[];

/** One rendered article page in a shard. */
export interface EdgeArticlePage {
  readonly html: string;
  readonly lastModifiedMs: number;
}

/** A shard: the rendered pages of the articles whose id hashes to it, by id. */
export type EdgeShard = Readonly<Record<string, EdgeArticlePage>>;

/** The shard an article's page is in: FNV-1a of the id's UTF-16 code units. */
export function shardOf(id: string, shardCount: number): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < id.length; index++) {
    hash ^= id.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shardCount;
}

/** How many chunk files hold the newest `min(total, max)` articles. */
export function chunkCount(total: number, max: number): number {
  return Math.ceil(Math.min(total, max) / EDGE_CHUNK);
}

/** Reads a JSON edge file. */
export function decodeEdgeData<T>(bytes: Uint8Array): T {
  return JSON.parse(decoder.decode(bytes)) as T;
}

const decoder = new TextDecoder();

// The settings baked into the assets (bytes, links, dates, `_headers`), by environment variable:
// a Worker whose [vars] differ from the build's would serve two sites at once.
const RENDERING_SETTINGS = {
  BASE_URL: "baseUrl",
  SITE_TITLE: "siteTitle",
  SITE_DESCRIPTION: "siteDescription",
  SITE_AUTHOR: "siteAuthor",
  SITE_ICON: "siteIcon",
  SITE_LOGO: "siteLogo",
  LANGUAGE: "language",
  TIME_ZONE: "timeZone",
  ID_AUTHORITY: "idAuthority",
  CREDIT_MARKERS: "creditMarkers",
  FEED_LIMIT: "feedLimit",
  ARCHIVE_PAGE_SIZE: "archivePageSize",
  INDEX_PAGE_SIZE: "indexPageSize",
  CACHE_MAX_AGE: "cacheMaxAge",
  STALE_WHILE_REVALIDATE: "staleWhileRevalidate",
  ARCHIVE_MAX_AGE: "archiveMaxAge",
  WEBSUB_HUB: "websubHub",
  MAX_ARTICLES: "maxArticles",
  MAX_TITLE_LENGTH: "maxTitleLength",
  MAX_SUMMARY_LENGTH: "maxSummaryLength",
  MAX_SEED_BYTES: "maxSeedBytes",
} as const satisfies Record<string, keyof Config>;

/** The settings the assets are rendered with, by environment variable, as JSON values. */
export function renderingSettings(config: Config): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(RENDERING_SETTINGS)) {
    settings[name] = config[key] ?? null;
  }
  return settings;
}

/**
 * Why a Worker with `config` must not serve assets built with `built`: the first setting that
 * differs, named as in wrangler.toml; undefined when they match.
 */
export function settingsMismatch(
  built: Readonly<Record<string, unknown>>,
  config: Config,
): string | undefined {
  const current = renderingSettings(config);
  for (const name of Object.keys(RENDERING_SETTINGS)) {
    const was = JSON.stringify(built[name] ?? null);
    const is = JSON.stringify(current[name]);
    if (was !== is) {
      return `${name} is ${is} but the assets were built with ${was}: run npm run deploy to rebuild them`;
    }
  }
  return undefined;
}
