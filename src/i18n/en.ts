import type { Messages } from "./messages.ts";

/** English: what the publisher writes for LANGUAGE=en, en-GB … and for any language it lacks. */
export const en: Messages = {
  language: "en",
  englishName: "English",
  dateFormat: { day: "numeric", month: "long", year: "numeric" },

  defaultSiteDescription: (siteTitle) => `The latest articles from ${siteTitle}`,
  archiveFeedTitle: (siteTitle, page) => `${siteTitle} (archive ${page})`,
  creditFeedDescription: (credit, siteTitle) => `Articles from ${credit} on ${siteTitle}`,
  feedListTitle: (siteTitle) => `All feeds from ${siteTitle}`,
  formatNames: { rss: "RSS", atom: "Atom", json: "JSON Feed" },

  creditLabel: "Source",

  indexPageTitle: (siteTitle, page) => `${siteTitle} (page ${page})`,
  indexPageHeading: (page) => `Page ${page}`,
  noArticles: "No articles yet.",
  newerArticles: "Newer articles",
  olderArticles: "Older articles",
  pagesNavigation: "Pages",
  newerArticle: "Newer article",
  olderArticle: "Older article",
  articleNavigation: "More articles",
  subscribe: "Subscribe",
  allFeeds: "All feeds",
  feedsPageTitle: "Feeds",
  feedsPageIntro:
    "Subscribe to every article or only those of one source, in the format you prefer.",
  allArticles: "All articles",
  feedsBySource: "By source",
  feedListLink: "All feeds as an OPML file",
  feedListHint: "to import into a feed reader",
};
