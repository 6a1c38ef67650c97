import { gunzipSync } from "node:zlib";
import { parseAtomFeed, parseRssFeed } from "feedsmith";
import { describe, expect, it } from "vitest";
import { loadArticles } from "../../src/articles/load.ts";
import type { Config } from "../../src/config.ts";
import { type AppOptions, createApp } from "../../src/http/app.ts";
import type { SiteInput } from "../../src/site/input.ts";
import { createSite } from "../../src/site/site.ts";
import { makeConfig, seed } from "../support/builders.ts";

const NOW = Date.parse("2026-01-10T12:00:00Z");

function seedText(day: number, title = `Artikel ${day}`, credit = "dpa"): string {
  const date = new Date(Date.UTC(2024, 0, day)).toISOString().slice(0, 10);
  return `${title} date ${date} Teaser ${day}.\n\nText ${day}.\n\nQuelle: ${credit}\n`;
}

function siteInput(count: number, config: Config, credit = (_day: number) => "dpa"): SiteInput {
  const files = Array.from({ length: count }, (_, index) =>
    seed(seedText(index + 1, `Artikel ${index + 1}`, credit(index + 1)), `a${index + 1}.txt`),
  );
  const loaded = loadArticles(files, config);
  return {
    ...loaded,
    modifiedTimes: new Map(loaded.articles.map((article) => [article.id, NOW - 86_400_000])),
    folderTimes: new Map([["", NOW - 86_400_000]]),
  };
}

function makeApp(
  options: { count?: number; env?: Record<string, string> } & Partial<AppOptions> = {},
) {
  const config = makeConfig(options.env);
  const site = createSite(siteInput(options.count ?? 3, config), config);
  let now = NOW;
  const app = createApp({
    getSite: () => site,
    settings: config,
    now: () => now,
    ...options,
  });
  return { app, config, setNow: (value: number) => (now = value) };
}

describe("feeds over HTTP", () => {
  it.each([
    ["/feed.xml", "application/rss+xml; charset=utf-8"],
    ["/atom.xml", "application/atom+xml; charset=utf-8"],
    ["/feed.json", "application/feed+json; charset=utf-8"],
  ])("serves %s as %s with caching and CORS headers", async (path, contentType) => {
    const { app } = makeApp();
    const response = await app.request(path);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe(contentType);
    expect(response.headers.get("Cache-Control")).toBe(
      "public, max-age=300, stale-while-revalidate=3600",
    );
    expect(response.headers.get("Vary")).toBe("Accept-Encoding");
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    const body = new Uint8Array(await response.arrayBuffer());
    expect(response.headers.get("Content-Length")).toBe(String(body.length));
    expect(response.headers.get("ETag")).toMatch(/^"[A-Za-z0-9_-]{32}"$/u);
  });

  it("gives HEAD the same status and headers as GET, without a body", async () => {
    const { app } = makeApp();
    for (const path of [
      "/feed.xml",
      "/",
      "/page/1",
      "/articles/a1",
      "/nope",
      "/archive/1/feed.xml",
    ]) {
      const get = await app.request(path);
      const head = await app.request(path, { method: "HEAD" });
      expect(head.status, path).toBe(get.status);
      expect([...head.headers.entries()], path).toEqual([...get.headers.entries()]);
      expect(await head.text(), path).toBe("");
    }
  });

  it("states the same polling interval in Cache-Control, ttl and the syndication module", async () => {
    const { app } = makeApp({ env: { CACHE_MAX_AGE: "900" } });
    const response = await app.request("/feed.xml");
    expect(response.headers.get("Cache-Control")).toContain("max-age=900");
    const rss = parseRssFeed(await response.text());
    expect(rss.ttl).toBe(15);
    expect(rss.sy?.updatePeriod).toBe("hourly");
    expect(rss.sy?.updateFrequency).toBe(4);
  });
});

