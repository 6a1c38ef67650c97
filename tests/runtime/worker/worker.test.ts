import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../../src/runtime/worker/worker.ts";
import { createWorker } from "../../../src/runtime/worker/worker-app.ts";
import { PARITY_STYLESHEET, WORKER_TEST_VARS } from "./settings.ts";

// The Worker of wrangler.toml, in workerd, serving the fixture site global-setup.ts rendered
// into its assets:
// 38 valid seeds (9 broken ones skipped), FEED_LIMIT 8, ARCHIVE_PAGE_SIZE 10, INDEX_PAGE_SIZE 6.
const VALID = 38;

function get(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(new Request(`https://news.example.org${path}`, init));
}

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

function jsonItems(text: string): number {
  return (JSON.parse(text) as { items: unknown[] }).items.length;
}

const countItems: Readonly<Record<string, (text: string) => number>> = {
  "/feed.xml": (text) => count(text, /<item>/gu),
  "/atom.xml": (text) => count(text, /<entry>/gu),
  "/feed.json": jsonItems,
};

describe("the Worker's feeds", () => {
  it.each([
    ["/feed.xml", "application/rss+xml; charset=utf-8"],
    ["/atom.xml", "application/atom+xml; charset=utf-8"],
    ["/feed.json", "application/feed+json; charset=utf-8"],
  ])(
    "hands %s (%s) to the platform's file, with the newest FEED_LIMIT articles",
    async (path, type) => {
      const response = await get(path);
      expect(response.status).toBe(200);
      expect(response.headers.get("Content-Type")).toBe(type);
      expect(response.headers.get("Cache-Control")).toBe(
        "public, max-age=600, stale-while-revalidate=1200",
      );
      expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
      // The platform's validators (docs/workers.md, "Differences from Node").
      expect(response.headers.get("ETag")).toMatch(/^"[^"]+"$/u);
      const text = await response.text();
      expect(countItems[path]?.(text)).toBe(8);
      expect(text).toContain("https://news.example.org/archive/4/");
    },
  );

  it("honours ?limit= and rejects a bad one with a one-line 400", async () => {
    const limited = await get("/feed.xml?limit=3");
    expect(count(await limited.text(), /<item>/gu)).toBe(3);
    // Rendered by the Worker: the server's own validators.
    expect(limited.headers.get("ETag")).toMatch(/^"[A-Za-z0-9_-]{32}"$/u);
    expect(limited.headers.get("Last-Modified")).toMatch(/ GMT$/u);
    const bad = await get("/feed.xml?limit=0");
    expect(bad.status).toBe(400);
    expect(await bad.text()).toBe("limit must be a whole number from 1 to 200\n");
  });

  it("leaves compression to Cloudflare's edge: its own answer is identity bytes", async () => {
    // Called directly, not through the runtime: this is exactly what the handler returns.
    const request = new Request("https://news.example.org/feed.xml?limit=5", {
      headers: { "Accept-Encoding": "br, gzip" },
    });
    const response = await worker.fetch(request, env);
    expect(response.headers.get("Content-Encoding")).toBeNull();
    expect(response.headers.get("Vary")).toBe("Accept-Encoding");
    expect(await response.text()).toMatch(/^<\?xml /u);
  });
});

describe("the Worker's archive pages", () => {
  it("serves full pages with the archive max-age and the page being filled like the feeds", async () => {
    for (const page of [1, 2, 3]) {
      const response = await get(`/archive/${page}/atom.xml`);
      expect(response.status, `page ${page}`).toBe(200);
      expect(response.headers.get("Cache-Control")).toBe(
        "public, max-age=7200, stale-while-revalidate=1200",
      );
      expect(count(await response.text(), /<entry>/gu)).toBe(10);
    }
    const last = await get("/archive/4/feed.json");
    expect(last.headers.get("Cache-Control")).toContain("max-age=600,");
    expect(jsonItems(await last.text())).toBe(VALID - 30);
  });

  it("answers 404 for a page that does not exist", async () => {
    expect((await get("/archive/5/feed.xml")).status).toBe(404);
    expect((await get("/archive/0/feed.xml")).status).toBe(404);
  });
});

