/**
 * The one URL scheme of the publisher: the route patterns the router matches, the paths and
 * absolute URLs pages and feeds link to, the file each path becomes in a static export, and the
 * list of every path a site publishes. Adding a route is one edit here plus its renderer.
 */

export type FeedFormat = "rss" | "atom" | "json";

export const FEED_FORMATS: readonly FeedFormat[] = ["rss", "atom", "json"];

/** File names of the three formats of one feed, below the feed's folder. */
export const FEED_FILES: Readonly<Record<FeedFormat, string>> = {
  rss: "feed.xml",
  atom: "atom.xml",
  json: "feed.json",
};

/** Which feed: the subscription feed, an RFC 5005 archive page, or one text credit's feed. */
export type FeedScope =
  | { readonly kind: "main" }
  | { readonly kind: "archive"; readonly page: number }
  | { readonly kind: "credit"; readonly slug: string };

export const MAIN_FEED: FeedScope = { kind: "main" };

/** Absolute URLs of the three formats of one feed. */
export type FeedUrls = Readonly<Record<FeedFormat, string>>;

// A page number as the router accepts it: no sign, no leading zero, at most nine digits.
const PAGE_NUMBER = "[1-9][0-9]{0,8}";
// A credit slug as slugify() makes it (src/articles/slug.ts).
const SLUG = "[a-z0-9]+(?:-[a-z0-9]+)*";

/** Hono route patterns, one per kind of document; the parameter names are the handlers'. */
export const ROUTES = {
  home: "/",
  /** Index pages after the first. Paths, not `?page=N`: static hosts ignore query strings. */
  indexPage: `/page/:page{${PAGE_NUMBER}}`,
  feed: (format: FeedFormat) => `/${FEED_FILES[format]}`,
  archiveFeed: (format: FeedFormat) => `/archive/:page{${PAGE_NUMBER}}/${FEED_FILES[format]}`,
  creditFeed: (format: FeedFormat) => `/credits/:slug{${SLUG}}/${FEED_FILES[format]}`,
  article: "/articles/:id{.+}",
  stylesheet: "/style.css",
  health: "/healthz",
  /** Prometheus metrics, served only where the runtime provides them (Node, METRICS=on). */
  metrics: "/metrics",
  /** The page of every feed (main and per credit) in every format. */
  feedsPage: "/feeds",
  /** OPML 2.0: the same feeds as a list for feed readers to import. */
  feedList: "/feeds.opml",
  /** sitemaps.org 0.9: a urlset, or a sitemap index of `sitemapPart`s past the protocol's limits. */
  sitemap: "/sitemap.xml",
  sitemapPart: `/sitemaps/:file{${PAGE_NUMBER}\\.xml}`,
  /** Google News sitemap: the articles of the last two days. */
  newsSitemap: "/sitemap-news.xml",
  robots: "/robots.txt",
  /** Data the Worker reads through its ASSETS binding; never served to clients (404). */
  edgeData: "/_edge/*",
} as const;

/** The most articles a `?limit=N` feed may ask for. */
export const MAX_FEED_QUERY_LIMIT = 200;

