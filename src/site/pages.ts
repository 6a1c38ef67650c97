import { pageContentHtml, teaserBelowTitle } from "../articles/normalize.ts";
import type { Article, ArticleMeta } from "../articles/schema.ts";
import { escapeMarkup } from "../articles/text.ts";
import type { Config } from "../config.ts";
import { ATOM_CONTENT_TYPE } from "../feeds/atom.ts";
import { JSON_FEED_CONTENT_TYPE } from "../feeds/json-feed.ts";
import { RSS_CONTENT_TYPE } from "../feeds/rss.ts";
import { type CatalogueChoice, chooseCatalogue, type Messages } from "../i18n/catalogue.ts";
import {
  absoluteUrl,
  FEED_FORMATS,
  type FeedFormat,
  type FeedScope,
  feedUrls,
  MAIN_FEED,
  paths,
} from "../urls.ts";
import type { CreditLink } from "./credits.ts";
import { dateLabel } from "./date-label.ts";
import { OPML_CONTENT_TYPE } from "./feed-list.ts";

export type PageSettings = Pick<
  Config,
  | "baseUrl"
  | "siteTitle"
  | "siteDescription"
  | "hasSiteDescription"
  | "language"
  | "timeZone"
  | "siteIcon"
  | "siteLogo"
>;

export interface IndexPagination {
  readonly page: number;
  readonly pageCount: number;
}

/** An article page's neighbours in the index's order (newest first). */
export interface ArticleNeighbours {
  readonly newer?: ArticleMeta | undefined;
  readonly older?: ArticleMeta | undefined;
}

const FEED_TYPES: Readonly<Record<FeedFormat, string>> = {
  rss: RSS_CONTENT_TYPE,
  atom: ATOM_CONTENT_TYPE,
  json: JSON_FEED_CONTENT_TYPE,
};

interface PageShell {
  /** The `<title>` and og:title. */
  readonly title: string;
  /** Whether `<title>` adds the site's name (pages whose title does not name the site). */
  readonly isTitleWithSiteName: boolean;
  readonly canonicalUrl: string;
  /** Empty for none. */
  readonly description: string;
  readonly ogType: "website" | "article";
  readonly links: string;
  /** Whether the masthead is the page's h1 (the home page), rather than a line above it. */
  readonly isHome: boolean;
  readonly main: string;
}

/** What every part of a page needs: the settings and the words of the site's language. */
interface PageContext {
  readonly settings: PageSettings;
  readonly catalogue: CatalogueChoice;
  readonly messages: Messages;
}

function contextOf(settings: PageSettings): PageContext {
  const catalogue = chooseCatalogue(settings.language);
  return { settings, catalogue, messages: catalogue.messages };
}

/** One page of the HTML index: its articles, newest first, with paging links. */
export function renderIndexPage(
  articles: readonly ArticleMeta[],
  settings: PageSettings,
  pagination: IndexPagination,
): string {
  const context = contextOf(settings);
  const { messages } = context;
  const { page, pageCount } = pagination;
  const pageUrl = (number: number) => absoluteUrl(settings.baseUrl, paths.indexPage(number));
  const items = articles.map((article) => {
    const teaser = teaserBelowTitle(article);
    return `<li>
<article lang="${escapeMarkup(article.language)}">
<h2><a href="${escapeMarkup(article.url)}">${escapeMarkup(article.title)}</a></h2>
<p class="meta">${renderByline(article, context)}</p>
${teaser === "" ? "" : `<p>${escapeMarkup(teaser)}</p>\n`}</article>
</li>`;
  });
  const pager = [
    page > 1
      ? `<a href="${escapeMarkup(pageUrl(page - 1))}" rel="prev"><span aria-hidden="true">←</span> ${escapeMarkup(messages.newerArticles)}</a>`
      : "",
    page < pageCount
      ? `<a href="${escapeMarkup(pageUrl(page + 1))}" rel="next">${escapeMarkup(messages.olderArticles)} <span aria-hidden="true">→</span></a>`
      : "",
  ].filter((link) => link !== "");
  const pagingLinks = [
    page > 1 ? `<link rel="prev" href="${escapeMarkup(pageUrl(page - 1))}">` : "",
    page < pageCount ? `<link rel="next" href="${escapeMarkup(pageUrl(page + 1))}">` : "",
  ].filter((link) => link !== "");
  const isHome = page === 1;
  return renderPage(context, {
    title: isHome ? settings.siteTitle : messages.indexPageTitle(settings.siteTitle, page),
    isTitleWithSiteName: false,
    canonicalUrl: pageUrl(page),
    description: settings.hasSiteDescription ? settings.siteDescription : "",
    ogType: "website",
    links: pagingLinks.join("\n"),
    isHome,
    main: [
      isHome ? "" : `<h1>${escapeMarkup(messages.indexPageHeading(page))}</h1>`,
      articles.length === 0
        ? `<p>${escapeMarkup(messages.noArticles)}</p>`
        : `<ol class="articles">\n${items.join("\n")}\n</ol>`,
      pager.length === 0
        ? ""
        : `<nav class="pagination" aria-label="${escapeMarkup(messages.pagesNavigation)}">\n${pager.join("\n")}\n</nav>`,
    ]
      .filter((part) => part !== "")
      .join("\n"),
  });
}