describe("the Worker's per-credit feeds", () => {
  it("serves only the articles of that credit", async () => {
    const rss = await (await get("/credits/dpa-afp/feed.xml")).text();
    expect(count(rss, /<item>/gu)).toBe(6);
    expect(count(rss, /<dc:creator>dpa\/AFP<\/dc:creator>/gu)).toBe(6);
  });

  it("answers 404 for an unknown credit", async () => {
    expect((await get("/credits/nobody/atom.xml")).status).toBe(404);
  });
});

describe("the Worker's pages", () => {
  it("serves the index with its pages and a link to the page of every feed", async () => {
    const response = await get("/");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("Content-Security-Policy")).toContain("default-src 'none'");
    const html = await response.text();
    expect(count(html, /<li>/gu)).toBeGreaterThanOrEqual(6);
    expect(html).toContain('href="https://news.example.org/page/2"');
    expect(html).toContain('href="https://news.example.org/feeds"');
    expect(html).not.toContain("/credits/");
    expect((await get("/page/7")).status).toBe(200);
    expect((await get("/page/8")).status).toBe(404);
  });

  it("serves index page 2 at /page/2 with its canonical URL", async () => {
    const response = await get("/page/2");
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(
      '<link rel="canonical" href="https://news.example.org/page/2">',
    );
  });

  it("redirects /page/1 permanently to /", async () => {
    for (const method of ["GET", "HEAD"]) {
      const response = await get("/page/1", { method, redirect: "manual" });
      expect(response.status, method).toBe(301);
      expect(response.headers.get("Location"), method).toBe("https://news.example.org/");
    }
  });

  it.each(["/page/0", "/page/abc"])("answers %s with 404", async (path) => {
    expect((await get(path)).status).toBe(404);
  });

  it("serves the first page for /?page=2: page is not a query parameter", async () => {
    const first = await get("/");
    const response = await get("/?page=2");
    expect(response.status).toBe(200);
    expect(response.headers.get("ETag")).toBe(first.headers.get("ETag"));
  });

  it("serves an article page, also for an id with folders, and 404 for an unknown id", async () => {
    const nested = await get("/articles/2024/01/artikel-00");
    expect(nested.status).toBe(200);
    const html = await nested.text();
    expect(html).toContain("Teaser 0 mit „Anführungszeichen“ &amp; Umlauten: äöü ß.");
    expect(html).toContain("&lt;b&gt;Markup&lt;/b&gt;");
    expect((await get("/articles/artikel-01")).status).toBe(200);
    expect((await get("/articles/no-such-article")).status).toBe(404);
  });

  it("serves the page of every feed, the feed list, the sitemaps and robots.txt", async () => {
    expect(await (await get("/feeds")).text()).toContain("/credits/reuters/feed.xml");
    expect(await (await get("/feeds.opml")).text()).toContain(
      'xmlUrl="https://news.example.org/credits/reuters/atom.xml"',
    );
    const sitemap = await (await get("/sitemap.xml")).text();
    expect(count(sitemap, /<url>/gu)).toBe(VALID + 1);
    expect((await get("/sitemap-news.xml")).headers.get("Content-Type")).toBe(
      "application/xml; charset=utf-8",
    );
    expect(await (await get("/robots.txt")).text()).toContain(
      "Sitemap: https://news.example.org/sitemap.xml",
    );
  });

  it("serves the STYLESHEET text rendered at build time", async () => {
    const response = await get("/style.css");
    expect(response.headers.get("Content-Type")).toBe("text/css; charset=utf-8");
    expect(await response.text()).toBe(PARITY_STYLESHEET);
  });

  it("reports how many seeds it published and skipped", async () => {
    const response = await get("/healthz");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "ok", articles: VALID, problems: 9 });
  });
});

