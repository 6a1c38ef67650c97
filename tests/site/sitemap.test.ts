import { describe, expect, it } from "vitest";
import {
  planSitemap,
  renderSitemapIndex,
  renderUrlset,
  SITEMAP_LIMITS,
  type SitemapEntry,
  sitemapEntries,
  urlEntrySize,
} from "../../src/site/sitemap.ts";
import { makeArticle } from "../support/builders.ts";
import { parseXml } from "../support/parse-xml.ts";

const BASE_URL = "https://news.example.org";
const encoder = new TextEncoder();

/** `count` entries of article pages, with ids of `idLength` characters. */
function entries(count: number, idLength = 8): SitemapEntry[] {
  return Array.from({ length: count }, (_, index) => ({
    loc: `${BASE_URL}/articles/${String(index).padStart(idLength, "0")}`,
    lastmod: "2025-12-04T00:00:00+01:00",
  }));
}

interface Urlset {
  urlset: { "@xmlns": string; url: Array<{ loc: string; lastmod?: string }> };
}

describe("sitemapEntries", () => {
  it("lists every article page oldest first with its date as lastmod, then the home page", () => {
    const articles = [
      makeArticle({ id: "b", published: "2025-12-05T00:00:00+01:00" }),
      makeArticle({ id: "a", published: "2025-12-04T00:00:00+01:00" }),
    ];
    expect(sitemapEntries(articles, BASE_URL)).toEqual([
      { loc: "https://news.example.org/articles/a", lastmod: "2025-12-04T00:00:00+01:00" },
      { loc: "https://news.example.org/articles/b", lastmod: "2025-12-05T00:00:00+01:00" },
      { loc: "https://news.example.org/", lastmod: "2025-12-05T00:00:00+01:00" },
    ]);
  });

  it("lists only the home page, undated, for a site without articles", () => {
    expect(sitemapEntries([], BASE_URL)).toEqual([
      { loc: "https://news.example.org/", lastmod: undefined },
    ]);
  });

  it("leaves out a URL of 2,048 characters or more, which the protocol does not allow", () => {
    const long = "x".repeat(2048 - `${BASE_URL}/articles/`.length);
    const articles = [makeArticle({ id: long, url: `${BASE_URL}/articles/${long}` })];
    expect(sitemapEntries(articles, BASE_URL).map((entry) => entry.loc)).toEqual([
      "https://news.example.org/",
    ]);
  });
});

describe("renderUrlset", () => {
  it("writes a sitemaps.org 0.9 urlset with absolute loc and W3C lastmod", () => {
    const xml = renderUrlset(sitemapEntries([makeArticle({ id: "a" })], BASE_URL));
    const { urlset } = parseXml(xml) as unknown as Urlset;
    expect(urlset["@xmlns"]).toBe("http://www.sitemaps.org/schemas/sitemap/0.9");
    expect(urlset.url).toEqual([
      { loc: "https://news.example.org/articles/a", lastmod: "2025-12-04T00:00:00+01:00" },
      { loc: "https://news.example.org/", lastmod: "2025-12-04T00:00:00+01:00" },
    ]);
  });

  it("escapes a URL's & and leaves out a missing lastmod", () => {
    const xml = renderUrlset([{ loc: "https://example.org/a&b/", lastmod: undefined }]);
    expect(xml).toContain("<loc>https://example.org/a&amp;b/</loc>");
    expect((parseXml(xml) as unknown as Urlset).urlset.url).toEqual([
      { loc: "https://example.org/a&b/" },
    ]);
  });
});

describe("planSitemap", () => {
  it.each([
    [1, { maxUrls: 3, maxBytes: 1_000_000 }, [1]],
    [3, { maxUrls: 3, maxBytes: 1_000_000 }, [3]],
    [7, { maxUrls: 3, maxBytes: 1_000_000 }, [3, 3, 1]],
    [0, { maxUrls: 3, maxBytes: 1_000_000 }, [0]],
  ])("splits %i entries under %j into parts of %j", (count, limits, sizes) => {
    expect(planSitemap(entries(count), limits).map((part) => part.length)).toEqual(sizes);
  });

  it("splits by bytes too, and every part keeps the byte limit", () => {
    const all = entries(40, 300);
    const maxBytes = 4_000;
    const parts = planSitemap(all, { maxUrls: 50_000, maxBytes });
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.flat()).toEqual(all);
    for (const part of parts) {
      expect(encoder.encode(renderUrlset(part)).length).toBeLessThanOrEqual(maxBytes);
      // Full: one more entry would not have fitted (or the part is the last).
      if (part !== parts.at(-1)) {
        const next = all[parts.flat().indexOf(part.at(-1) as SitemapEntry) + 1] as SitemapEntry;
        expect(encoder.encode(renderUrlset([...part, next])).length).toBeGreaterThan(maxBytes);
      }
    }
  });

  it.each([
    ["ASCII", { loc: "https://news.example.org/articles/a", lastmod: "2025-12-04T00:00:00+01:00" }],
    ["no lastmod", { loc: "https://news.example.org/", lastmod: undefined }],
    ["markup and umlauts", { loc: "https://example.org/ä&ö/<x>", lastmod: "2025-12-04" }],
  ])("measures an entry with %s exactly as it is written", (_name, entry: SitemapEntry) => {
    const one = encoder.encode(renderUrlset([entry])).length;
    const two = encoder.encode(renderUrlset([entry, entry])).length;
    expect(urlEntrySize(entry)).toBe(two - one);
  });

  it("puts 50,000 URLs in a file and the 50,001st in the next, as sitemaps.org requires", () => {
    expect(SITEMAP_LIMITS).toEqual({ maxUrls: 50_000, maxBytes: 52_428_800 });
    expect(planSitemap(entries(50_000)).map((part) => part.length)).toEqual([50_000]);
    expect(planSitemap(entries(50_001)).map((part) => part.length)).toEqual([50_000, 1]);
  });
});

describe("renderSitemapIndex", () => {
  it("lists every part under BASE_URL, dated by its newest entry", () => {
    const parts = [
      [
        { loc: `${BASE_URL}/articles/a`, lastmod: "2025-12-04T00:00:00+01:00" },
        { loc: `${BASE_URL}/articles/b`, lastmod: "2025-12-06T00:00:00+01:00" },
      ],
      [{ loc: `${BASE_URL}/`, lastmod: undefined }],
    ];
    const { sitemapindex } = parseXml(renderSitemapIndex(parts, BASE_URL)) as {
      sitemapindex: { "@xmlns": string; sitemap: unknown[] };
    };
    expect(sitemapindex["@xmlns"]).toBe("http://www.sitemaps.org/schemas/sitemap/0.9");
    expect(sitemapindex.sitemap).toEqual([
      { loc: "https://news.example.org/sitemaps/1.xml", lastmod: "2025-12-06T00:00:00+01:00" },
      { loc: "https://news.example.org/sitemaps/2.xml" },
    ]);
  });
});