/** Site-relative paths (always starting with `/`) of every kind of document. */
export const paths = {
  home: (): string => "/",
  /** Page 1 of the index is the home page; it has one URL (`/page/1` redirects there). */
  indexPage: (page: number): string => (page === 1 ? "/" : `/page/${page}`),
  feed: (scope: FeedScope, format: FeedFormat): string =>
    `${feedFolder(scope)}/${FEED_FILES[format]}`,
  article: (id: string): string => `/articles/${id}`,
  stylesheet: (): string => ROUTES.stylesheet,
  health: (): string => ROUTES.health,
  metrics: (): string => ROUTES.metrics,
  feedsPage: (): string => ROUTES.feedsPage,
  feedList: (): string => ROUTES.feedList,
  sitemap: (): string => ROUTES.sitemap,
  sitemapPart: (part: number): string => `/sitemaps/${part}.xml`,
  newsSitemap: (): string => ROUTES.newsSitemap,
  robots: (): string => ROUTES.robots,
  /** Files of the data the Worker reads from its assets (docs/workers.md). */
  edge: {
    manifest: (): string => "/_edge/manifest.json",
    /** Newest articles of the whole site, `EDGE_CHUNK` per file, newest first. */
    head: (chunk: number): string => `/_edge/head/${chunk}.json`,
    /** Newest articles of one text credit, in chunks like `head`. */
    creditHead: (slug: string, chunk: number): string => `/_edge/credits/${slug}/${chunk}.json`,
    /** The articles of the news sitemap's window when the assets were built. */
    recent: (): string => "/_edge/recent.json",
    /** Rendered article pages, grouped by a hash of their id. */
    articleShard: (shard: number): string => `/_edge/articles/${shard}.json`,
    /** The main feed's `?limit=N` as the server renders it, for the smaller N (`EDGE_CUT_FEEDS`). */
    cutFeed: (format: FeedFormat, limit: number): string =>
      `/_edge/limit/${limit}/${FEED_FILES[format]}`,
  },
};

/** The part number of a sitemap part path (`/sitemaps/3.xml` → 3). */
export function sitemapPartOf(path: string): number | undefined {
  const match = /^\/sitemaps\/([1-9][0-9]*)\.xml$/u.exec(path);
  return match === null ? undefined : Number(match[1]);
}

function feedFolder(scope: FeedScope): string {
  switch (scope.kind) {
    case "main":
      return "";
    case "archive":
      return `/archive/${scope.page}`;
    case "credit":
      return `/credits/${scope.slug}`;
  }
}

/** The absolute URL of a site path under BASE_URL (which never ends in `/`). */
export function absoluteUrl(baseUrl: string, path: string): string {
  return `${baseUrl}${path}`;
}

/** Absolute URLs of the three formats of one feed. */
export function feedUrls(baseUrl: string, scope: FeedScope): FeedUrls {
  return {
    rss: absoluteUrl(baseUrl, paths.feed(scope, "rss")),
    atom: absoluteUrl(baseUrl, paths.feed(scope, "atom")),
    json: absoluteUrl(baseUrl, paths.feed(scope, "json")),
  };
}

/**
 * The file a static host serves `path` from, relative to the export folder. Article pages are
 * `articles/ID.html`: Cloudflare, Netlify and GitHub Pages all serve `/articles/ID` from it
 * without a redirect (an `articles/ID/index.html` would be redirected to `/articles/ID/`), and an
 * id that is also a folder of other ids (`2025` and `2025/x`) never collides. For the same
 * reason the index pages after the first, `/page/N`, are `page/N.html`, and `/feeds` is
 * `feeds.html`.
 */
export function exportFileOf(path: string): string {
  if (path === "/") return "index.html";
  if (path === ROUTES.feedsPage) return "feeds.html";
  if (path.startsWith("/page/") || path.startsWith("/articles/")) return `${path.slice(1)}.html`;
  return path.slice(1);
}

/** What decides which paths a site publishes. */
export interface SiteShape {
  readonly indexPageCount: number;
  readonly archivePageCount: number;
  readonly creditSlugs: readonly string[];
  readonly articleIds: readonly string[];
  /** Parts of a sitemap too large for one file (0 or absent: /sitemap.xml holds every URL). */
  readonly sitemapPartCount?: number;
}

/**
 * Every path a site publishes (each document once, at its one URL; not `/healthz`), in a stable
 * order: the index, the stylesheet, the feeds of each format, the articles, then the feeds page
 * and the files that help tools find everything (feed list, sitemaps, robots.txt).
 */
export function sitePaths(site: SiteShape): string[] {
  const all = [paths.home(), paths.stylesheet()];
  for (let page = 2; page <= site.indexPageCount; page++) all.push(paths.indexPage(page));
  for (const format of FEED_FORMATS) {
    all.push(paths.feed(MAIN_FEED, format));
    for (let page = 1; page <= site.archivePageCount; page++) {
      all.push(paths.feed({ kind: "archive", page }, format));
    }
    for (const slug of site.creditSlugs) all.push(paths.feed({ kind: "credit", slug }, format));
  }
  for (const id of site.articleIds) all.push(paths.article(id));
  all.push(paths.feedsPage(), paths.feedList(), paths.sitemap());
  for (let part = 1; part <= (site.sitemapPartCount ?? 0); part++) {
    all.push(paths.sitemapPart(part));
  }
  all.push(paths.newsSitemap(), paths.robots());
  return all;
}

