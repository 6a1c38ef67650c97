import type { ArticleMeta } from "../articles/schema.ts";
import type { Config } from "../config.ts";
import { element, renderXmlDocument, textElement } from "../feeds/xml.ts";
import { SITEMAP_CONTENT_TYPE, SITEMAP_NAMESPACE } from "./sitemap.ts";

/**
 * The news sitemap Google documents (developers.google.com/search/docs/crawling-indexing/
 * sitemaps/news-sitemap): a sitemaps.org urlset whose URLs carry `news:` elements.
 */

export const NEWS_SITEMAP_CONTENT_TYPE = SITEMAP_CONTENT_TYPE;
export const NEWS_NAMESPACE = "http://www.google.com/schemas/sitemap-news/0.9";

// Google: "Only include URLs for articles that were created in the last 2 days" and "no more
// than 1,000 news:news tags".
const NEWS_WINDOW_MS = 2 * 86_400_000;
export const NEWS_SITEMAP_MAX_ARTICLES = 1_000;

export type NewsSitemapSettings = Pick<Config, "siteTitle" | "language">;

/**
 * The articles of the last two days before `now` (ms since the epoch), newest first, at most
 * 1,000. Seeds are dated to the day at midnight, so these are the articles of today and
 * yesterday in TIME_ZONE (and any dated later).
 */
export function recentArticles<T extends ArticleMeta>(newestFirst: readonly T[], now: number): T[] {
  const recent: T[] = [];
  for (const article of newestFirst) {
    if (recent.length >= NEWS_SITEMAP_MAX_ARTICLES) break;
    // Newest first: the first article outside the window ends the search.
    if (Date.parse(article.published) <= now - NEWS_WINDOW_MS) break;
    recent.push(article);
  }
  return recent;
}

/** The news sitemap of `articles` (from recentArticles). */
export function renderNewsSitemap(
  articles: readonly ArticleMeta[],
  settings: NewsSitemapSettings,
): string {
  const language = newsLanguage(settings.language);
  return renderXmlDocument(
    element(
      "urlset",
      { xmlns: SITEMAP_NAMESPACE, "xmlns:news": NEWS_NAMESPACE },
      articles.map((article) =>
        element("url", {}, [
          textElement("loc", article.url),
          element("news:news", {}, [
            element("news:publication", {}, [
              textElement("news:name", settings.siteTitle),
              textElement("news:language", language),
            ]),
            textElement("news:publication_date", article.published),
            textElement("news:title", article.title),
          ]),
        ]),
      ),
    ),
  );
}

/**
 * Google: "The language of your publication. Use an ISO 639 language code (two or three
 * letters)", except zh-cn and zh-tw for Simplified and Traditional Chinese.
 */
export function newsLanguage(tag: string): string {
  const [language = "", ...rest] = tag.toLowerCase().split("-");
  if (language !== "zh") return language;
  return rest.some((subtag) => ["hant", "tw", "hk", "mo"].includes(subtag)) ? "zh-tw" : "zh-cn";
}
