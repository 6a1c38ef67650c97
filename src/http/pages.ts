import { DateTime } from "luxon";
import type { Article } from "../articles/schema.ts";
import { escapeMarkup } from "../articles/text.ts";
import type { Config } from "../config.ts";
import { ATOM_CONTENT_TYPE } from "../feeds/atom.ts";
import { JSON_FEED_CONTENT_TYPE } from "../feeds/json-feed.ts";
import { FEED_FILES } from "../feeds/model.ts";
import { RSS_CONTENT_TYPE } from "../feeds/rss.ts";

export type PageSettings = Pick<
  Config,
  "baseUrl" | "siteTitle" | "siteDescription" | "language" | "timeZone"
>;

const STYLE = `
:root{color-scheme:light dark;--muted:#5c5c5c}
@media (prefers-color-scheme:dark){:root{--muted:#a8a8a8}}
body{font:1.0625rem/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:42rem;padding:1rem}
header,footer{border-bottom:1px solid #8884;margin-bottom:1.5rem;padding-bottom:.5rem}
footer{border-top:1px solid #8884;border-bottom:0;margin-top:2rem;padding-top:.5rem}
h1{font-size:1.6rem;line-height:1.25}
h2{font-size:1.25rem;line-height:1.3}
.meta,figcaption,.subscribe{color:var(--muted);font-size:.9rem}
figure{margin:1.5rem 0;border-left:3px solid #8886;padding-left:.75rem}
ol.articles{list-style:none;padding:0}
ol.articles li{margin:0 0 1.5rem}
a{color:inherit;text-underline-offset:.15em}
`.trim();

interface PageShell {
  readonly title: string;
  readonly canonicalUrl: string;
  readonly description: string;
  readonly ogType: "website" | "article";
  readonly main: string;
}

/** The HTML index: every article, newest first, with subscribe links. */
export function renderIndexPage(articles: readonly Article[], settings: PageSettings): string {
  const items = articles
    .map(
      (article) => `<li>
<h2><a href="${escapeMarkup(article.url)}">${escapeMarkup(article.title)}</a></h2>
<p class="meta">${renderDate(article, settings)}${renderCredits(article)}</p>
${article.summary === "" ? "" : `<p>${escapeMarkup(article.summary)}</p>`}
</li>`,
    )
    .join("\n");
  return renderPage(settings, {
    title: settings.siteTitle,
    canonicalUrl: `${settings.baseUrl}/`,
    description: settings.siteDescription,
    ogType: "website",
    main: `<h1>${escapeMarkup(settings.siteTitle)}</h1>
<p>${escapeMarkup(settings.siteDescription)}</p>
${articles.length === 0 ? "<p>No articles yet.</p>" : `<ol class="articles">\n${items}\n</ol>`}`,
  });
}

/** One article's page: title, date, credits, summary and full text. */
export function renderArticlePage(article: Article, settings: PageSettings): string {
  return renderPage(settings, {
    title: article.title,
    canonicalUrl: article.url,
    description: article.summary,
    ogType: "article",
    main: `<article lang="${escapeMarkup(article.language)}">
<h1>${escapeMarkup(article.title)}</h1>
<p class="meta">${renderDate(article, settings)}${renderCredits(article)}</p>
${article.contentHtml}
</article>`,
  });
}

function renderPage(settings: PageSettings, page: PageShell): string {
  const isHome = page.ogType === "website";
  const title = isHome ? page.title : `${page.title} – ${settings.siteTitle}`;
  return `<!doctype html>
<html lang="${escapeMarkup(settings.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeMarkup(title)}</title>
${page.description === "" ? "" : `<meta name="description" content="${escapeMarkup(page.description)}">\n`}<link rel="canonical" href="${escapeMarkup(page.canonicalUrl)}">
${renderAutodiscovery(settings)}
<meta property="og:type" content="${page.ogType}">
<meta property="og:title" content="${escapeMarkup(page.title)}">
<meta property="og:url" content="${escapeMarkup(page.canonicalUrl)}">
<meta property="og:site_name" content="${escapeMarkup(settings.siteTitle)}">
${page.description === "" ? "" : `<meta property="og:description" content="${escapeMarkup(page.description)}">\n`}<style>${STYLE}</style>
</head>
<body>
<header><nav aria-label="Site"><a href="${escapeMarkup(settings.baseUrl)}/">${escapeMarkup(settings.siteTitle)}</a></nav></header>
<main>
${page.main}
</main>
<footer>
<p class="subscribe">Subscribe: ${renderSubscribeLinks(settings)}</p>
</footer>
</body>
</html>
`;
}

const FEED_LINKS = [
  { file: FEED_FILES.rss, type: RSS_CONTENT_TYPE, label: "RSS" },
  { file: FEED_FILES.atom, type: ATOM_CONTENT_TYPE, label: "Atom" },
  { file: FEED_FILES.json, type: JSON_FEED_CONTENT_TYPE, label: "JSON Feed" },
] as const;

function renderAutodiscovery(settings: PageSettings): string {
  return FEED_LINKS.map(
    ({ file, type, label }) =>
      `<link rel="alternate" type="${type.split(";")[0]}" title="${escapeMarkup(`${settings.siteTitle} (${label})`)}" href="${escapeMarkup(`${settings.baseUrl}/${file}`)}">`,
  ).join("\n");
}

function renderSubscribeLinks(settings: PageSettings): string {
  return FEED_LINKS.map(
    ({ file, label }) => `<a href="${escapeMarkup(`${settings.baseUrl}/${file}`)}">${label}</a>`,
  ).join(" · ");
}

function renderDate(article: Article, settings: PageSettings): string {
  const date = DateTime.fromISO(article.published, { zone: settings.timeZone }).setLocale(
    settings.language,
  );
  return `<time datetime="${escapeMarkup(article.published)}">${escapeMarkup(date.toLocaleString(DateTime.DATE_FULL))}</time>`;
}

function renderCredits(article: Article): string {
  return article.textCredits.length === 0
    ? ""
    : ` · Quelle: ${article.textCredits.map(escapeMarkup).join(", ")}`;
}
