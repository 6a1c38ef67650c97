import { describe, expect, it } from "vitest";
import { loadArticles } from "../../src/articles/load.ts";
import type { Article } from "../../src/articles/schema.ts";
import { createApp } from "../../src/http/app.ts";
import { createPublisher } from "../../src/http/publisher.ts";
import { createSite } from "../../src/site/site.ts";
import { STYLESHEET } from "../../src/site/stylesheet.ts";
import { makeArticle, makeConfig, seed } from "../support/builders.ts";
import { parseXml } from "../support/parse-xml.ts";

const config = makeConfig();
// Noon in Berlin on the day of the newest test article.
const NOW = Date.parse("2025-12-06T12:00:00+01:00");

function articles(): Article[] {
  const files = [
    seed("Neu date 2025-12-06 Heute.\n\nText.\n\nQuelle: dpa", "neu.txt"),
    seed("Gestern date 2025-12-05 Gestern.\n\nText.\n\nQuelle: AFP", "gestern.txt"),
    seed("Alt date 2025-11-01 Alt.\n\nText.\n\nQuelle: dpa", "alt.txt"),
  ];
  return [...loadArticles(files, config).articles];
}

function appOf(list: readonly Article[] = articles()) {
  const site = createSite({ articles: list, problems: [] }, config);
  return { app: createApp({ getSite: () => site, settings: config, now: () => NOW }), site };
}

describe("discovery files and the feeds page over HTTP", () => {
  it.each([
    ["/feeds", "text/html; charset=utf-8"],
    ["/feeds.opml", "text/x-opml; charset=utf-8"],
    ["/sitemap.xml", "application/xml; charset=utf-8"],
    ["/sitemap-news.xml", "application/xml; charset=utf-8"],
    ["/robots.txt", "text/plain; charset=utf-8"],
  ])("serves %s as %s, cached like the pages, with validators", async (path, contentType) => {
    const { app } = appOf();
    const page = await app.request("/");
    const response = await app.request(path);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe(contentType);
    for (const header of [
      "Cache-Control",
      "Content-Security-Policy",
      "X-Content-Type-Options",
      "Vary",
    ]) {
      expect(response.headers.get(header), header).toBe(page.headers.get(header));
    }
    const etag = response.headers.get("ETag") ?? "";
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/u);
    const again = await app.request(path, { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
    const head = await app.request(path, { method: "HEAD" });
    expect([...head.headers.entries()]).toEqual([...response.headers.entries()]);
  });

  it("lists every article page in /sitemap.xml with its date, all under BASE_URL", async () => {
    const { app } = appOf();
    const { urlset } = parseXml(await (await app.request("/sitemap.xml")).text()) as {
      urlset: { url: Array<{ loc: string; lastmod: string }> };
    };
    expect(urlset.url).toEqual([
      { loc: "https://news.example.org/articles/alt", lastmod: "2025-11-01T00:00:00+01:00" },
      { loc: "https://news.example.org/articles/gestern", lastmod: "2025-12-05T00:00:00+01:00" },
      { loc: "https://news.example.org/articles/neu", lastmod: "2025-12-06T00:00:00+01:00" },
      { loc: "https://news.example.org/", lastmod: "2025-12-06T00:00:00+01:00" },
    ]);
    expect((await app.request("/sitemaps/1.xml")).status).toBe(404);
  });

  it("lists the articles of today and yesterday, by the app's clock, in the news sitemap", async () => {
    const { app } = appOf();
    const { urlset } = parseXml(await (await app.request("/sitemap-news.xml")).text()) as {
      urlset: { url: Array<{ loc: string }> };
    };
    expect(urlset.url.map((url) => url.loc)).toEqual([
      "https://news.example.org/articles/neu",
      "https://news.example.org/articles/gestern",
    ]);
  });

  it("names the sitemaps in robots.txt", async () => {
    const { app } = appOf();
    expect(await (await app.request("/robots.txt")).text()).toContain(
      "Sitemap: https://news.example.org/sitemap.xml\n",
    );
  });

  it("lists the feed of every credit on /feeds and in /feeds.opml", async () => {
    const { app } = appOf();
    const page = await (await app.request("/feeds")).text();
    const opml = await (await app.request("/feeds.opml")).text();
    for (const slug of ["dpa", "afp"]) {
      expect(page).toContain(`https://news.example.org/credits/${slug}/atom.xml`);
      expect(opml).toContain(`xmlUrl="https://news.example.org/credits/${slug}/atom.xml"`);
    }
  });

  it("splits the sitemap past 50,000 URLs: /sitemap.xml indexes /sitemaps/1.xml and /sitemaps/2.xml", async () => {
    // 50,001 article pages and the home page: 50,002 URLs.
    const many = Array.from({ length: 50_001 }, (_, index) =>
      makeArticle({ id: `a${String(50_001 - index).padStart(5, "0")}` }),
    );
    const { app, site } = appOf(many);
    const index = parseXml(await (await app.request("/sitemap.xml")).text()) as {
      sitemapindex: { sitemap: Array<{ loc: string }> };
    };
    expect(index.sitemapindex.sitemap.map((entry) => entry.loc)).toEqual([
      "https://news.example.org/sitemaps/1.xml",
      "https://news.example.org/sitemaps/2.xml",
    ]);
    const urlsOf = async (path: string) =>
      (await (await app.request(path)).text()).match(/<url>/gu)?.length;
    expect(await urlsOf("/sitemaps/1.xml")).toBe(50_000);
    expect(await urlsOf("/sitemaps/2.xml")).toBe(2);
    expect((await app.request("/sitemaps/3.xml")).status).toBe(404);
    expect(site.paths()).toEqual(
      expect.arrayContaining(["/sitemap.xml", "/sitemaps/1.xml", "/sitemaps/2.xml"]),
    );
  }, 60_000);
});

describe("STYLESHEET", () => {
  it("is served instead of the built-in stylesheet, at the same URL with the same headers", async () => {
    const input = { articles: articles(), problems: [] };
    const builtIn = createPublisher(input, { settings: config, now: () => NOW });
    const branded = createPublisher(input, {
      settings: config,
      now: () => NOW,
      stylesheet: "body{font-family:serif}\n",
    });
    const before = await builtIn.app.request("/style.css");
    const after = await branded.app.request("/style.css");
    expect(await before.text()).toBe(STYLESHEET);
    expect(await after.text()).toBe("body{font-family:serif}\n");
    for (const header of ["Content-Type", "Cache-Control", "Content-Security-Policy"]) {
      expect(after.headers.get(header), header).toBe(before.headers.get(header));
    }
    expect(after.headers.get("ETag")).not.toBe(before.headers.get("ETag"));
  });

  it("keeps the branded stylesheet across a publish", async () => {
    const input = { articles: articles(), problems: [] };
    const branded = createPublisher(input, { settings: config, now: () => NOW, stylesheet: "a{}" });
    branded.publish(input);
    expect(await (await branded.app.request("/style.css")).text()).toBe("a{}");
  });
});