describe("conditional requests", () => {
  it("answers a matching If-None-Match with 304, no body and the same validators", async () => {
    const { app } = makeApp();
    const first = await app.request("/atom.xml");
    const etag = first.headers.get("ETag") ?? "";
    const again = await app.request("/atom.xml", { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    for (const header of ["ETag", "Last-Modified", "Cache-Control", "Vary"]) {
      expect(again.headers.get(header), header).toBe(first.headers.get(header));
    }
  });

  it.each([
    ["a list containing the tag", (etag: string) => `"other", ${etag}`],
    ["the weak form of the tag", (etag: string) => `W/${etag}`],
    ["a star", () => "*"],
  ])("matches If-None-Match given as %s", async (_, header) => {
    const { app } = makeApp();
    const etag = (await app.request("/feed.json")).headers.get("ETag") ?? "";
    const response = await app.request("/feed.json", {
      headers: { "If-None-Match": header(etag) },
    });
    expect(response.status).toBe(304);
  });

  it("answers If-Modified-Since at or after Last-Modified with 304, and before it with 200", async () => {
    const { app } = makeApp();
    const lastModified = (await app.request("/feed.xml")).headers.get("Last-Modified") ?? "";
    const same = await app.request("/feed.xml", { headers: { "If-Modified-Since": lastModified } });
    expect(same.status).toBe(304);
    const earlier = new Date(Date.parse(lastModified) - 1000).toUTCString();
    const older = await app.request("/feed.xml", { headers: { "If-Modified-Since": earlier } });
    expect(older.status).toBe(200);
  });

  it("lets If-None-Match win over If-Modified-Since (RFC 9110 §13.2.2)", async () => {
    const { app } = makeApp();
    const lastModified = (await app.request("/feed.xml")).headers.get("Last-Modified") ?? "";
    const response = await app.request("/feed.xml", {
      headers: { "If-None-Match": '"stale"', "If-Modified-Since": lastModified },
    });
    expect(response.status).toBe(200);
  });

  it("sets Last-Modified from the seed files' times, never before the newest article", async () => {
    const { app } = makeApp();
    const response = await app.request("/feed.xml");
    expect(response.headers.get("Last-Modified")).toBe(new Date(NOW - 86_400_000).toUTCString());
  });

  it("never sends a Last-Modified in the future", async () => {
    const config = makeConfig();
    const input = siteInput(2, config);
    const site = createSite(
      { ...input, modifiedTimes: new Map([["a1", NOW + 3_600_000]]) },
      config,
    );
    const app = createApp({ getSite: () => site, settings: config, now: () => NOW });
    const response = await app.request("/feed.xml");
    expect(response.headers.get("Last-Modified")).toBe(new Date(NOW).toUTCString());
  });

  it("moves Last-Modified forward whenever the ETag changes, even if file times went back", async () => {
    const config = makeConfig();
    let site = createSite(siteInput(2, config), config);
    let now = NOW;
    const app = createApp({ getSite: () => site, settings: config, now: () => now });
    const before = await app.request("/feed.xml");
    now += 60_000;
    site = createSite(siteInput(3, config), config); // new content, same (old) file times
    const after = await app.request("/feed.xml");
    expect(after.headers.get("ETag")).not.toBe(before.headers.get("ETag"));
    expect(Date.parse(after.headers.get("Last-Modified") ?? "")).toBeGreaterThan(
      Date.parse(before.headers.get("Last-Modified") ?? ""),
    );
  });

  it("leaves Last-Modified out while new bytes cannot yet move it forward, then moves it", async () => {
    const config = makeConfig();
    const fileTime = NOW + 200; // the seeds changed in the current second
    const input = (count: number) => ({
      ...siteInput(count, config),
      modifiedTimes: new Map<string, number>(),
      folderTimes: new Map([["", fileTime]]),
    });
    let site = createSite(input(2), config);
    let now = NOW + 700;
    const app = createApp({ getSite: () => site, settings: config, now: () => now });
    const before = await app.request("/feed.xml");
    site = createSite(input(3), config); // new bytes in the same second
    const sameSecond = await app.request("/feed.xml");
    expect(sameSecond.headers.get("ETag")).not.toBe(before.headers.get("ETag"));
    // curl-based readers drop a 200 whose Last-Modified is not newer than If-Modified-Since.
    expect(sameSecond.headers.get("Last-Modified")).toBeNull();
    now += 1000;
    const nextSecond = await app.request("/feed.xml");
    expect(Date.parse(nextSecond.headers.get("Last-Modified") ?? "")).toBe(
      Date.parse(before.headers.get("Last-Modified") ?? "") + 1000,
    );
  });

  it("keeps the ETag of unchanged content across a rebuild of the site", async () => {
    const first = makeApp();
    const second = makeApp();
    const a = await first.app.request("/feed.xml");
    const b = await second.app.request("/feed.xml");
    expect(b.headers.get("ETag")).toBe(a.headers.get("ETag"));
    expect(b.headers.get("Last-Modified")).toBe(a.headers.get("Last-Modified"));
  });
});

describe("compression", () => {
  const gzipOnly = async (body: Uint8Array) => {
    const { gzipSync } = await import("node:zlib");
    return new Uint8Array(gzipSync(body));
  };

  it("sends gzip with its own ETag when the client accepts it, and decodes to the same bytes", async () => {
    let compressions = 0;
    const { app } = makeApp({
      count: 40,
      compress: async (body) => {
        compressions++;
        return gzipOnly(body);
      },
    });
    const plain = await app.request("/feed.xml");
    const zipped = await app.request("/feed.xml", { headers: { "Accept-Encoding": "gzip" } });
    expect(zipped.headers.get("Content-Encoding")).toBe("gzip");
    expect(zipped.headers.get("ETag")).toBe(`${plain.headers.get("ETag")?.slice(0, -1)}-gzip"`);
    const decoded = gunzipSync(new Uint8Array(await zipped.arrayBuffer()));
    expect(new Uint8Array(decoded)).toEqual(new Uint8Array(await plain.arrayBuffer()));
    await app.request("/feed.xml", { headers: { "Accept-Encoding": "gzip" } });
    expect(compressions).toBe(1);
  });

  it.each([
    ["gzip, br", "br"],
    ["br;q=0.5, gzip", "gzip"],
    ["gzip;q=0, br;q=0", null],
    ["identity", null],
    ["*", "br"],
    ["br;q=0, *;q=0.5", "gzip"],
  ])("negotiates Accept-Encoding %s as %s", async (acceptEncoding, expected) => {
    const { app } = makeApp({ count: 40, compress: async (body) => body.slice() });
    const response = await app.request("/feed.xml", {
      headers: { "Accept-Encoding": acceptEncoding },
    });
    expect(response.headers.get("Content-Encoding")).toBe(expected);
  });

  it("never compresses a 304", async () => {
    const { app } = makeApp({ count: 40, compress: async (body) => body.slice() });
    const first = await app.request("/feed.xml", { headers: { "Accept-Encoding": "gzip" } });
    const etag = first.headers.get("ETag") ?? "";
    const response = await app.request("/feed.xml", {
      headers: { "Accept-Encoding": "gzip", "If-None-Match": etag },
    });
    expect(response.status).toBe(304);
    expect(response.headers.get("Content-Encoding")).toBeNull();
  });

  it.each([
    ["the gzip ETag", "gzip", "gzip", 304],
    ["the gzip ETag", "identity", "gzip", 304],
    ["the identity ETag", "gzip", "identity", 304],
    ["the gzip ETag in a list", "identity", "list", 304],
    ["another ETag", "gzip", "other", 200],
  ] as const)("answers %s on a request for %s with %i", async (_, accept, sent, status) => {
    const { app } = makeApp({ count: 40, compress: async (body) => body.slice() });
    const plain = await app.request("/feed.xml", { headers: { "Accept-Encoding": "identity" } });
    const zipped = await app.request("/feed.xml", { headers: { "Accept-Encoding": "gzip" } });
    const etags = {
      gzip: zipped.headers.get("ETag") ?? "",
      identity: plain.headers.get("ETag") ?? "",
      list: `"x", ${zipped.headers.get("ETag")}`,
      other: '"not-this-one"',
    };
    const response = await app.request("/feed.xml", {
      headers: { "Accept-Encoding": accept, "If-None-Match": etags[sent] },
    });
    expect(response.status).toBe(status);
  });
});

describe("query parameters", () => {
  it("limits a feed to ?limit= items and keeps the self link canonical", async () => {
    const { app } = makeApp({ count: 10 });
    const response = await app.request("/atom.xml?limit=3&utm_source=x");
    const atom = parseAtomFeed(await response.text());
    expect(atom.entries).toHaveLength(3);
    expect(atom.links?.find((link) => link.rel === "self")?.href).toBe(
      "https://news.example.org/atom.xml",
    );
  });

  it.each(["0", "201", "abc", "1.5", "-1", ""])(
    "rejects ?limit=%s with a one-line 400",
    async (limit) => {
      const { app } = makeApp();
      const response = await app.request(`/feed.xml?limit=${limit}`);
      expect(response.status).toBe(400);
      expect(await response.text()).toBe("limit must be a whole number from 1 to 200\n");
    },
  );

  it("ignores unknown parameters such as cache-busters", async () => {
    const { app } = makeApp();
    const plain = await app.request("/feed.xml");
    const busted = await app.request("/feed.xml?_=12345&utm_medium=rss");
    expect(busted.status).toBe(200);
    expect(busted.headers.get("ETag")).toBe(plain.headers.get("ETag"));
  });
});

describe("feed history (RFC 5005)", () => {
  it("marks a feed that holds every article as complete", async () => {
    const { app } = makeApp({ count: 3 });
    expect(await (await app.request("/feed.xml")).text()).toContain("<fh:complete/>");
    expect(await (await app.request("/atom.xml")).text()).toContain("<fh:complete/>");
  });

  it("makes every article reachable by walking prev-archive from the subscription feed", async () => {
    const { app } = makeApp({ count: 123, env: { FEED_LIMIT: "20", ARCHIVE_PAGE_SIZE: "25" } });
    const seen = new Set<string>();
    let url: string | undefined = "https://news.example.org/atom.xml";
    let documents = 0;
    while (url !== undefined && documents < 50) {
      const response = await app.request(url.replace("https://news.example.org", ""));
      expect(response.status, url).toBe(200);
      const atom = parseAtomFeed(await response.text());
      for (const entry of atom.entries ?? []) seen.add(entry.id ?? "");
      url = atom.links?.find((link) => link.rel === "prev-archive")?.href;
      documents++;
    }
    expect(seen.size).toBe(123);
  });

  it("numbers archive pages from the oldest article, so new articles never shift a full page", async () => {
    const env = { FEED_LIMIT: "10", ARCHIVE_PAGE_SIZE: "10" };
    const before = makeApp({ count: 25, env });
    const after = makeApp({ count: 31, env });
    const pageBefore = await before.app.request("/archive/2/feed.xml");
    const pageAfter = await after.app.request("/archive/2/feed.xml");
    expect(await pageAfter.text()).toBe(await pageBefore.text());
    expect(pageAfter.headers.get("Cache-Control")).toBe(
      "public, max-age=86400, stale-while-revalidate=3600",
    );
    const partial = await after.app.request("/archive/4/feed.xml");
    expect(partial.headers.get("Cache-Control")).toContain("max-age=300");
    expect((await before.app.request("/archive/4/feed.xml")).status).toBe(404);
  });

  it("keeps a page that just filled up byte-identical when the next page gets its first article", async () => {
    const env = { FEED_LIMIT: "10", ARCHIVE_PAGE_SIZE: "10" };
    const justFull = await makeApp({ count: 20, env }).app.request("/archive/2/atom.xml");
    const later = await makeApp({ count: 21, env }).app.request("/archive/2/atom.xml");
    const text = await later.text();
    expect(await justFull.text()).toBe(text);
    expect(text).toContain('rel="next-archive"');
    expect(text).toContain('rel="current"');
  });

  it("marks the only archive page complete, since it holds every article", async () => {
    const { app } = makeApp({ count: 3 });
    const text = await (await app.request("/archive/1/atom.xml")).text();
    expect(text).toContain("<fh:complete/>");
    expect(text).not.toContain("<fh:archive/>");
  });

  it("links JSON Feed pages with next_url", async () => {
    const { app } = makeApp({ count: 30, env: { FEED_LIMIT: "10", ARCHIVE_PAGE_SIZE: "10" } });
    const feed = (await (await app.request("/feed.json")).json()) as { next_url?: string };
    expect(feed.next_url).toBe("https://news.example.org/archive/3/feed.json");
  });
});

describe("per-credit feeds", () => {
  it("serves a feed per text credit under its slug, and 404 for unknown credits", async () => {
    const { app } = makeApp({
      count: 4,
      compress: undefined,
    });
    const response = await app.request("/credits/dpa/feed.xml");
    expect(response.status).toBe(200);
    expect(parseRssFeed(await response.text()).items).toHaveLength(4);
    expect((await app.request("/credits/afp/feed.xml")).status).toBe(404);
  });

  it("slugs credits with umlauts and separators, and numbers clashing slugs", async () => {
    const config = makeConfig();
    const credits = ["picture alliance / TASS", "Süddeutsche Zeitung", "Picture Alliance TASS"];
    const site = createSite(
      siteInput(3, config, (day) => credits[day - 1] ?? "dpa"),
      config,
    );
    expect(site.credits.map((credit) => credit.slug).sort()).toEqual([
      "picture-alliance-tass",
      "picture-alliance-tass-2",
      "sueddeutsche-zeitung",
    ]);
  });
});

describe("pages", () => {
  it("serves the index with autodiscovery links and security headers", async () => {
    const { app } = makeApp();
    const response = await app.request("/");
    const html = await response.text();
    expect(response.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("Content-Security-Policy")).toContain("default-src 'none'");
    expect(html).toContain(
      '<link rel="alternate" type="application/rss+xml" title="Feed Publisher (RSS)" href="https://news.example.org/feed.xml">',
    );
    expect(html).toContain('type="application/atom+xml"');
    expect(html).toContain('type="application/feed+json"');
    expect(html).not.toMatch(/<script/iu);
  });

  it("paginates the index with a fixed page size", async () => {
    const { app } = makeApp({ count: 12, env: { INDEX_PAGE_SIZE: "5" } });
    const third = await (await app.request("/page/3")).text();
    expect(third.match(/<article /gu)).toHaveLength(2);
    expect(third).toContain('rel="prev"');
  });

  it("serves index page 2 at /page/2, with its canonical URL and links to its neighbours", async () => {
    const { app } = makeApp({ count: 12, env: { INDEX_PAGE_SIZE: "5" } });
    const response = await app.request("/page/2");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    const html = await response.text();
    expect(html).toContain("<h1>Seite 2</h1>");
    expect(html).toContain("<title>Feed Publisher (Seite 2)</title>");
    expect(html).toContain('<p class="site-name"><a href="https://news.example.org/">');
    expect(html).toContain('<link rel="canonical" href="https://news.example.org/page/2">');
    expect(html).toContain('<meta property="og:url" content="https://news.example.org/page/2">');
    expect(html).toContain('<link rel="prev" href="https://news.example.org/">');
    expect(html).toContain('<link rel="next" href="https://news.example.org/page/3">');
    expect(html).toContain('<a href="https://news.example.org/" rel="prev">');
    expect(html).toContain('<a href="https://news.example.org/page/3" rel="next">');
  });

  it("links the first index page to /page/2", async () => {
    const { app } = makeApp({ count: 12, env: { INDEX_PAGE_SIZE: "5" } });
    const html = await (await app.request("/")).text();
    expect(html).toContain('<link rel="canonical" href="https://news.example.org/">');
    expect(html).toContain('<link rel="next" href="https://news.example.org/page/2">');
    expect(html).not.toContain("?page=");
  });

  it("redirects /page/1 permanently to /, with a one-line body", async () => {
    const { app } = makeApp({ count: 12, env: { INDEX_PAGE_SIZE: "5" } });
    const response = await app.request("/page/1");
    expect(response.status).toBe(301);
    expect(response.headers.get("Location")).toBe("https://news.example.org/");
    expect(response.headers.get("Cache-Control")).toBe(
      "public, max-age=300, stale-while-revalidate=3600",
    );
    expect(await response.text()).toBe("Moved permanently to https://news.example.org/\n");
  });

  it.each([
    ["/page/0", "a page 0"],
    ["/page/abc", "a page that is not a number"],
    ["/page/01", "a leading zero"],
    ["/page/-1", "a negative page"],
    ["/page/4", "the page after the last"],
    ["/page/1000000000", "a page number of ten digits"],
    ["/page/", "no page number"],
    ["/page/2/", "a trailing slash"],
  ])("answers %s (%s) with 404", async (path) => {
    const { app } = makeApp({ count: 12, env: { INDEX_PAGE_SIZE: "5" } });
    const response = await app.request(path);
    expect(response.status).toBe(404);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
  });

  it.each(["/?page=2", "/?page=0", "/?page=abc"])(
    "serves the first page for %s: page is not a query parameter",
    async (path) => {
      const { app } = makeApp({ count: 12, env: { INDEX_PAGE_SIZE: "5" } });
      const first = await app.request("/");
      const response = await app.request(path);
      expect(response.status).toBe(200);
      expect(response.headers.get("ETag")).toBe(first.headers.get("ETag"));
      expect(await response.text()).toBe(await first.text());
    },
  );

  it("serves an article page and 404 for unknown or malformed ids", async () => {
    const { app } = makeApp();
    expect((await app.request("/articles/a1")).status).toBe(200);
    expect((await app.request("/articles/missing")).status).toBe(404);
    expect((await app.request("/articles/..%2f..%2fetc%2fpasswd")).status).toBe(404);
    expect((await app.request("/articles/a1%00")).status).toBe(404);
  });
});

describe("URL and query length limits", () => {
  it("serves a request target of exactly MAX_URL_LENGTH", async () => {
    const { app } = makeApp({ env: { MAX_URL_LENGTH: "256", MAX_QUERY_LENGTH: "1024" } });
    const path = `/feed.xml?_=${"x".repeat(256 - 12)}`;
    expect(path).toHaveLength(256);
    expect((await app.request(path)).status).toBe(200);
  });

  it.each([
    ["a long query", `/feed.xml?_=${"x".repeat(245)}`],
    ["a long path", `/articles/${"a".repeat(247)}`],
  ])("answers %s over MAX_URL_LENGTH with a one-line 414", async (_name, path) => {
    const { app } = makeApp({ env: { MAX_URL_LENGTH: "256", MAX_QUERY_LENGTH: "1024" } });
    const response = await app.request(path);
    expect(response.status).toBe(414);
    expect(await response.text()).toBe(
      "URL is 257 characters long, more than MAX_URL_LENGTH (256).\n",
    );
    expect(response.headers.get("Cache-Control")).toBe("no-store");
  });

  it("answers a query over MAX_QUERY_LENGTH with a one-line 414, before validating it", async () => {
    const { app } = makeApp({ env: { MAX_QUERY_LENGTH: "16" } });
    expect((await app.request("/feed.xml?limit=5&_=123456")).status).toBe(200);
    const response = await app.request("/feed.xml?limit=abc&_=12345");
    expect(response.status).toBe(414);
    expect(await response.text()).toBe(
      "Query is 17 characters long, more than MAX_QUERY_LENGTH (16).\n",
    );
  });

  it("measures the URL as sent, percent-encoded", async () => {
    const { app } = makeApp({ env: { MAX_URL_LENGTH: "256" } });
    // 60 × "ä" is 360 characters percent-encoded (%C3%A4).
    const response = await app.request(`/articles/${"ä".repeat(60)}`);
    expect(response.status).toBe(414);
  });

  it("applies the defaults: 2048 for the URL, 1024 for the query", async () => {
    const { app } = makeApp();
    expect((await app.request(`/feed.xml?_=${"x".repeat(1022)}`)).status).toBe(200);
    expect((await app.request(`/feed.xml?_=${"x".repeat(1023)}`)).status).toBe(414);
    expect((await app.request(`/${"a".repeat(2047)}`)).status).toBe(404);
    expect((await app.request(`/${"a".repeat(2048)}`)).status).toBe(414);
  });

  it.each(["POST", "OPTIONS", "HEAD", "DELETE"])(
    "refuses a long URL whatever the method: %s",
    async (method) => {
      const { app } = makeApp({ env: { MAX_URL_LENGTH: "256" } });
      for (const path of [`/${"a".repeat(300)}`, `/feed.xml?_=${"x".repeat(300)}`]) {
        expect((await app.request(path, { method })).status).toBe(414);
      }
    },
  );
});

describe("the poll's hot path", () => {
  it("answers a poll of a prepared feed without a promise, 200 and 304 alike", async () => {
    const { app } = makeApp();
    // The first request renders and prepares the feed: it may wait.
    const first = await app.request("/feed.xml", { headers: { "Accept-Encoding": "identity" } });
    const etag = first.headers.get("ETag") ?? "";
    const again = app.fetch(
      new Request("http://localhost/feed.xml", { headers: { "Accept-Encoding": "identity" } }),
    );
    expect(again).toBeInstanceOf(Response);
    expect((again as Response).status).toBe(200);
    expect(await (again as Response).text()).toBe(await first.text());
    const poll = app.fetch(
      new Request("http://localhost/feed.xml", { headers: { "If-None-Match": etag } }),
    );
    expect(poll).toBeInstanceOf(Response);
    expect((poll as Response).status).toBe(304);
  });

  it("still checks the request's length before the prepared feed", () => {
    const { app } = makeApp({ env: { MAX_QUERY_LENGTH: "16" } });
    const response = app.fetch(new Request(`http://localhost/feed.xml?_=${"x".repeat(17)}`));
    expect(response).toBeInstanceOf(Response);
    expect((response as Response).status).toBe(414);
  });
});

describe("methods and errors", () => {
  it("answers other methods with 405 and Allow", async () => {
    const { app } = makeApp();
    const response = await app.request("/feed.xml", { method: "POST" });
    expect(response.status).toBe(405);
    expect(response.headers.get("Allow")).toBe("GET, HEAD, OPTIONS");
  });

  it("answers our own bug with a one-line 500 and logs it once", async () => {
    const logged: string[] = [];
    const config = makeConfig();
    const app = createApp({
      getSite: () => {
        throw new Error("boom at /secret/path.ts");
      },
      settings: config,
      now: () => NOW,
      logError: (message) => logged.push(message),
    });
    const response = await app.request("/feed.xml");
    expect(response.status).toBe(500);
    expect(await response.text()).toBe("Internal server error.\n");
    expect(logged).toEqual(["GET /feed.xml failed"]);
  });
});

describe("POLL_LIMIT", () => {
  it("answers a too-early unconditional re-fetch with 429 and Retry-After, but still 304s", async () => {
    const { app, setNow } = makeApp({
      env: { POLL_LIMIT: "on" },
      clientAddress: () => "192.0.2.1",
    });
    const first = await app.request("/feed.xml");
    expect(first.status).toBe(200);
    setNow(NOW + 100_000);
    const tooSoon = await app.request("/feed.xml");
    expect(tooSoon.status).toBe(429);
    expect(tooSoon.headers.get("Retry-After")).toBe("200");
    const conditional = await app.request("/feed.xml", {
      headers: { "If-None-Match": first.headers.get("ETag") ?? "" },
    });
    expect(conditional.status).toBe(304);
    setNow(NOW + 300_000);
    expect((await app.request("/feed.xml")).status).toBe(200);
  });

  it("is off by default", async () => {
    const { app } = makeApp({ clientAddress: () => "192.0.2.1" });
    await app.request("/feed.xml");
    expect((await app.request("/feed.xml")).status).toBe(200);
  });
});

describe("/healthz", () => {
  it("reports the articles and problems, uncached", async () => {
    const { app } = makeApp({ count: 2 });
    const response = await app.request("/healthz");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "ok", articles: 2, problems: 0 });
  });

  it("adds the subscribers of all feeds where the runtime counts them", async () => {
    const { app } = makeApp({ count: 2, subscriberTotal: () => 77 });
    expect(await (await app.request("/healthz")).json()).toEqual({
      status: "ok",
      articles: 2,
      problems: 0,
      subscribers: 77,
    });
  });
});

describe("/metrics", () => {
  it("is not there without the runtime's metrics (the Worker, METRICS=off)", async () => {
    const { app } = makeApp();
    expect((await app.request("/metrics")).status).toBe(404);
  });

  it("serves the runtime's exposition, uncached, with its content type", async () => {
    const { app } = makeApp({
      metrics: {
        render: async () => "feed_publisher_articles 3\n",
        contentType: "text/plain; version=0.0.4; charset=utf-8",
      },
    });
    const response = await app.request("/metrics");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(await response.text()).toBe("feed_publisher_articles 3\n");
  });
});
