import type { Config } from "../config.ts";
import { creditFeedTitle } from "../feeds/model.ts";
import { element, renderXmlDocument, textElement } from "../feeds/xml.ts";
import { messagesFor } from "../i18n/catalogue.ts";
import { absoluteUrl, FEED_FORMATS, type FeedFormat, feedUrls, MAIN_FEED, paths } from "../urls.ts";
import type { CreditLink } from "./credits.ts";

/** OPML has no registered media type; text/x-opml is what feed readers export and accept. */
export const OPML_CONTENT_TYPE = "text/x-opml; charset=utf-8";

export type FeedListSettings = Pick<
  Config,
  "baseUrl" | "siteTitle" | "siteDescription" | "language"
>;

// OPML 2.0 §"type rss": version "RSS for 0.91, 0.92 or 2.0"; there is no value for the others.
const OPML_VERSIONS: Readonly<Record<FeedFormat, string | undefined>> = {
  rss: "RSS",
  atom: undefined,
  json: undefined,
};

/**
 * The feed list (OPML 2.0, opml.org/spec2.opml): one outline per format, each holding the
 * main feed and every per-credit feed of that format, so a reader imports one folder (a
 * reader subscribed to two formats of one feed shows every article twice).
 */
export function renderFeedList(credits: readonly CreditLink[], settings: FeedListSettings): string {
  const messages = messagesFor(settings.language);
  const home = absoluteUrl(settings.baseUrl, paths.home());
  const feeds = [
    {
      title: settings.siteTitle,
      description: settings.siteDescription,
      urls: feedUrls(settings.baseUrl, MAIN_FEED),
    },
    ...credits.map((credit) => ({
      title: creditFeedTitle(settings.siteTitle, credit.name),
      description: messages.creditFeedDescription(credit.name, settings.siteTitle),
      urls: feedUrls(settings.baseUrl, { kind: "credit", slug: credit.slug }),
    })),
  ];
  return renderXmlDocument(
    element("opml", { version: "2.0" }, [
      element("head", {}, [
        textElement("title", messages.feedListTitle(settings.siteTitle)),
        textElement("docs", "http://opml.org/spec2.opml"),
      ]),
      element(
        "body",
        {},
        FEED_FORMATS.map((format) =>
          element(
            "outline",
            { text: messages.formatNames[format] },
            feeds.map((feed) =>
              textElement("outline", "", {
                type: "rss",
                version: OPML_VERSIONS[format],
                text: feed.title,
                title: feed.title,
                description: feed.description,
                language: settings.language,
                xmlUrl: feed.urls[format],
                htmlUrl: home,
              }),
            ),
          ),
        ),
      ),
    ]),
  );
}
