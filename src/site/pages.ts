import { DateTime } from "luxon";
import type { Article, ArticleMeta } from "../articles/schema.ts";
import { escapeMarkup } from "../articles/text.ts";
import type { Config } from "../config.ts";
import { ATOM_CONTENT_TYPE } from "../feeds/atom.ts";
import { JSON_FEED_CONTENT_TYPE } from "../feeds/json-feed.ts";
import { RSS_CONTENT_TYPE } from "../feeds/rss.ts";
import {
  absoluteUrl,
  type FeedFormat,
  type FeedScope,
  feedUrls,
  MAIN_FEED,
  paths,
} from "../urls.ts";
import type { CreditLink } from "./credits.ts";

export type PageSettings = Pick<
  Config,
  "baseUrl" | "siteTitle" | "siteDescription" | "language" | "timeZone" | "siteIcon"
>;

export interface IndexPagination {
  readonly page: number;
  readonly pageCount: number;
  readonly credits: readonly CreditLink[];
}

const FEED_LABELS: ReadonlyArray<readonly [FeedFormat, string, string]> = [
  ["rss", "RSS", RSS_CONTENT_TYPE],
  ["atom", "Atom", ATOM_CONTENT_TYPE],
  ["json", "JSON Feed", JSON_FEED_CONTENT_TYPE],
];

interface PageShell {
  readonly title: string;
  readonly canonicalUrl: string;
  readonly description: string;
  readonly ogType: "website" | "article";
  readonly links: string;
  readonly main: string;
}

/** One page of the HTML index: its articles, newest first, with paging and subscribe links. */
export function renderIndexPage(
  articles: readonly ArticleMeta[],
  settings: PageSettings,
  pagination: IndexPagination,
): string {
  const { page, pageCount, credits } = pagination;
  const pageUrl = (number: number) => absoluteUrl(settings.baseUrl, paths.indexPage(number));
  const items = articles
    .map(
      (article) => `<li>
<article lang="${escapeMarkup(article.language)}">
<h2><a href="${escapeMarkup(article.url)}">${escapeMarkup(article.title)}</a></h2>
<p class="meta">${renderByline(article, settings)}</p>
${article.summary === "" ? "" : `<p>${escapeMarkup(article.summary)}</p>\n`}</article>
</li>`,
    )
    .join("\n");
  const pager = [
    page > 1 ? `<a href="${escapeMarkup(pageUrl(page - 1))}" rel="prev">← Newer articles</a>` : "",
    page < pageCount
      ? `<a href="${escapeMarkup(pageUrl(page + 1))}" rel="next">Older articles →</a>`
      : "",
  ].filter((link) => link !== "");
  const heading = page === 1 ? settings.siteTitle : `${settings.siteTitle} (page ${page})`;
  const pagingLinks = [
    page > 1 ? `<link rel="prev" href="${escapeMarkup(pageUrl(page - 1))}">` : "",
    page < pageCount ? `<link rel="next" href="${escapeMarkup(pageUrl(page + 1))}">` : "",
  ].filter((link) => link !== "");
  return renderPage(settings, {
    title: heading,
    canonicalUrl: pageUrl(page),
    description: settings.siteDescription,
    ogType: "website",
    links: pagingLinks.join("\n"),
    main: `<h1>${escapeMarkup(heading)}</h1>
<p>${escapeMarkup(settings.siteDescription)}</p>
${articles.length === 0 ? "<p>No articles yet.</p>" : `<ol class="articles">\n${items}\n</ol>`}
${pager.length === 0 ? "" : `<nav class="pagination" aria-label="Pages">${pager.join("\n")}</nav>`}
${renderCreditFeeds(credits, settings)}`,
  });
}

/** One article's page: title, date, credits and full text with captions. */
export function renderArticlePage(article: Article, settings: PageSettings): string {
  return renderPage(settings, {
    title: article.title,
    canonicalUrl: article.url,
    description: article.summary,
    ogType: "article",
    links: "",
    main: `<article lang="${escapeMarkup(article.language)}">
<h1>${escapeMarkup(article.title)}</h1>
<p class="meta">${renderByline(article, settings)}</p>
${article.contentHtml}
</article>`,
  });
}

function renderPage(settings: PageSettings, page: PageShell): string {
  const title = page.ogType === "website" ? page.title : `${page.title} – ${settings.siteTitle}`;
  const head = [
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeMarkup(title)}</title>`,
    page.description === ""
      ? ""
      : `<meta name="description" content="${escapeMarkup(page.description)}">`,
    `<link rel="canonical" href="${escapeMarkup(page.canonicalUrl)}">`,
    page.links,
    ...FEED_LABELS.map(
      ([format, label, type]) =>
        `<link rel="alternate" type="${type.split(";")[0]}" title="${escapeMarkup(`${settings.siteTitle} (${label})`)}" href="${escapeMarkup(feedUrls(settings.baseUrl, MAIN_FEED)[format])}">`,
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
  return `<!doctype html>
<html lang="${escapeMarkup(settings.language)}">
<head>
${head.join("\n")}
</head>
<body>
<header><a href="${escapeMarkup(absoluteUrl(settings.baseUrl, paths.home()))}">${escapeMarkup(settings.siteTitle)}</a></header>
<main>
${page.main}
</main>
<footer>
<nav aria-label="Subscribe"><p>Subscribe: ${renderSubscribeLinks(settings.baseUrl, MAIN_FEED)}</p></nav>
</footer>
</body>
</html>
`;
}

function renderSubscribeLinks(baseUrl: string, scope: FeedScope): string {
  const urls = feedUrls(baseUrl, scope);
  return FEED_LABELS.map(
    ([format, label]) => `<a href="${escapeMarkup(urls[format])}">${label}</a>`,
  ).join(" · ");
}

function renderCreditFeeds(credits: readonly CreditLink[], settings: PageSettings): string {
  if (credits.length === 0) return "";
  const items = credits.map(
    (credit) =>
      `<li>${escapeMarkup(credit.name)}: ${renderSubscribeLinks(settings.baseUrl, { kind: "credit", slug: credit.slug })}</li>`,
  );
  return `<section aria-labelledby="credit-feeds">
<h2 id="credit-feeds">Feeds by source</h2>
<ul class="inline">
${items.join("\n")}
</ul>
</section>`;
}

function renderByline(article: ArticleMeta, settings: PageSettings): string {
  const date = DateTime.fromISO(article.published, { zone: settings.timeZone }).setLocale(
    settings.language,
  );
  const credits =
    article.textCredits.length === 0
      ? ""
      : ` · Quelle: ${article.textCredits.map(escapeMarkup).join(", ")}`;
  return `<time datetime="${escapeMarkup(article.published)}">${escapeMarkup(date.toLocaleString(DateTime.DATE_FULL))}</time>${credits}`;
}