/**
 * One article's page: headline, date, credits, the full text with captions (without the
 * teaser's first sentence when the headline is that sentence), then links to its neighbours.
 */
export function renderArticlePage(
  article: Article,
  settings: PageSettings,
  neighbours: ArticleNeighbours = {},
): string {
  const context = contextOf(settings);
  const content = pageContentHtml(article);
  return renderPage(context, {
    title: article.title,
    isTitleWithSiteName: true,
    canonicalUrl: article.url,
    description: article.summary,
    ogType: "article",
    links: "",
    isHome: false,
    main: [
      `<article lang="${escapeMarkup(article.language)}">`,
      `<h1>${escapeMarkup(article.title)}</h1>`,
      `<p class="meta">${renderByline(article, context)}</p>`,
      content,
      "</article>",
      renderNeighbours(neighbours, context.messages),
    ]
      .filter((part) => part !== "")
      .join("\n"),
  });
}

/** The page of every feed: the main feed and each text credit's, in every format, and the OPML. */
export function renderFeedsPage(credits: readonly CreditLink[], settings: PageSettings): string {
  const context = contextOf(settings);
  const { messages } = context;
  const creditItems = credits.map(
    (credit) =>
      `<li><span class="feed-name">${escapeMarkup(credit.name)}</span> <span class="formats">${renderFormatLinks(settings.baseUrl, { kind: "credit", slug: credit.slug }, messages)}</span></li>`,
  );
  const feedList = absoluteUrl(settings.baseUrl, paths.feedList());
  return renderPage(context, {
    title: messages.feedsPageTitle,
    isTitleWithSiteName: true,
    canonicalUrl: absoluteUrl(settings.baseUrl, paths.feedsPage()),
    description: messages.feedsPageIntro,
    ogType: "website",
    links: "",
    isHome: false,
    main: [
      `<h1>${escapeMarkup(messages.feedsPageTitle)}</h1>`,
      `<p>${escapeMarkup(messages.feedsPageIntro)}</p>`,
      // The main feed is named by its heading: the site's name stays once, in the masthead.
      `<section aria-labelledby="all-articles">
<h2 id="all-articles">${escapeMarkup(messages.allArticles)}</h2>
<p class="formats">${renderFormatLinks(settings.baseUrl, MAIN_FEED, messages)}</p>
</section>`,
      credits.length === 0
        ? ""
        : `<section aria-labelledby="by-source">
<h2 id="by-source">${escapeMarkup(messages.feedsBySource)}</h2>
<ul class="feeds">
${creditItems.join("\n")}
</ul>
</section>`,
      `<p class="feed-list"><a href="${escapeMarkup(feedList)}" type="${OPML_CONTENT_TYPE.split(";")[0]}">${escapeMarkup(messages.feedListLink)}</a> (${escapeMarkup(messages.feedListHint)})</p>`,
    ]
      .filter((part) => part !== "")
      .join("\n"),
  });
}

