import { FEED_HISTORY_NAMESPACE, historyLinks, historyMarker } from "./history.ts";
import type { FeedModel } from "./model.ts";
import { element, renderXmlDocument, textElement, type XmlElement } from "./xml.ts";

export const ATOM_CONTENT_TYPE = "application/atom+xml; charset=utf-8";

/** Renders Atom 1.0 (RFC 4287): text titles and summaries, HTML content, xml:lang. */
export function renderAtom(feed: FeedModel): string {
  const marker = historyMarker(feed);
  const root = {
    xmlns: "http://www.w3.org/2005/Atom",
    "xmlns:fh": marker === undefined ? undefined : FEED_HISTORY_NAMESPACE,
    "xml:lang": feed.language,
  };
  return renderXmlDocument(
    element("feed", root, [
      // RFC 4287 §4.2.6: an id never changes, so it is a tag: URI, not the feed's URL.
      textElement("id", feed.id),
      textElement("title", feed.title, { type: "text" }),
      textElement("subtitle", feed.description, { type: "text" }),
      textElement("updated", feed.updated),
      textElement("link", "", {
        rel: "self",
        type: "application/atom+xml",
        href: feed.selfUrls.atom,
      }),
      textElement("link", "", { rel: "alternate", type: "text/html", href: feed.homeUrl }),
      feed.hubUrl !== undefined && textElement("link", "", { rel: "hub", href: feed.hubUrl }),
      ...historyLinks(feed, "atom").map(({ rel, href }) =>
        textElement("link", "", { rel, type: "application/atom+xml", href }),
      ),
      marker !== undefined && textElement(marker, ""),
      feed.iconUrl !== undefined && textElement("icon", feed.iconUrl),
      // RFC 4287 §4.1.1: the feed-level author covers every entry without an author of its own.
      element("author", {}, [textElement("name", feed.authorName)]),
      ...feed.items.map(renderEntry),
    ]),
  );
}

function renderEntry(item: FeedModel["items"][number]): XmlElement {
  return element("entry", {}, [
    textElement("id", item.guid),
    textElement("title", item.title, { type: "text" }),
    textElement("link", "", { rel: "alternate", type: "text/html", href: item.url }),
    textElement("published", item.published),
    // Seeds carry no edit date; the publication date is the latest change we can vouch for.
    textElement("updated", item.published),
    ...item.textCredits.map((credit) => element("author", {}, [textElement("name", credit)])),
    item.summary !== "" && textElement("summary", item.summary, { type: "text" }),
    textElement("content", item.contentHtml, { type: "html" }),
  ]);
}
