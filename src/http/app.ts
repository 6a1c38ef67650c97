import type { Context } from "hono";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { isArticleId } from "../articles/article-id.ts";
import type { SiteDocument } from "../site/document.ts";
import type { ServedSite } from "../site/site.ts";
import { absoluteUrl, FEED_FORMATS, paths, ROUTES } from "../urls.ts";
import { FEED_QUERY, parseQuery } from "./query.ts";
import { assertRequestLength } from "./request-limits.ts";
import { cacheControl, createResponder, type ResponderOptions } from "./responses.ts";
import { SECURITY_HEADERS } from "./security-headers.ts";
import { whenSettled } from "./settled.ts";

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

/**
 * The publisher's HTTP interface: the same app on Node and on Workers.
 *
 * Every route is one handler (no middleware, no catch-all route beside it): Hono then calls it
 * directly, and a handler whose site and document are at hand returns its Response without an
 * await, which @hono/node-server writes at once (the poll's hot path, measured in npm run bench).
 */
export function createApp(options: AppOptions): Hono {
  const { settings } = options;
  const app = new Hono();
  const send = createResponder(options);
  const found = (document: SiteDocument | undefined, what: string): SiteDocument => {
    if (document === undefined) throw new HTTPException(404, { message: `No such ${what}.` });
    return document;
  };
  const pageNumber = (c: Context) => Number(c.req.param("page"));
  /** A route's handler, with the request's length checked before it looks at anything. */
  const route =
    (handler: (c: Context) => Response | Promise<Response>) =>
    (c: Context): Response | Promise<Response> => {
      assertRequestLength(c.req.url, settings);
      return handler(c);
    };
  /** A GET route (HEAD too): every one goes through here, so none can forget the 414. */
  const get = (path: string, handler: (c: Context) => Response | Promise<Response>) =>
    app.get(path, route(handler));
  /** Sends the document `pick` finds on the current site, or 404 naming `what`. */
  const serve = (
    c: Context,
    what: string,
    pick: (site: ServedSite) => SiteDocument | undefined | Promise<SiteDocument | undefined>,
  ) =>
    whenSettled(options.getSite(), (site) =>
      whenSettled(pick(site), (document) => send(c, found(document, what))),
    );

  for (const format of FEED_FORMATS) {
    get(ROUTES.feed(format), (c) => {
      const { limit } = parseQuery(c, FEED_QUERY);
      return serve(c, "feed", (site) => site.feed(format, limit));
    });
    get(ROUTES.archiveFeed(format), (c) =>
      serve(c, "archive page", (site) => site.archive(pageNumber(c), format)),
    );
    get(ROUTES.creditFeed(format), (c) => {
      const { limit } = parseQuery(c, FEED_QUERY);
      const slug = c.req.param("slug") ?? "";
      return serve(c, "credit", (site) => site.creditFeed(slug, format, limit));
    });
  }

  get(ROUTES.home, (c) => serve(c, "page", (site) => site.indexPage(1)));

  get(ROUTES.indexPage, (c) => {
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
    return serve(c, "page", (site) => site.indexPage(page));
  });

  get(ROUTES.article, (c) => {
    const id = c.req.param("id") ?? "";
    // Validate before any lookup: an id is only ever a key into the loaded articles.
    return serve(c, "article", (site) => (isArticleId(id) ? site.articlePage(id) : undefined));
  });

  get(ROUTES.stylesheet, (c) => serve(c, "stylesheet", (site) => site.stylesheet()));
  get(ROUTES.feedsPage, (c) => serve(c, "page", (site) => site.feedsPage()));
  get(ROUTES.feedList, (c) => serve(c, "feed list", (site) => site.feedList()));
  get(ROUTES.sitemap, (c) => serve(c, "sitemap", (site) => site.sitemap()));
  get(ROUTES.sitemapPart, (c) => {
    const part = Number.parseInt(c.req.param("file") ?? "", 10);
    return serve(c, "sitemap part", (site) => site.sitemapPart(part));
  });
  // The window of the news sitemap is the last two days: the clock is the runtime's.
  get(ROUTES.newsSitemap, (c) =>
    serve(c, "news sitemap", (site) => site.newsSitemap(options.now())),
  );
  get(ROUTES.robots, (c) => serve(c, "file", (site) => site.robotsTxt()));

  get(ROUTES.health, (c) =>
    whenSettled(options.getSite(), (current) => {
      c.header("Cache-Control", "no-store");
      return c.json({
        status: "ok",
        articles: current.articleCount,
        problems: current.problemCount,
        ...(options.subscriberTotal === undefined
          ? {}
          : { subscribers: options.subscriberTotal() }),
      });
    }),
  );

  const { metrics } = options;
  if (metrics !== undefined) {
    get(ROUTES.metrics, async (c) =>
      c.body(await metrics.render(), 200, {
        ...NO_STORE,
        "Content-Type": metrics.contentType,
      }),
    );
  }

  app.options(
    "*",
    route((c) =>
      c.body(null, 204, {
        Allow: ALLOWED_METHODS,
        "Access-Control-Allow-Origin": "*",
        "Access-Control-Allow-Methods": ALLOWED_METHODS,
        "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since",
        "Access-Control-Max-Age": "86400",
      }),
    ),
  );

  // Whatever no route takes: too long, not found, or a method the site does not allow.
  app.notFound((c) => {
    assertRequestLength(c.req.url, settings);
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