/** The kind of document a site path names, for rules that differ by kind (`_headers`, metrics). */
export type PathKind =
  | "home"
  | "index"
  | "stylesheet"
  | "feed"
  | "archive"
  | "credit"
  | "article"
  | "feeds-page"
  | "discovery";

// The files that help tools find the site's documents: they are neither pages nor feeds.
const DISCOVERY_PATHS: readonly string[] = [
  ROUTES.feedList,
  ROUTES.sitemap,
  ROUTES.newsSitemap,
  ROUTES.robots,
];

// The paths that are one document each, by kind: one lookup on the hot path of every request
// the server counts (metrics and subscribers ask for each one).
const FIXED_PATH_KINDS: ReadonlyMap<string, PathKind> = new Map<string, PathKind>([
  ["/", "home"],
  [ROUTES.stylesheet, "stylesheet"],
  ...FEED_FORMATS.map((format): [string, PathKind] => [ROUTES.feed(format), "feed"]),
  [ROUTES.feedsPage, "feeds-page"],
  ...DISCOVERY_PATHS.map((path): [string, PathKind] => [path, "discovery"]),
]);

/** What kind of document `path` is, by the scheme above; undefined for anything else. */
export function kindOfPath(path: string): PathKind | undefined {
  const fixed = FIXED_PATH_KINDS.get(path);
  if (fixed !== undefined) return fixed;
  if (path.startsWith("/page/")) return "index";
  if (path.startsWith("/articles/")) return "article";
  if (path.startsWith("/archive/")) return "archive";
  if (path.startsWith("/credits/")) return "credit";
  if (sitemapPartOf(path) !== undefined) return "discovery";
  return undefined;
}

/**
 * Whether `path` is a feed readers subscribe to and poll (the site's or a credit's, in any
 * format), as opposed to an archive page, which does not change once full.
 */
export function isSubscriptionFeedPath(path: string): boolean {
  const kind = kindOfPath(path);
  return kind === "feed" || kind === "credit";
}

/** The id of an article page's path (`/articles/2025/a-b` → `2025/a-b`), else undefined. */
export function articleIdOfPath(path: string): string | undefined {
  const prefix = paths.article("");
  return path.startsWith(prefix) && path.length > prefix.length
    ? path.slice(prefix.length)
    : undefined;
}

/** The archive page number of an archive feed path (`/archive/12/feed.xml` → 12). */
export function archivePageOf(path: string): number | undefined {
  const match = /^\/archive\/([1-9][0-9]*)\//u.exec(path);
  return match === null ? undefined : Number(match[1]);
}

/**
 * `_headers` URL patterns (the syntax Cloudflare and Netlify share: `*` for anything, `:name`
 * for one segment) for the documents of each kind.
 */
export const HEADER_PATTERNS = {
  /** The pattern that covers every document of the same kind and format as `path`. */
  ofKind(path: string): string {
    const kind = kindOfPath(path);
    const file = path.slice(path.lastIndexOf("/"));
    switch (kind) {
      case "index":
        return "/page/*";
      case "article":
        return "/articles/*";
      case "archive":
        return `/archive/:page${file}`;
      case "credit":
        return `/credits/:slug${file}`;
      case "discovery":
        return sitemapPartOf(path) === undefined ? path : "/sitemaps/*";
      default:
        return path;
    }
  },
  everyArchivePage: "/archive/*",
  /** Every archive page whose number starts with `digits`. */
  archivePagesStartingWith: (digits: string): string => `/archive/${digits}*`,
  /** Every format of archive page `page` exactly. */
  archivePage: (page: string): string => `/archive/${page}/:file`,
} as const;
