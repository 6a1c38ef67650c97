import { escapeMarkup } from "../articles/text.ts";
import { formatRfc822 } from "./dates.ts";
import { FEED_HISTORY_NAMESPACE, historyLinks, historyMarker, updateSchedule } from "./history.ts";
import type { FeedModel } from "./model.ts";
import { element, renderXmlDocument, textElement, type XmlElement } from "./xml.ts";

export const RSS_CONTENT_TYPE = "application/rss+xml; charset=utf-8";

const NAMESPACES = {
  "xmlns:atom": "http://www.w3.org/2005/Atom",
  "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
  "xmlns:dc": "http://purl.org/dc/elements/1.1/",
  "xmlns:media": "http://search.yahoo.com/mrss/",
  "xmlns:sy": "http://purl.org/rss/1.0/modules/syndication/",
  "xmlns:fh": FEED_HISTORY_NAMESPACE,
};

/** Renders RSS 2.0 with content:encoded full text, dc:creator credits and Media RSS photo credits. */
export function renderRss(feed: FeedModel): string {
  const schedule = updateSchedule(feed.ttlMinutes);
  const marker = historyMarker(feed);
  const channel = element("channel", {}, [
    textElement("title", feed.title),
    textElement("link", feed.homeUrl),
    textElement("description", feed.description),
    textElement("language", feed.language),
    textElement("lastBuildDate", formatRfc822(feed.updated)),
    textElement("docs", "https://www.rssboard.org/rss-specification"),
    // RSS Best Practices: a feed names its own URL so readers can follow it when copied.
    textElement("atom:link", "", {
      href: feed.selfUrls.rss,
      rel: "self",
      type: "application/rss+xml",
    }),
    feed.hubUrl !== undefined && textElement("atom:link", "", { href: feed.hubUrl, rel: "hub" }),
    ...historyLinks(feed, "rss").map(({ rel, href }) =>
      textElement("atom:link", "", { href, rel, type: "application/rss+xml" }),
    ),
    marker !== undefined && textElement(marker, ""),
    // The polling interval, stated once in minutes (RSS) and once per period (RSS 1.0 sy:).
    textElement("ttl", String(feed.ttlMinutes)),
    textElement("sy:updatePeriod", schedule.period),
    textElement("sy:updateFrequency", String(schedule.frequency)),
    feed.iconUrl !== undefined &&
      element("image", {}, [
        textElement("url", feed.iconUrl),
        textElement("title", feed.title),
        textElement("link", feed.homeUrl),
      ]),
    ...feed.items.map(renderItem),
  ]);
  return renderXmlDocument(element("rss", { version: "2.0", ...NAMESPACES }, [channel]), {
    references: "hexadecimal",
  });
}

function renderItem(item: FeedModel["items"][number]): XmlElement {
  return element("item", {}, [
    textElement("title", item.title),
    textElement("link", item.url),
    // The guid is a tag: URI, not a URL: isPermaLink="false" keeps readers from fetching it.
    textElement("guid", item.guid, { isPermaLink: "false" }),
    textElement("pubDate", formatRfc822(item.published)),
    ...renderText(item),
    // RSS <author> must be an e-mail address; a wire service's name goes in dc:creator.
    ...item.textCredits.map((credit) => textElement("dc:creator", credit)),
    ...item.photoCredits.map((photo) => textElement("media:credit", photo.credit)),
  ]);
}

/**
 * The teaser as `description` and the full text as `content:encoded`. RSS 2.0's description is
 * HTML: the plain-text summary is escaped once as HTML here and once more as XML by the writer,
 * so "<" shows as "<" instead of starting a tag. Without a teaser, the full text is the
 * description (the RSS Best Practices Profile wants a description before content:encoded, and
 * a second copy of the text would add nothing).
 */
function renderText(item: FeedModel["items"][number]): XmlElement[] {
  if (item.summary === "") {
    return item.contentHtml === "" ? [] : [textElement("description", item.contentHtml)];
  }
  return [
    textElement("description", escapeMarkup(item.summary)),
    ...(item.contentHtml === "" ? [] : [textElement("content:encoded", item.contentHtml)]),
  ];
}