describe("the Worker's HTTP semantics", () => {
  it.each(["/feed.xml?limit=3", "/archive/1/feed.json", "/", "/articles/artikel-01"])(
    "answers a conditional request for %s with 304 and the same validators",
    async (path) => {
      const first = await get(path);
      const etag = first.headers.get("ETag") ?? "";
      const lastModified = first.headers.get("Last-Modified") ?? "";
      const conditions: Array<Record<string, string>> = [
        { "If-None-Match": etag },
        { "If-Modified-Since": lastModified },
      ];
      for (const headers of conditions) {
        const again = await get(path, { headers });
        expect(again.status).toBe(304);
        expect(again.headers.get("ETag")).toBe(etag);
        expect(again.headers.get("Last-Modified")).toBe(lastModified);
        expect(await again.text()).toBe("");
      }
    },
  );

  it("answers HEAD like GET without a body", async () => {
    const getResponse = await get("/atom.xml");
    const head = await get("/atom.xml", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect([...head.headers]).toEqual([...getResponse.headers]);
    expect(await head.text()).toBe("");
  });

  it("answers 404 for an unknown path and 405 with Allow for other methods", async () => {
    const missing = await get("/nope");
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe("Not found.\n");
    const post = await get("/feed.xml", { method: "POST", body: "x" });
    expect(post.status).toBe(405);
    expect(post.headers.get("Allow")).toBe("GET, HEAD, OPTIONS");
  });
});

describe("createWorker with an invalid setting", () => {
  const assets = (env as { ASSETS: { fetch(request: Request): Promise<Response> } }).ASSETS;

  it.each([
    ["FEED_LIMIT", "0", "invalid setting FEED_LIMIT: must be at least 1\n"],
    ["TIME_ZONE", "Mars/Olympus", "invalid setting TIME_ZONE: must be an IANA time zone"],
    ["BASE_URL", "ftp://x", "invalid setting BASE_URL: must be an absolute http(s) URL"],
    // Valid, but not what the assets were rendered with: two sites at once would be worse.
    ["SITE_TITLE", "Another", 'SITE_TITLE is "Another" but the assets were built with'],
    ["FEED_LIMIT", "9", "FEED_LIMIT is 9 but the assets were built with 8"],
  ])("answers every request with 503 naming %s=%s, without a stack", async (name, value, line) => {
    const worker = createWorker();
    // A feed without a query is the platform's file, sent as built (docs/workers.md).
    for (const path of ["/feed.xml?limit=3", "/", "/healthz"]) {
      const response = await worker.fetch(new Request(`https://x.example${path}`), {
        ...WORKER_TEST_VARS,
        [name]: value,
        ASSETS: assets,
      });
      expect(response.status).toBe(503);
      expect(response.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
      expect(response.headers.get("Cache-Control")).toBe("no-store");
      const body = await response.text();
      expect(body.startsWith(line)).toBe(true);
      expect(body.split("\n")).toHaveLength(2);
      expect(body).not.toMatch(/\bat\b.*\(/u);
    }
  });

  it("answers 503 naming the binding when the assets are not bound", async () => {
    const response = await createWorker().fetch(
      new Request("https://x.example/feed.json"),
      WORKER_TEST_VARS,
    );
    expect(response.status).toBe(503);
    expect(await response.text()).toContain("ASSETS binding is missing");
  });

  it("answers 503 naming the build when the assets hold no edge data", async () => {
    const empty = { fetch: async () => new Response("Not found", { status: 404 }) };
    const response = await createWorker().fetch(new Request("https://x.example/feed.json"), {
      ...WORKER_TEST_VARS,
      ASSETS: empty,
    });
    expect(response.status).toBe(503);
    expect(await response.text()).toContain("npm run deploy");
  });

  it("serves normally once the settings are those of the build", async () => {
    const response = await createWorker().fetch(new Request("https://x.example/feed.json"), {
      ...WORKER_TEST_VARS,
      ASSETS: assets,
    });
    expect(response.status).toBe(200);
  });
});
