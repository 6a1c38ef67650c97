import type { Article } from "../articles/schema.ts";
import type { Config } from "../config.ts";

export type FeedFormat = "rss" | "atom" | "json";

/** Paths of the three formats of one feed, relative to BASE_URL. */
export const FEED_FILES: Readonly<Record<FeedFormat, string>> = {
  rss: "feed.xml",
  atom: "atom.xml",
  json: "feed.json",
};

/** What every format of one feed shows; renderers only arrange it. */
export interface FeedModel {
  /** RFC 4151 tag URI of the feed itself (Atom `id`); independent of BASE_URL. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly language: string;
  /** Feed-level author: the fallback for articles without a text credit. */
  readonly authorName: string;
  readonly homeUrl: string;
  readonly selfUrls: Readonly<Record<FeedFormat, string>>;
  /** RFC 3339: the newest item's date, so the bytes never depend on the clock. */
  readonly updated: string;
  /** Newest first. */
  readonly items: readonly Article[];
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
>;

// A feed with no articles still needs a date (Atom `updated`): the start of the Unix epoch
// says "nothing yet" and, unlike the clock, never changes the bytes.
const EMPTY_FEED_UPDATED = "1970-01-01T00:00:00Z";

/** The subscription feed: the newest FEED_LIMIT of the articles, which are sorted newest first. */
export function buildFeedModel(articles: readonly Article[], settings: FeedSettings): FeedModel {
  const items = articles.slice(0, settings.feedLimit);
  const selfUrl = (format: FeedFormat) => `${settings.baseUrl}/${FEED_FILES[format]}`;
  return {
    id: `tag:${settings.idAuthority}:feeds/main`,
    title: settings.siteTitle,
    description: settings.siteDescription,
    language: settings.language,
    authorName: settings.siteAuthor,
    homeUrl: `${settings.baseUrl}/`,
    selfUrls: { rss: selfUrl("rss"), atom: selfUrl("atom"), json: selfUrl("json") },
    updated: newestDate(items),
    items,
  };
}

function newestDate(items: readonly Article[]): string {
  let newest: Article | undefined;
  for (const item of items) {
    if (newest === undefined || Date.parse(item.published) > Date.parse(newest.published)) {
      newest = item;
    }
  }
  return newest?.published ?? EMPTY_FEED_UPDATED;
}
