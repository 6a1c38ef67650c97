import type { Article, ArticleMeta } from "../articles/schema.ts";
import type { Config } from "../config.ts";
import { messagesFor } from "../i18n/catalogue.ts";
import { absoluteUrl, type FeedUrls, feedUrls, MAIN_FEED, paths } from "../urls.ts";

/**
 * RFC 5005 feed history: a subscription document holding everything is `complete`; one that
 * does not links back to `archive` documents; `none` says nothing (per-credit feeds).
 */
export type FeedHistory =
  | { readonly kind: "complete" }
  | { readonly kind: "none" }
  | { readonly kind: "subscription"; readonly prevArchive: FeedUrls }
  | {
      readonly kind: "archive";
      readonly current: FeedUrls;
      readonly prevArchive: FeedUrls | undefined;
      readonly nextArchive: FeedUrls | undefined;
    };

/**
 * What every format of one feed shows; renderers only arrange it. Builders work on article
 * metadata (`FeedModel<ArticleMeta>`); the full text is filled in before rendering.
 */
export interface FeedModel<T extends ArticleMeta = Article> {
  /** RFC 4151 tag URI of the feed itself (Atom `id`); independent of BASE_URL. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly language: string;
  /** Feed-level author: the fallback for articles without a text credit. */
  readonly authorName: string;
  readonly homeUrl: string;
  readonly selfUrls: FeedUrls;
  /** RFC 3339: the newest item's date, so the bytes never depend on the clock. */
  readonly updated: string;
  /** Newest first. */
  readonly items: readonly T[];
  readonly history: FeedHistory;
  /** How often readers should poll, in minutes (RSS ttl and the syndication module). */
  readonly ttlMinutes: number;
  readonly hubUrl: string | undefined;
  readonly iconUrl: string | undefined;
}

export type FeedSettings = Pick<
  Config,
  | "baseUrl"
  | "siteTitle"
  | "siteDescription"
  | "siteAuthor"
  | "language"
  | "idAuthority"
  | "feedLimit"
  | "archivePageSize"
  | "cacheMaxAge"
  | "websubHub"
  | "siteIcon"
>;

// A feed with no articles still needs a date (Atom `updated`): the start of the Unix epoch
// says "nothing yet" and, unlike the clock, never changes the bytes.
const EMPTY_FEED_UPDATED = "1970-01-01T00:00:00Z";

/**
 * How many archive pages `total` articles make: every full page, plus the page being filled
 * (empty when the last one just filled up, so that a full page's next-archive link always
 * resolves and never has to be added later).
 */
export function archivePageCount(total: number, pageSize: number): number {
  return Math.floor(total / pageSize) + 1;
}

