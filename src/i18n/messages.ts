import type { FeedFormat } from "../urls.ts";

/**
 * Every word the publisher itself adds to a page, a feed or an article's HTML, in one language.
 * Seed text never comes from here; parts that embed a name or number are functions of it. A
 * catalogue that lacks an entry does not type-check, and tests/i18n/catalogue.test.ts compares
 * the catalogues' keys at run time too.
 */
export interface Messages {
  /** The catalogue's own language (BCP 47): dates follow it when LANGUAGE fell back to it. */
  readonly language: string;
  /** The language's name in English, for the start-up warning of a fallback. */
  readonly englishName: string;
  /** How pages write a publication date (Intl options): `4. Dezember 2025`, `December 4, 2025`. */
  readonly dateFormat: Readonly<Intl.DateTimeFormatOptions>;

  // Feeds and the feed list.
  /** The feeds' description when SITE_DESCRIPTION is not set. */
  readonly defaultSiteDescription: (siteTitle: string) => string;
  /** The title of RFC 5005 archive page `page`. */
  readonly archiveFeedTitle: (siteTitle: string, page: number) => string;
  /** The description of one text credit's feed. */
  readonly creditFeedDescription: (credit: string, siteTitle: string) => string;
  /** The title of the OPML list of every feed. */
  readonly feedListTitle: (siteTitle: string) => string;
  /** What the three formats are called in links and in the feed list. */
  readonly formatNames: Readonly<Record<FeedFormat, string>>;

  // Article HTML and bylines.
  /** The word before a credit's name (`Quelle: dpa`), whatever marker the seed used. */
  readonly creditLabel: string;

  // Pages.
  /** The `<title>` of index page `page` after the first. */
  readonly indexPageTitle: (siteTitle: string, page: number) => string;
  /** The heading of index page `page` after the first (the site's name is in the masthead). */
  readonly indexPageHeading: (page: number) => string;
  readonly noArticles: string;
  /** Pager links of the index: towards page 1, and away from it. */
  readonly newerArticles: string;
  readonly olderArticles: string;
  /** aria-label of the index pager. */
  readonly pagesNavigation: string;
  /** Labels above the neighbours' titles on an article page. */
  readonly newerArticle: string;
  readonly olderArticle: string;
  /** aria-label of the neighbour links on an article page. */
  readonly articleNavigation: string;
  /** The footer's label before the feed links, and that navigation's aria-label. */
  readonly subscribe: string;
  /** The footer's link to the page of every feed. */
  readonly allFeeds: string;
  /** Heading and `<title>` of the page of every feed. */
  readonly feedsPageTitle: string;
  readonly feedsPageIntro: string;
  /** The main feed's name on the page of every feed. */
  readonly allArticles: string;
  /** The heading above the per-credit feeds. */
  readonly feedsBySource: string;
  /** The link to the OPML list of every feed. */
  readonly feedListLink: string;
  readonly feedListHint: string;
}
