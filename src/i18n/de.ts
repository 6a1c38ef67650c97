import type { Messages } from "./messages.ts";

/** German: what the publisher writes for LANGUAGE=de, de-AT, de-CH … */
export const de: Messages = {
  language: "de",
  englishName: "German",
  dateFormat: { day: "numeric", month: "long", year: "numeric" },

  defaultSiteDescription: (siteTitle) => `Die neuesten Artikel von ${siteTitle}`,
  archiveFeedTitle: (siteTitle, page) => `${siteTitle} (Archiv ${page})`,
  creditFeedDescription: (credit, siteTitle) => `Artikel von ${credit} bei ${siteTitle}`,
  feedListTitle: (siteTitle) => `Alle Feeds von ${siteTitle}`,
  formatNames: { rss: "RSS", atom: "Atom", json: "JSON Feed" },

  creditLabel: "Quelle",

  indexPageTitle: (siteTitle, page) => `${siteTitle} (Seite ${page})`,
  indexPageHeading: (page) => `Seite ${page}`,
  noArticles: "Noch keine Artikel.",
  newerArticles: "Neuere Artikel",
  olderArticles: "Ältere Artikel",
  pagesNavigation: "Seiten",
  newerArticle: "Neuerer Artikel",
  olderArticle: "Älterer Artikel",
  articleNavigation: "Weitere Artikel",
  subscribe: "Abonnieren",
  allFeeds: "Alle Feeds",
  feedsPageTitle: "Feeds",
  feedsPageIntro: "Alle Artikel oder nur die einer Quelle, in einem Format Ihrer Wahl abonnieren.",
  allArticles: "Alle Artikel",
  feedsBySource: "Nach Quelle",
  feedListLink: "Alle Feeds als OPML-Datei",
  feedListHint: "zum Import in einen Feedreader",
};
