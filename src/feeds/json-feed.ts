import { removeXmlForbiddenCharacters } from "../articles/text.ts";
import { historyLinks } from "./history.ts";
import type { FeedModel } from "./model.ts";

export const JSON_FEED_CONTENT_TYPE = "application/feed+json; charset=utf-8";
export const JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1";

type FeedItem = FeedModel["items"][number];

interface JsonFeedAuthor {
  readonly name: string;
}

interface JsonFeedHub {
  readonly type: string;
  readonly url: string;
}

/** One item as JSON Feed 1.1 writes it. */
interface JsonFeedItem {
  readonly id: string;
  readonly url: string;
  readonly title: string;
  readonly summary?: string;
  readonly content_html: string;
  readonly date_published: string;
  readonly authors?: readonly JsonFeedAuthor[];
  readonly language: string;
}

/** The top-level object of a JSON Feed 1.1 document. */
interface JsonFeedDocument {
  readonly version: string;
  readonly title: string;
  readonly home_page_url: string;
  readonly feed_url: string;
  readonly description: string;
  readonly language: string;
  readonly icon?: string;
  readonly favicon?: string;
  readonly next_url?: string;
  readonly hubs?: readonly JsonFeedHub[];
  readonly authors: readonly JsonFeedAuthor[];
  readonly items: readonly JsonFeedItem[];
}

/**
 * Renders JSON Feed 1.1, indented by two spaces and ending in a newline, with the same text as
 * the RSS and Atom documents of the same model.
 */
export function renderJsonFeed(feed: FeedModel): string {
  return `${JSON.stringify(toJsonFeed(feed), dropForbiddenCharacters, 2)}\n`;
}

/** The top-level object; its key order is the order in the file, so keep it stable. */
function toJsonFeed(feed: FeedModel): JsonFeedDocument {
  return {
    version: JSON_FEED_VERSION,
    title: feed.title,
    home_page_url: feed.homeUrl,
    feed_url: feed.selfUrls.json,
    description: feed.description,
    // JSON Feed 1.1 "language": the feed's primary language as an RFC 5646 tag.
    language: feed.language,
    // JSON Feed 1.1: "icon" is large and square, "favicon" small; SITE_ICON serves as both.
    ...(feed.iconUrl === undefined ? {} : { icon: feed.iconUrl, favicon: feed.iconUrl }),
    ...nextUrl(feed),
    ...(feed.hubUrl === undefined ? {} : { hubs: [{ type: "WebSub", url: feed.hubUrl }] }),
    // JSON Feed 1.1 "authors": an item without authors falls back to the feed's. Version 1.1
    // deprecates the singular "author", so it is never written.
    authors: [{ name: feed.authorName }],
    items: feed.items.map(toJsonFeedItem),
  };
}

/** One item; its key order is the order in the file, so keep it stable. */
function toJsonFeedItem(item: FeedItem): JsonFeedItem {
  return {
    id: item.guid,
    url: item.url,
    title: item.title,
    // JSON Feed 1.1 "summary" is optional plain text: an empty teaser is left out, not "".
    ...(item.summary === "" ? {} : { summary: item.summary }),
    // JSON Feed 1.1: an item must have content_html or content_text, so it is written even empty.
    content_html: item.contentHtml,
    // JSON Feed 1.1: RFC 3339, kept in the configured zone's offset like the other formats.
    date_published: item.published,
    ...(item.textCredits.length === 0
      ? {}
      : { authors: item.textCredits.map((name): JsonFeedAuthor => ({ name })) }),
    language: item.language,
  };
}

/** JSON Feed 1.1 "next_url": the older items, which RFC 5005 calls the previous archive. */
function nextUrl(feed: FeedModel): { next_url?: string } {
  const older = historyLinks(feed, "json").find((link) => link.rel === "prev-archive");
  return older === undefined ? {} : { next_url: older.href };
}

/**
 * A JSON.stringify replacer that drops what XML 1.0 forbids from every string, as RSS and Atom
 * do: a lone surrogate is not Unicode at all (RFC 8259 §8.2), and a control character is never
 * part of an article.
 */
function dropForbiddenCharacters(_key: string, value: unknown): unknown {
  return typeof value === "string" ? removeXmlForbiddenCharacters(value) : value;
}
