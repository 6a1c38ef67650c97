import { Feed } from "feed";
import { removeXmlForbiddenCharacters } from "../articles/text.ts";
import { historyLinks } from "./history.ts";
import type { FeedModel } from "./model.ts";

export const JSON_FEED_CONTENT_TYPE = "application/feed+json; charset=utf-8";
export const JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1";

interface JsonFeedAuthor {
  name: string;
}

/** The item fields `feed` writes that we keep as they are. */
interface FeedPackageItem {
  id: string;
  url?: string;
  title?: string;
  summary?: string;
  content_html?: string;
}

/**
 * Renders JSON Feed 1.1. `feed` builds the items; its defects (version 1, a singular `author`,
 * no `language`, UTC dates, a crash on an empty author list, no summary without content) are
 * corrected here.
 */
export function renderJsonFeed(feed: FeedModel): string {
  const builder = new Feed({
    id: feed.id,
    title: feed.title,
    description: feed.description,
    link: feed.homeUrl,
    feedLinks: { json: feed.selfUrls.json },
    generator: false,
  });
  for (const item of feed.items) {
    builder.addItem({
      id: item.guid,
      link: item.url,
      title: item.title,
      date: new Date(item.published),
      // feed@6 only writes a summary next to content; an empty teaser is left out entirely.
      ...(item.summary === "" ? {} : { description: item.summary }),
      content: item.contentHtml,
    });
  }
  const generated = JSON.parse(builder.json1()) as { items: FeedPackageItem[] };

  const items = generated.items.map((generatedItem, index) => {
    const item = feed.items[index];
    if (item === undefined || item.guid !== generatedItem.id) {
      throw new Error(`feed package reordered items at ${index}`); // our bug: fail loudly
    }
    return {
      id: generatedItem.id,
      url: generatedItem.url,
      title: generatedItem.title,
      // Taken from the model: feed@6 drops `summary` whenever the content is empty.
      ...(item.summary === "" ? {} : { summary: item.summary }),
      content_html: generatedItem.content_html ?? "",
      // JSON Feed 1.1: RFC 3339, kept in the configured zone's offset like the other formats.
      date_published: item.published,
      ...(item.textCredits.length === 0
        ? {}
        : { authors: item.textCredits.map((name): JsonFeedAuthor => ({ name })) }),
      language: item.language,
    };
  });

  return `${JSON.stringify(
    {
      version: JSON_FEED_VERSION,
      title: feed.title,
      home_page_url: feed.homeUrl,
      feed_url: feed.selfUrls.json,
      description: feed.description,
      language: feed.language,
      ...(feed.iconUrl === undefined ? {} : { icon: feed.iconUrl, favicon: feed.iconUrl }),
      // JSON Feed 1.1: next_url leads to older items, which RFC 5005's prev-archive names.
      ...nextUrl(feed),
      ...(feed.hubUrl === undefined ? {} : { hubs: [{ type: "WebSub", url: feed.hubUrl }] }),
      // JSON Feed 1.1: an item without authors falls back to the feed's authors.
      authors: [{ name: feed.authorName }],
      items,
    },
    // The same text as RSS and Atom, which drop what XML 1.0 forbids: a lone surrogate is not
    // Unicode at all (RFC 8259 §8.2), and a control character is never part of an article.
    (_key, value: unknown) =>
      typeof value === "string" ? removeXmlForbiddenCharacters(value) : value,
    2,
  )}\n`;
}

function nextUrl(feed: FeedModel): { next_url?: string } {
  const older = historyLinks(feed, "json").find((link) => link.rel === "prev-archive");
  return older === undefined ? {} : { next_url: older.href };
}