/** The newest archive page that holds any article: where the subscription feed links back. */
function newestFilledArchivePage(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/**
 * The subscription feed: the newest `limit` articles (default FEED_LIMIT) of `articles`, which
 * are sorted newest first. When older articles exist it links to the newest archive page.
 * `articles` may be only the newest of `total` (at least `limit` of them, or all): the Worker
 * renders `?limit=N` from the newest articles alone.
 */
export function buildFeedModel<T extends ArticleMeta>(
  articles: readonly T[],
  settings: FeedSettings,
  limit: number = settings.feedLimit,
  total: number = articles.length,
): FeedModel<T> {
  const newestPage = newestFilledArchivePage(total, settings.archivePageSize);
  const history: FeedHistory =
    total <= limit
      ? { kind: "complete" }
      : {
          kind: "subscription",
          prevArchive: feedUrls(settings.baseUrl, { kind: "archive", page: newestPage }),
        };
  return {
    ...siteFeedFields(settings),
    id: `tag:${settings.idAuthority}:feeds/main`,
    title: settings.siteTitle,
    selfUrls: feedUrls(settings.baseUrl, MAIN_FEED),
    updated: newestDate(articles.slice(0, limit)),
    items: articles.slice(0, limit),
    history,
  };
}

/**
 * RFC 5005 §4 archive page `page`: pages are numbered from the oldest article, so page k always
 * holds the same articles (k-1)·size+1 … k·size, and new articles never shift a full page.
 * @returns undefined for a page that does not exist.
 */
export function buildArchiveModel<T extends ArticleMeta>(
  articles: readonly T[],
  settings: FeedSettings,
  page: number,
): FeedModel<T> | undefined {
  const size = settings.archivePageSize;
  const pageCount = archivePageCount(articles.length, size);
  if (!Number.isInteger(page) || page < 1 || page > pageCount) return undefined;
  const total = articles.length;
  const items = articles.slice(Math.max(0, total - page * size), total - (page - 1) * size);
  const isFull = isArchivePageFull(total, size, page);
  const history: FeedHistory =
    pageCount === 1
      ? // The only page holds every article: RFC 5005 §2 calls that complete.
        { kind: "complete" }
      : {
          kind: "archive",
          current: feedUrls(settings.baseUrl, MAIN_FEED),
          prevArchive:
            page > 1 ? feedUrls(settings.baseUrl, { kind: "archive", page: page - 1 }) : undefined,
          // A full page always has a successor (archivePageCount), so its link never changes.
          nextArchive: isFull
            ? feedUrls(settings.baseUrl, { kind: "archive", page: page + 1 })
            : undefined,
        };
  return {
    ...siteFeedFields(settings),
    id: `tag:${settings.idAuthority}:feeds/main/archive/${page}`,
    title: messagesFor(settings.language).archiveFeedTitle(settings.siteTitle, page),
    selfUrls: feedUrls(settings.baseUrl, { kind: "archive", page }),
    updated: newestDate(items),
    items,
    history,
  };
}

/** Whether archive page `page` holds its full number of articles (and so rarely changes). */
export function isArchivePageFull(total: number, pageSize: number, page: number): boolean {
  return page * pageSize <= total;
}

/** The feed of one text credit: its newest `limit` articles. */
export function buildCreditModel<T extends ArticleMeta>(
  articles: readonly T[],
  settings: FeedSettings,
  credit: { readonly name: string; readonly slug: string },
  limit: number = settings.feedLimit,
): FeedModel<T> {
  const items = articles.slice(0, limit);
  return {
    ...siteFeedFields(settings),
    // The credit's name, not its slug, names the feed: a slug can gain a -2 suffix later.
    id: `tag:${settings.idAuthority}:feeds/credits/${encodeURIComponent(credit.name)}`,
    title: creditFeedTitle(settings.siteTitle, credit.name),
    description: messagesFor(settings.language).creditFeedDescription(
      credit.name,
      settings.siteTitle,
    ),
    selfUrls: feedUrls(settings.baseUrl, { kind: "credit", slug: credit.slug }),
    updated: newestDate(items),
    items,
    history: { kind: "none" },
  };
}

/** The title of one text credit's feed, wherever it is named (the feed, the feed list). */
export function creditFeedTitle(siteTitle: string, credit: string): string {
  return `${siteTitle}: ${credit}`;
}

function siteFeedFields(settings: FeedSettings) {
  return {
    description: settings.siteDescription,
    language: settings.language,
    authorName: settings.siteAuthor,
    homeUrl: absoluteUrl(settings.baseUrl, paths.home()),
    ttlMinutes: Math.max(1, Math.ceil(settings.cacheMaxAge / 60)),
    hubUrl: settings.websubHub,
    iconUrl: settings.siteIcon,
  };
}

function newestDate(items: readonly ArticleMeta[]): string {
  let newest: ArticleMeta | undefined;
  for (const item of items) {
    if (newest === undefined || Date.parse(item.published) > Date.parse(newest.published)) {
      newest = item;
    }
  }
  return newest?.published ?? EMPTY_FEED_UPDATED;
}
