import { describe, expect, it } from "vitest";
import {
  archivePageOf,
  exportFileOf,
  FEED_FORMATS,
  feedUrls,
  HEADER_PATTERNS,
  isSubscriptionFeedPath,
  kindOfPath,
  MAIN_FEED,
  paths,
  sitePaths,
} from "../src/urls.ts";

describe("paths", () => {
  it.each([
    [paths.indexPage(1), "/"],
    [paths.indexPage(7), "/page/7"],
    [paths.feed(MAIN_FEED, "rss"), "/feed.xml"],
    [paths.feed(MAIN_FEED, "atom"), "/atom.xml"],
    [paths.feed(MAIN_FEED, "json"), "/feed.json"],
    [paths.feed({ kind: "archive", page: 12 }, "atom"), "/archive/12/atom.xml"],
    [paths.feed({ kind: "credit", slug: "dpa-afp" }, "json"), "/credits/dpa-afp/feed.json"],
    [paths.article("2025/12/foo"), "/articles/2025/12/foo"],
    [paths.stylesheet(), "/style.css"],
    [paths.health(), "/healthz"],
    [paths.feedsPage(), "/feeds"],
    [paths.feedList(), "/feeds.opml"],
    [paths.sitemap(), "/sitemap.xml"],
    [paths.sitemapPart(3), "/sitemaps/3.xml"],
    [paths.newsSitemap(), "/sitemap-news.xml"],
    [paths.robots(), "/robots.txt"],
  ])("builds %s", (built, expected) => {
    expect(built).toBe(expected);
  });
});

describe("feedUrls", () => {
  it("puts every format of a feed under BASE_URL", () => {
    expect(feedUrls("https://news.example.org", { kind: "archive", page: 2 })).toEqual({
      rss: "https://news.example.org/archive/2/feed.xml",
      atom: "https://news.example.org/archive/2/atom.xml",
      json: "https://news.example.org/archive/2/feed.json",
    });
  });
});

describe("exportFileOf", () => {
  it.each([
    ["/", "index.html"],
    ["/page/2", "page/2.html"],
    ["/articles/a", "articles/a.html"],
    ["/articles/2025/a", "articles/2025/a.html"],
    ["/feed.xml", "feed.xml"],
    ["/archive/3/feed.json", "archive/3/feed.json"],
    ["/credits/dpa/atom.xml", "credits/dpa/atom.xml"],
    ["/style.css", "style.css"],
    ["/feeds", "feeds.html"],
    ["/feeds.opml", "feeds.opml"],
    ["/sitemap.xml", "sitemap.xml"],
    ["/sitemaps/2.xml", "sitemaps/2.xml"],
    ["/sitemap-news.xml", "sitemap-news.xml"],
    ["/robots.txt", "robots.txt"],
  ])("serves %s from %s", (path, file) => {
    expect(exportFileOf(path)).toBe(file);
  });

  it("never gives two paths of a site the same file, even when an id is also a folder", () => {
    const all = sitePaths({
      indexPageCount: 3,
      archivePageCount: 2,
      creditSlugs: ["dpa"],
      articleIds: ["2025", "2025/x", "page", "index", "feeds", "sitemap"],
      sitemapPartCount: 3,
    });
    const files = all.map(exportFileOf);
    expect(new Set(files).size).toBe(files.length);
  });
});

describe("sitePaths", () => {
  it("lists the index, the style sheet, every feed of every format, the articles, then the feeds page and discovery files", () => {
    expect(
      sitePaths({
        indexPageCount: 2,
        archivePageCount: 1,
        creditSlugs: ["afp"],
        articleIds: ["a"],
      }),
    ).toEqual([
      "/",
      "/style.css",
      "/page/2",
      "/feed.xml",
      "/archive/1/feed.xml",
      "/credits/afp/feed.xml",
      "/atom.xml",
      "/archive/1/atom.xml",
      "/credits/afp/atom.xml",
      "/feed.json",
      "/archive/1/feed.json",
      "/credits/afp/feed.json",
      "/articles/a",
      "/feeds",
      "/feeds.opml",
      "/sitemap.xml",
      "/sitemap-news.xml",
      "/robots.txt",
    ]);
  });

  it("lists the parts of a sitemap too large for one file after /sitemap.xml", () => {
    const all = sitePaths({
      indexPageCount: 1,
      archivePageCount: 1,
      creditSlugs: [],
      articleIds: [],
      sitemapPartCount: 2,
    });
    expect(all.slice(-5)).toEqual([
      "/sitemap.xml",
      "/sitemaps/1.xml",
      "/sitemaps/2.xml",
      "/sitemap-news.xml",
      "/robots.txt",
    ]);
  });

  it("names every path once", () => {
    const all = sitePaths({
      indexPageCount: 5,
      archivePageCount: 4,
      creditSlugs: ["a", "b"],
      articleIds: ["x", "y/z"],
    });
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(2 + 4 + FEED_FORMATS.length * (1 + 4 + 2) + 2 + 5);
  });
});

describe("kindOfPath", () => {
  it.each([
    ["/", "home"],
    ["/page/3", "index"],
    ["/style.css", "stylesheet"],
    ["/feed.json", "feed"],
    ["/archive/2/atom.xml", "archive"],
    ["/credits/dpa/feed.xml", "credit"],
    ["/articles/a", "article"],
    ["/feeds", "feeds-page"],
    ["/feeds.opml", "discovery"],
    ["/sitemap.xml", "discovery"],
    ["/sitemaps/12.xml", "discovery"],
    ["/sitemap-news.xml", "discovery"],
    ["/robots.txt", "discovery"],
    ["/sitemaps/0.xml", undefined],
    ["/healthz", undefined],
    ["/nope", undefined],
  ])("calls %s a %s", (path, kind) => {
    expect(kindOfPath(path)).toBe(kind);
  });
});

describe("isSubscriptionFeedPath", () => {
  it.each([
    ["/feed.xml", true],
    ["/atom.xml", true],
    ["/feed.json", true],
    ["/credits/dpa/feed.json", true],
    ["/archive/3/feed.xml", false],
    ["/", false],
    ["/articles/feed.xml", false],
    ["/sitemap.xml", false],
  ])("%s: %s", (path, expected) => {
    expect(isSubscriptionFeedPath(path)).toBe(expected);
  });
});

describe("archivePageOf", () => {
  it.each([
    ["/archive/12/feed.xml", 12],
    ["/archive/1/atom.xml", 1],
    ["/feed.xml", undefined],
    ["/credits/12/feed.xml", undefined],
  ])("reads the page of %s as %s", (path, page) => {
    expect(archivePageOf(path)).toBe(page);
  });
});

describe("HEADER_PATTERNS.ofKind", () => {
  it.each([
    ["/", "/"],
    ["/style.css", "/style.css"],
    ["/feed.xml", "/feed.xml"],
    ["/page/4", "/page/*"],
    ["/articles/2025/x", "/articles/*"],
    ["/archive/9/feed.json", "/archive/:page/feed.json"],
    ["/credits/dpa/atom.xml", "/credits/:slug/atom.xml"],
    ["/feeds", "/feeds"],
    ["/robots.txt", "/robots.txt"],
    ["/sitemap.xml", "/sitemap.xml"],
    ["/sitemaps/3.xml", "/sitemaps/*"],
  ])("covers %s with %s", (path, pattern) => {
    expect(HEADER_PATTERNS.ofKind(path)).toBe(pattern);
  });
});
