import type { ArticleMeta } from "../articles/schema.ts";
import { escapeMarkup, removeXmlForbiddenCharacters } from "../articles/text.ts";
import { element, renderXmlDocument, textElement, type XmlElement } from "../feeds/xml.ts";
import { absoluteUrl, paths } from "../urls.ts";

/**
 * The sitemap (sitemaps.org protocol 0.9): every article page and the home page, with lastmod.
 * Past the protocol's limits of one file, /sitemap.xml becomes a sitemap index of parts.
 */

export const SITEMAP_CONTENT_TYPE = "application/xml; charset=utf-8";
export const SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9";

/** sitemaps.org: "no more than 50,000 URLs and … no larger than 50MB (52,428,800 bytes)". */
export const SITEMAP_LIMITS: SitemapLimits = { maxUrls: 50_000, maxBytes: 52_428_800 };

/** The limits one sitemap file keeps; tests pass small ones. */
export interface SitemapLimits {
  readonly maxUrls: number;
  readonly maxBytes: number;
}

// sitemaps.org: a <loc> "must be less than 2,048 characters". A longer URL cannot be listed;
// it could not be requested either (MAX_URL_LENGTH is at most 2048 by default).
const MAX_LOC_LENGTH = 2_047;

/** One URL of the sitemap. */
export interface SitemapEntry {
  readonly loc: string;
  /** W3C Datetime; absent for a home page with no articles yet. */
  readonly lastmod: string | undefined;
}

/**
 * The sitemap's URLs: every article page, oldest first, then the home page. Oldest first, so
 * that a part that filled up never changes when articles arrive. An article's lastmod is its
 * publication date: seeds carry no edit date, and the Atom feed's `updated` says the same.
 */
export function sitemapEntries(
  newestFirst: readonly ArticleMeta[],
  baseUrl: string,
): SitemapEntry[] {
  const entries: SitemapEntry[] = [];
  for (let index = newestFirst.length - 1; index >= 0; index--) {
    const article = newestFirst[index];
    if (article !== undefined && article.url.length <= MAX_LOC_LENGTH) {
      entries.push({ loc: article.url, lastmod: article.published });
    }
  }
  entries.push({
    loc: absoluteUrl(baseUrl, paths.home()),
    lastmod: newestFirst[0]?.published,
  });
  return entries;
}

/**
 * Splits the entries into files that each keep the limits, in order, filling each file before
 * starting the next. One part means /sitemap.xml holds them all.
 */
export function planSitemap(
  entries: readonly SitemapEntry[],
  limits: SitemapLimits = SITEMAP_LIMITS,
): SitemapEntry[][] {
  const empty = utf8Length(renderUrlset([]).replace(/\/>\n$/u, ">\n</urlset>\n"));
  const parts: SitemapEntry[][] = [];
  let part: SitemapEntry[] = [];
  let bytes = empty;
  for (const entry of entries) {
    const size = urlEntrySize(entry);
    if (part.length > 0 && (part.length >= limits.maxUrls || bytes + size > limits.maxBytes)) {
      parts.push(part);
      part = [];
      bytes = empty;
    }
    part.push(entry);
    bytes += size;
  }
  if (part.length > 0 || parts.length === 0) parts.push(part);
  return parts;
}

/** A `<urlset>` of the entries. */
export function renderUrlset(entries: readonly SitemapEntry[]): string {
  return renderXmlDocument(
    element("urlset", { xmlns: SITEMAP_NAMESPACE }, entries.map(urlElement)),
  );
}

/** A `<sitemapindex>` of the parts at /sitemaps/1.xml …, each dated by its newest entry. */
export function renderSitemapIndex(
  parts: ReadonlyArray<readonly SitemapEntry[]>,
  baseUrl: string,
): string {
  return renderXmlDocument(
    element(
      "sitemapindex",
      { xmlns: SITEMAP_NAMESPACE },
      parts.map((part, index) => {
        const lastmod = newestLastmod(part);
        return element("sitemap", {}, [
          textElement("loc", absoluteUrl(baseUrl, paths.sitemapPart(index + 1))),
          lastmod !== undefined && textElement("lastmod", lastmod),
        ]);
      }),
    ),
  );
}

function urlElement(entry: SitemapEntry): XmlElement {
  return element("url", {}, [
    textElement("loc", entry.loc),
    entry.lastmod !== undefined && textElement("lastmod", entry.lastmod),
  ]);
}

/**
 * The bytes renderXmlDocument writes for one `<url>` at depth 1: `  <url>`, `    <loc>…</loc>`,
 * `    <lastmod>…</lastmod>`, `  </url>`, each with its line end.
 */
export function urlEntrySize(entry: SitemapEntry): number {
  const text = (value: string) => utf8Length(escapeMarkup(removeXmlForbiddenCharacters(value)));
  const lastmod = entry.lastmod === undefined ? 0 : 24 + text(entry.lastmod);
  return 8 + 16 + text(entry.loc) + lastmod + 9;
}

function newestLastmod(entries: readonly SitemapEntry[]): string | undefined {
  let newest: string | undefined;
  for (const { lastmod } of entries) {
    if (lastmod !== undefined && (newest === undefined || Date.parse(lastmod) > Date.parse(newest)))
      newest = lastmod;
  }
  return newest;
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (const character of text) {
    const codePoint = character.codePointAt(0) ?? 0;
    bytes += codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
  }
  return bytes;
}
