import { DateTime } from "luxon";
import type { Article, ArticleMeta } from "../articles/schema.ts";
import { escapeMarkup } from "../articles/text.ts";
import type { Config } from "../config.ts";
import { ATOM_CONTENT_TYPE } from "../feeds/atom.ts";
import { JSON_FEED_CONTENT_TYPE } from "../feeds/json-feed.ts";
import { FEED_FILES, type FeedFormat } from "../feeds/model.ts";
import { RSS_CONTENT_TYPE } from "../feeds/rss.ts";

export type PageSettings = Pick<
  Config,
  "baseUrl" | "siteTitle" | "siteDescription" | "language" | "timeZone" | "siteIcon"
>;

/** A text credit and the slug of its feeds, `/credits/SLUG/feed.xml`. */
export interface CreditLink {
  readonly name: string;
  readonly slug: string;
}

export interface IndexPagination {
  readonly page: number;
  readonly pageCount: number;
  readonly credits: readonly CreditLink[];
}

/** The stylesheet, served at /style.css so the CSP can forbid every inline script and style. */
export const STYLESHEET = `:root{color-scheme:light dark;--muted:#595959;--rule:#8886}
@media (prefers-color-scheme:dark){:root{--muted:#b0b0b0}}
html{background:Canvas;color:CanvasText}
body{font:1.0625rem/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:42rem;padding:1rem}
header{border-bottom:1px solid var(--rule);margin-bottom:1.5rem;padding-bottom:.5rem}
footer{border-top:1px solid var(--rule);margin-top:2rem;padding-top:.5rem}
h1{font-size:1.6rem;line-height:1.25}
h2{font-size:1.25rem;line-height:1.3}
.meta,figcaption,footer{color:var(--muted);font-size:.9rem}
figure{margin:1.5rem 0;border-left:3px solid var(--rule);padding-left:.75rem}
ol.articles{list-style:none;padding:0}
ol.articles li{margin:0 0 1.75rem}
ol.articles h2{margin-bottom:.25rem}
nav.pagination{display:flex;gap:1.5rem;justify-content:space-between;margin:2rem 0}
a{color:inherit;text-underline-offset:.15em}
a:focus-visible{outline:2px solid currentColor;outline-offset:2px}
ul.inline{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
`;

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
  // Paths, not a query: a static export serves `/page/N` from page/N.html.
  const pageUrl = (number: number) =>
    number === 1 ? `${settings.baseUrl}/` : `${settings.baseUrl}/page/${number}`;
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
        `<link rel="alternate" type="${type.split(";")[0]}" title="${escapeMarkup(`${settings.siteTitle} (${label})`)}" href="${escapeMarkup(`${settings.baseUrl}/${FEED_FILES[format]}`)}">`,
    ),
    `<link rel="stylesheet" href="${escapeMarkup(settings.baseUrl)}/style.css">`,
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
<header><a href="${escapeMarkup(settings.baseUrl)}/">${escapeMarkup(settings.siteTitle)}</a></header>
<main>
${page.main}
</main>
<footer>
<nav aria-label="Subscribe"><p>Subscribe: ${renderSubscribeLinks(settings.baseUrl, "")}</p></nav>
</footer>
</body>
</html>
`;
}

function renderSubscribeLinks(baseUrl: string, folder: string): string {
  const prefix = folder === "" ? baseUrl : `${baseUrl}/${folder}`;
  return FEED_LABELS.map(
    ([format, label]) =>
      `<a href="${escapeMarkup(`${prefix}/${FEED_FILES[format]}`)}">${label}</a>`,
  ).join(" · ");
}

function renderCreditFeeds(credits: readonly CreditLink[], settings: PageSettings): string {
  if (credits.length === 0) return "";
  const items = credits.map(
    (credit) =>
      `<li>${escapeMarkup(credit.name)}: ${renderSubscribeLinks(settings.baseUrl, `credits/${credit.slug}`)}</li>`,
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
