import type { Context } from "hono";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { isArticleId } from "../articles/article-id.ts";
import type { SiteDocument } from "../site/document.ts";
import type { ServedSite } from "../site/site.ts";
import { absoluteUrl, FEED_FORMATS, paths, ROUTES } from "../urls.ts";
import { FEED_QUERY, parseQuery } from "./query.ts";
import { requestLimits } from "./request-limits.ts";
import { cacheControl, createResponder, type ResponderOptions } from "./responses.ts";
import { SECURITY_HEADERS } from "./security-headers.ts";

export interface AppOptions extends ResponderOptions {
  /** The site as currently published; the runtime swaps it when the seeds change. */
  readonly getSite: () => ServedSite | Promise<ServedSite>;
  /** Where our own bugs are reported; the client only ever sees a one-line 500. */
  readonly logError?: (message: string, error: unknown) => void;
  /** `GET /metrics`, where the runtime keeps metrics (Node with METRICS=on); else it is a 404. */
  readonly metrics?: { render(): Promise<string>; readonly contentType: string };
  /** All feeds' subscribers, as `subscribers` in /healthz where the runtime counts them (Node). */
  readonly subscriberTotal?: () => number;
}

const ALLOWED_METHODS = "GET, HEAD, OPTIONS";
const NO_STORE = { ...SECURITY_HEADERS, "Cache-Control": "no-store" };

/** The publisher's HTTP interface: the same app on Node and on Workers. */
export function createApp(options: AppOptions): Hono {
  const { settings } = options;
  const app = new Hono();
  const send = createResponder(options);
  const site = async () => options.getSite();
  const found = (document: SiteDocument | undefined, what: string): SiteDocument => {
    if (document === undefined) throw new HTTPException(404, { message: `No such ${what}.` });
    return document;
  };
  const pageNumber = (c: Context) => Number(c.req.param("page"));

  // First of all: a request that is too long is refused before any route looks at it.
  app.use(requestLimits(settings));

  for (const format of FEED_FORMATS) {
    app.get(ROUTES.feed(format), async (c) => {
      const { limit } = parseQuery(c, FEED_QUERY);
      return send(c, await (await site()).feed(format, limit));
    });
    app.get(ROUTES.archiveFeed(format), async (c) =>
      send(c, found(await (await site()).archive(pageNumber(c), format), "archive page")),
    );
    app.get(ROUTES.creditFeed(format), async (c) => {
      const { limit } = parseQuery(c, FEED_QUERY);
      const slug = c.req.param("slug") ?? "";
      const document = await (await site()).creditFeed(slug, format, limit);
      return send(c, found(document, "credit"));
    });
  }

  app.get(ROUTES.home, async (c) => send(c, found(await (await site()).indexPage(1), "page")));

  app.get(ROUTES.indexPage, async (c) => {
    const page = pageNumber(c);
    if (page === 1) {
      // RFC 9110 §15.4.2: page 1 has one URL, `/`; a permanent redirect moves links and caches.
      const location = absoluteUrl(settings.baseUrl, paths.indexPage(1));
      return c.text(`Moved permanently to ${location}\n`, 301, {
        ...SECURITY_HEADERS,
        Location: location,
        "Cache-Control": cacheControl(settings.cacheMaxAge, settings),
      });
    }
    return send(c, found(await (await site()).indexPage(page), "page"));
  });

  app.get(ROUTES.article, async (c) => {
    const id = c.req.param("id");
    // Validate before any lookup: an id is only ever a key into the loaded articles.
    const page = isArticleId(id) ? await (await site()).articlePage(id) : undefined;
    return send(c, found(page, "article"));
  });

  app.get(ROUTES.stylesheet, async (c) =>
    send(c, found(await (await site()).stylesheet(), "stylesheet")),
  );

  app.get(ROUTES.feedsPage, async (c) => send(c, found(await (await site()).feedsPage(), "page")));
  app.get(ROUTES.feedList, async (c) =>
    send(c, found(await (await site()).feedList(), "feed list")),
  );
  app.get(ROUTES.sitemap, async (c) => send(c, found(await (await site()).sitemap(), "sitemap")));
  app.get(ROUTES.sitemapPart, async (c) => {
    const part = Number.parseInt(c.req.param("file") ?? "", 10);
    return send(c, found(await (await site()).sitemapPart(part), "sitemap part"));
  });
  // The window of the news sitemap is the last two days: the clock is the runtime's.
  app.get(ROUTES.newsSitemap, async (c) =>
    send(c, await (await site()).newsSitemap(options.now())),
  );
  app.get(ROUTES.robots, async (c) => send(c, found(await (await site()).robotsTxt(), "file")));

  app.get(ROUTES.health, async (c) => {
    const current = await site();
    c.header("Cache-Control", "no-store");
    return c.json({
      status: "ok",
      articles: current.articleCount,
      problems: current.problemCount,
      ...(options.subscriberTotal === undefined ? {} : { subscribers: options.subscriberTotal() }),
    });
  });

  const { metrics } = options;
  if (metrics !== undefined) {
    app.get(ROUTES.metrics, async (c) =>
      c.body(await metrics.render(), 200, {
        ...NO_STORE,
        "Content-Type": metrics.contentType,
      }),
    );
  }

  app.options("*", (c) =>
    c.body(null, 204, {
      Allow: ALLOWED_METHODS,
      "Access-Control-Allow-Origin": "*",
      "Access-Control-Allow-Methods": ALLOWED_METHODS,
      "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since",
      "Access-Control-Max-Age": "86400",
    }),
  );

  app.all("*", (c) => {
    if (c.req.method === "GET" || c.req.method === "HEAD") {
      return c.text("Not found.\n", 404, NO_STORE);
    }
    return c.text(`Method ${c.req.method} is not allowed.\n`, 405, {
      ...SECURITY_HEADERS,
      Allow: ALLOWED_METHODS,
    });
  });

  app.onError((error, c) => {
    if (error instanceof HTTPException) return c.text(`${error.message}\n`, error.status, NO_STORE);
    options.logError?.(`${c.req.method} ${c.req.path} failed`, error);
    return c.text("Internal server error.\n", 500, { ...SECURITY_HEADERS });
  });

  return app;
}
