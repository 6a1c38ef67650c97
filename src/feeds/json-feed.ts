import { Feed } from "feed";
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
 * no `language`, UTC dates, a crash on an empty author list) are corrected here.
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
      ...(generatedItem.summary === undefined ? {} : { summary: generatedItem.summary }),
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
      // JSON Feed 1.1: an item without authors falls back to the feed's authors.
      authors: [{ name: feed.authorName }],
      items,
    },
    null,
    2,
  )}\n`;
}