function renderPage(context: PageContext, page: PageShell): string {
  const { settings, catalogue, messages } = context;
  const title = page.isTitleWithSiteName ? `${page.title} – ${settings.siteTitle}` : page.title;
  const mainFeeds = feedUrls(settings.baseUrl, MAIN_FEED);
  const head = [
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeMarkup(title)}</title>`,
    page.description === ""
      ? ""
      : `<meta name="description" content="${escapeMarkup(page.description)}">`,
    `<link rel="canonical" href="${escapeMarkup(page.canonicalUrl)}">`,
    page.links,
    ...FEED_FORMATS.map(
      (format) =>
        `<link rel="alternate" type="${FEED_TYPES[format].split(";")[0]}" title="${escapeMarkup(`${settings.siteTitle} (${messages.formatNames[format]})`)}" href="${escapeMarkup(mainFeeds[format])}">`,
    ),
    `<link rel="stylesheet" href="${escapeMarkup(absoluteUrl(settings.baseUrl, paths.stylesheet()))}">`,
    // Without an icon of our own, an empty one stops browsers asking for a 404 /favicon.ico.
    `<link rel="icon" href="${escapeMarkup(settings.siteIcon ?? "data:,")}">`,
    `<meta property="og:type" content="${page.ogType}">`,
    `<meta property="og:title" content="${escapeMarkup(page.title)}">`,
    `<meta property="og:url" content="${escapeMarkup(page.canonicalUrl)}">`,
    `<meta property="og:site_name" content="${escapeMarkup(settings.siteTitle)}">`,
    page.description === ""
      ? ""
      : `<meta property="og:description" content="${escapeMarkup(page.description)}">`,
    settings.siteIcon === undefined
      ? ""
      : `<meta property="og:image" content="${escapeMarkup(settings.siteIcon)}">`,
  ].filter((line) => line !== "");
  // LANGUAGE is the articles' language; when its catalogue is missing, the words we add are
  // English, and the body says so (each article keeps its own lang).
  const bodyLang = catalogue.isFallback ? ` lang="${escapeMarkup(messages.language)}"` : "";
  return `<!doctype html>
<html lang="${escapeMarkup(settings.language)}">
<head>
${head.join("\n")}
</head>
<body${bodyLang}>
${renderMasthead(context, page.isHome)}
<main>
${page.main}
</main>
<footer>
<nav aria-label="${escapeMarkup(messages.subscribe)}"><p>${escapeMarkup(messages.subscribe)}: ${renderFormatLinks(settings.baseUrl, MAIN_FEED, messages)} · <a href="${escapeMarkup(absoluteUrl(settings.baseUrl, paths.feedsPage()))}">${escapeMarkup(messages.allFeeds)}</a></p></nav>
</footer>
</body>
</html>
`;
}

/**
 * The site's name once, at the top: the home page's h1, a line above every other page's h1.
 * The description follows on the home page only when SITE_DESCRIPTION is set.
 */
function renderMasthead(context: PageContext, isHome: boolean): string {
  const { settings } = context;
  // The logo sits beside the name, which stays text: its alt would only repeat the name.
  const logo =
    settings.siteLogo === undefined
      ? ""
      : `<img class="logo" src="${escapeMarkup(settings.siteLogo)}" alt="">`;
  const home = absoluteUrl(settings.baseUrl, paths.home());
  const current = isHome ? ' aria-current="page"' : "";
  const name = `<a href="${escapeMarkup(home)}"${current}>${logo}<span>${escapeMarkup(settings.siteTitle)}</span></a>`;
  const tag = isHome ? "h1" : "p";
  const description =
    isHome && settings.hasSiteDescription
      ? `\n<p class="tagline">${escapeMarkup(settings.siteDescription)}</p>`
      : "";
  return `<header class="masthead">
<${tag} class="site-name">${name}</${tag}>${description}
</header>`;
}

function renderFormatLinks(baseUrl: string, scope: FeedScope, messages: Messages): string {
  const urls = feedUrls(baseUrl, scope);
  return FEED_FORMATS.map(
    (format) =>
      `<a href="${escapeMarkup(urls[format])}" type="${FEED_TYPES[format].split(";")[0]}">${escapeMarkup(messages.formatNames[format])}</a>`,
  ).join(" · ");
}

/** Links to the next newer and older article, in the index's order (newer first, as there). */
function renderNeighbours(neighbours: ArticleNeighbours, messages: Messages): string {
  const link = (article: ArticleMeta, rel: "prev" | "next", label: string) => {
    const arrowed =
      rel === "prev"
        ? `<span aria-hidden="true">←</span> ${escapeMarkup(label)}`
        : `${escapeMarkup(label)} <span aria-hidden="true">→</span>`;
    return `<a href="${escapeMarkup(article.url)}" rel="${rel}"><span class="label">${arrowed}</span> <span class="title" lang="${escapeMarkup(article.language)}">${escapeMarkup(article.title)}</span></a>`;
  };
  const links = [
    neighbours.newer === undefined ? "" : link(neighbours.newer, "prev", messages.newerArticle),
    neighbours.older === undefined ? "" : link(neighbours.older, "next", messages.olderArticle),
  ].filter((part) => part !== "");
  if (links.length === 0) return "";
  return `<nav class="neighbours" aria-label="${escapeMarkup(messages.articleNavigation)}">
${links.join("\n")}
</nav>`;
}

/** Date and text credits; a credit is kept on one line (see the stylesheet's `.credit`). */
function renderByline(article: ArticleMeta, context: PageContext): string {
  const { settings, catalogue, messages } = context;
  const date = dateLabel(
    article.published,
    settings.timeZone,
    catalogue.dateLocale,
    messages.dateFormat,
  );
  const credits =
    article.textCredits.length === 0
      ? ""
      : ` · <span class="credit">${escapeMarkup(messages.creditLabel)}: ${article.textCredits.map(escapeMarkup).join(", ")}</span>`;
  return `<time datetime="${escapeMarkup(article.published)}">${escapeMarkup(date)}</time>${credits}`;
}
