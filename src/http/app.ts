import type { Context } from "hono";
import { Hono } from "hono";
import { accepts } from "hono/accepts";
import { HTTPException } from "hono/http-exception";
import * as z from "zod";
import { isArticleId } from "../articles/article-id.ts";
import type { Config } from "../config.ts";
import { FEED_FILES, FEED_FORMATS } from "../feeds/model.ts";
import { LruCache } from "./lru-cache.ts";
import { STYLESHEET } from "./pages.ts";
import { represent } from "./representation.ts";
import type { Site, SiteDocument } from "./site.ts";

export type ContentEncoding = "br" | "gzip";

export type HttpSettings = Pick<
  Config,
  | "baseUrl"
  | "cacheMaxAge"
  | "staleWhileRevalidate"
  | "archiveMaxAge"
  | "isPollLimitOn"
  | "maxUrlLength"
  | "maxQueryLength"
>;

export interface AppOptions {
  /** The site as currently published; the runtime swaps it when the seeds change. */
  readonly getSite: () => Site | Promise<Site>;
  readonly settings: HttpSettings;
  /** The clock, in ms since the epoch: Last-Modified is never later than this. */
  readonly now: () => number;
  /** Compresses a body once per content change (Node's zlib); Workers compress at the edge. */
  readonly compress?: (body: Uint8Array, encoding: ContentEncoding) => Promise<Uint8Array>;
  /** The client's address, for POLL_LIMIT. */
  readonly clientAddress?: (c: Context) => string | undefined;
  /** Where our own bugs are reported; the client only ever sees a one-line 500. */
  readonly logError?: (message: string, error: unknown) => void;
}

const ALLOWED_METHODS = "GET, HEAD, OPTIONS";

interface PreparedResponse {
  readonly lastModified: number | undefined;
  readonly notModifiedHeaders: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}
// Below this size compression saves less than the headers it costs.
const MIN_COMPRESSIBLE_BYTES = 1024;
const VALIDATOR_MEMORY = 20_000;
const POLL_MEMORY = 10_000;

const FEED_QUERY = z.object({
  limit: z
    .string()
    .regex(/^[0-9]{1,3}$/u)
    .transform(Number)
    .pipe(z.number().int().min(1).max(200))
    .optional(),
});
const QUERY_ERRORS: Readonly<Record<string, string>> = {
  limit: "limit must be a whole number from 1 to 200",
};

const SECURITY_HEADERS = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
};

/** The publisher's HTTP interface: the same app on Node and on Workers. */
export function createApp(options: AppOptions): Hono {
  const { settings } = options;
  const app = new Hono();
  // First of all: a request that is too long is refused before any route looks at it.
  app.use(async (c, next) => {
    assertRequestLength(c.req.url, settings);
    await next();
  });
  const lastModifiedBy = new LruCache<string, { etag: string; lastModified: number }>(
    VALIDATOR_MEMORY,
  );
  const lastPollBy = new LruCache<string, number>(POLL_MEMORY);
  const variants = new WeakMap<SiteDocument, Map<ContentEncoding, Promise<Uint8Array>>>();
  const prepared = new WeakMap<SiteDocument, Map<string, PreparedResponse>>();
  const encodingByHeader = new Map<string, ContentEncoding | "identity">();
  const contentSecurityPolicy = [
    "default-src 'none'",
    `style-src 'self' ${new URL(settings.baseUrl).origin}`,
    "img-src 'self' https: data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
  const stylesheet = represent(STYLESHEET, "text/css; charset=utf-8").then(
    (representation): SiteDocument => ({
      key: "style",
      representation,
      lastModifiedMs: undefined,
      freshness: "poll",
      isFeed: false,
    }),
  );

  /**
   * Last-Modified for a document: capped at now, and moved forward whenever the ETag moves.
   * New bytes within the same second as the old date cannot move it forward without a date in
   * the future (RFC 9110 §8.8.2.1 forbids that), so until the next second the response has no
   * Last-Modified at all: curl-based readers such as Newsboat drop a 200 whose Last-Modified is
   * not newer than their If-Modified-Since, and would miss the change.
   */
  const lastModifiedOf = (
    document: SiteDocument,
    now: number,
  ): { readonly value: number | undefined; readonly isSettled: boolean } => {
    if (document.lastModifiedMs === undefined) return { value: undefined, isSettled: true };
    const etag = document.representation.etag;
    const second = Math.floor(now / 1000) * 1000;
    let lastModified = Math.floor(Math.min(document.lastModifiedMs, now) / 1000) * 1000;
    const previous = lastModifiedBy.get(document.key);
    if (previous !== undefined) {
      if (previous.etag === etag) return { value: previous.lastModified, isSettled: true };
      if (lastModified <= previous.lastModified) {
        // New bytes under an old date would make readers like Miniflux distrust the feed.
        lastModified = previous.lastModified + 1000;
        if (lastModified > second) return { value: undefined, isSettled: false };
      }
    }
    lastModifiedBy.set(document.key, { etag, lastModified });
    return { value: lastModified, isSettled: true };
  };

  const negotiateEncoding = (c: Context, document: SiteDocument): ContentEncoding | "identity" => {
    if (options.compress === undefined) return "identity";
    if (document.representation.body.length < MIN_COMPRESSIBLE_BYTES) return "identity";
    // Readers send a handful of distinct headers: parse each once.
    const header = c.req.header("Accept-Encoding") ?? "";
    let encoding = encodingByHeader.get(header);
    if (encoding === undefined) {
      encoding = accepts(c, {
        header: "Accept-Encoding",
        supports: ["br", "gzip"],
        default: "identity",
        match: matchEncoding,
      }) as ContentEncoding | "identity";
      if (encodingByHeader.size >= 256) encodingByHeader.clear();
      encodingByHeader.set(header, encoding);
    }
    return encoding;
  };

  const encodedBody = (document: SiteDocument, encoding: ContentEncoding) => {
    let byEncoding = variants.get(document);
    if (byEncoding === undefined) {
      byEncoding = new Map();
      variants.set(document, byEncoding);
    }
    let body = byEncoding.get(encoding);
    if (body === undefined && options.compress !== undefined) {
      body = options.compress(document.representation.body, encoding);
      byEncoding.set(encoding, body);
    }
    return body ?? Promise.resolve(document.representation.body);
  };

  const cacheControl = (document: SiteDocument) => {
    const maxAge = document.freshness === "archive" ? settings.archiveMaxAge : settings.cacheMaxAge;
    return `public, max-age=${maxAge}, stale-while-revalidate=${settings.staleWhileRevalidate}`;
  };

  /**
   * The headers and body of a document in one encoding, built on its first request: the hot
   * path of a poll is then a map lookup and a header comparison.
   */
  const prepare = async (
    document: SiteDocument,
    encoding: ContentEncoding | "identity",
    now: number,
  ): Promise<PreparedResponse> => {
    let byEncoding = prepared.get(document);
    if (byEncoding === undefined) {
      byEncoding = new Map();
      prepared.set(document, byEncoding);
    }
    const cached = byEncoding.get(encoding);
    if (cached !== undefined) return cached;
    const { representation } = document;
    // Stable per document: the first answer is remembered against its ETag (lastModifiedOf).
    const { value: lastModified, isSettled } = lastModifiedOf(document, now);
    const headers: Record<string, string> = {
      ...SECURITY_HEADERS,
      "Cache-Control": cacheControl(document),
      Vary: "Accept-Encoding",
      ETag:
        encoding === "identity" ? representation.etag : variantEtag(representation.etag, encoding),
    };
    if (lastModified !== undefined) headers["Last-Modified"] = new Date(lastModified).toUTCString();
    if (document.isFeed) headers["Access-Control-Allow-Origin"] = "*";
    else headers["Content-Security-Policy"] = contentSecurityPolicy;
    const body =
      encoding === "identity" ? representation.body : await encodedBody(document, encoding);
    const ready: PreparedResponse = {
      lastModified,
      notModifiedHeaders: headers,
      headers: {
        ...headers,
        "Content-Type": representation.contentType,
        "Content-Length": String(body.length),
        ...(encoding === "identity" ? {} : { "Content-Encoding": encoding }),
      },
      body,
    };
    // Without a settled date, ask again on the next request (a second later it can move on).
    if (isSettled) byEncoding.set(encoding, ready);
    return ready;
  };

  /** Sends a rendered document: 304 when the client has it, else its bytes in the best encoding. */
  const send = async (c: Context, document: SiteDocument): Promise<Response> => {
    const now = options.now();
    const ready = await prepare(document, negotiateEncoding(c, document), now);
    // Conditional requests are answered before anything else is looked at.
    if (isNotModified(c, document.representation.etag, ready.lastModified)) {
      return new Response(null, { status: 304, headers: ready.notModifiedHeaders });
    }
    if (settings.isPollLimitOn && document.isFeed && !isConditional(c)) {
      const retryAfter = pollTooSoon(c, document, now);
      if (retryAfter !== undefined) {
        return c.text("Polling too often: send If-None-Match or wait.\n", 429, {
          ...SECURITY_HEADERS,
          "Retry-After": String(retryAfter),
          "Cache-Control": "no-store",
        });
      }
    }
    return new Response(ready.body, { status: 200, headers: ready.headers });
  };

  /** POLL_LIMIT: seconds to wait when this client re-fetched this feed unconditionally too soon. */
  const pollTooSoon = (c: Context, document: SiteDocument, now: number): number | undefined => {
    const client = options.clientAddress?.(c);
    if (client === undefined) return undefined;
    const key = `${client} ${document.key}`;
    const interval =
      (document.freshness === "archive" ? settings.archiveMaxAge : settings.cacheMaxAge) * 1000;
    const previous = lastPollBy.get(key);
    if (previous !== undefined && now - previous < interval) {
      return Math.ceil((interval - (now - previous)) / 1000);
    }
    lastPollBy.set(key, now);
    return undefined;
  };

  const site = () => options.getSite();
  const found = (document: SiteDocument | undefined, what: string): SiteDocument => {
    if (document === undefined) throw new HTTPException(404, { message: `No such ${what}.` });
    return document;
  };

  for (const format of FEED_FORMATS) {
    const file = FEED_FILES[format];
    app.get(`/${file}`, async (c) => {
      const { limit } = parseQuery(c, FEED_QUERY);
      return send(c, await (await site()).feed(format, limit));
    });
    app.get(`/archive/:page{[1-9][0-9]{0,8}}/${file}`, async (c) => {
      const page = Number(c.req.param("page"));
      return send(c, found(await (await site()).archive(page, format), "archive page"));
    });
    app.get(`/credits/:slug{[a-z0-9]+(?:-[a-z0-9]+)*}/${file}`, async (c) => {
      const { limit } = parseQuery(c, FEED_QUERY);
      const document = await (await site()).creditFeed(c.req.param("slug"), format, limit);
      return send(c, found(document, "credit"));
    });
  }

  // Index pages live at paths, not `?page=N`: static hosts ignore query strings, so the export
  // (page/N.html) serves every page at the URL the pages link to.
  app.get("/", async (c) => send(c, found(await (await site()).indexPage(1), "page")));

  app.get("/page/:page{[1-9][0-9]{0,8}}", async (c) => {
    const page = Number(c.req.param("page"));
    if (page === 1) {
      // RFC 9110 §15.4.2: page 1 has one URL, `/`; a permanent redirect moves links and caches.
      const location = `${settings.baseUrl}/`;
      return c.text(`Moved permanently to ${location}\n`, 301, {
        ...SECURITY_HEADERS,
        Location: location,
        "Cache-Control": `public, max-age=${settings.cacheMaxAge}, stale-while-revalidate=${settings.staleWhileRevalidate}`,
      });
    }
    return send(c, found(await (await site()).indexPage(page), "page"));
  });

  app.get("/articles/:id{.+}", async (c) => {
    const id = c.req.param("id");
    // Validate before any lookup: an id is only ever a key into the loaded articles.
    const page = isArticleId(id) ? await (await site()).articlePage(id) : undefined;
    return send(c, found(page, "article"));
  });

  app.get("/style.css", async (c) => send(c, await stylesheet));

  app.get("/healthz", async (c) => {
    const current = await site();
    c.header("Cache-Control", "no-store");
    return c.json({
      status: "ok",
      articles: current.articles.length,
      problems: current.problems.length,
    });
  });

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
      return c.text("Not found.\n", 404, { ...SECURITY_HEADERS, "Cache-Control": "no-store" });
    }
    return c.text(`Method ${c.req.method} is not allowed.\n`, 405, {
      ...SECURITY_HEADERS,
      Allow: ALLOWED_METHODS,
    });
  });

  app.onError((error, c) => {
    if (error instanceof HTTPException) {
      return c.text(`${error.message}\n`, error.status, {
        ...SECURITY_HEADERS,
        "Cache-Control": "no-store",
      });
    }
    options.logError?.(`${c.req.method} ${c.req.path} failed`, error);
    return c.text("Internal server error.\n", 500, { ...SECURITY_HEADERS });
  });

  return app;
}

/**
 * RFC 9110 §15.5.15: a request target (path and query, as the runtime decoded the request line)
 * longer than MAX_URL_LENGTH, or a query longer than MAX_QUERY_LENGTH, gets 414 URI Too Long.
 * @throws {HTTPException} 414 naming the limit.
 */
function assertRequestLength(url: string, settings: HttpSettings): void {
  const pathStart = url.indexOf("/", url.indexOf("//") + 2);
  const target = pathStart === -1 ? "/" : url.slice(pathStart);
  if (target.length > settings.maxUrlLength) {
    throw new HTTPException(414, {
      message: `URL is ${target.length} characters long, more than MAX_URL_LENGTH (${settings.maxUrlLength}).`,
    });
  }
  const queryStart = target.indexOf("?");
  const queryLength = queryStart === -1 ? 0 : target.length - queryStart - 1;
  if (queryLength > settings.maxQueryLength) {
    throw new HTTPException(414, {
      message: `Query is ${queryLength} characters long, more than MAX_QUERY_LENGTH (${settings.maxQueryLength}).`,
    });
  }
}

/** Validates the query parameters the route knows; unknown ones (utm_*, cache-busters) are ignored. */
function parseQuery<T extends z.ZodObject>(c: Context, schema: T): z.infer<T> {
  // Most requests carry no query at all: skip the parsing.
  if (!c.req.url.includes("?")) return {} as z.infer<T>;
  const known: Record<string, string> = {};
  for (const name of Object.keys(schema.shape)) {
    const value = c.req.query(name);
    if (value !== undefined) known[name] = value;
  }
  const result = schema.safeParse(known);
  if (result.success) return result.data;
  const name = String(result.error.issues[0]?.path[0] ?? "query");
  throw new HTTPException(400, { message: QUERY_ERRORS[name] ?? `invalid ${name}` });
}

function isConditional(c: Context): boolean {
  return (
    c.req.header("If-None-Match") !== undefined || c.req.header("If-Modified-Since") !== undefined
  );
}

/** RFC 9110 §13.2.2: If-None-Match wins; If-Modified-Since counts only without it. */
function isNotModified(c: Context, etag: string, lastModified: number | undefined): boolean {
  const ifNoneMatch = c.req.header("If-None-Match");
  if (ifNoneMatch !== undefined) return etagListMatches(ifNoneMatch, etag);
  const ifModifiedSince = c.req.header("If-Modified-Since");
  if (ifModifiedSince === undefined || lastModified === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  return !Number.isNaN(since) && lastModified <= since;
}

/**
 * RFC 9110 §13.1.2 weak comparison against a list or `*`. Any encoding of the current content
 * matches: a client holding the gzip bytes holds this content.
 */
function etagListMatches(header: string, etag: string): boolean {
  if (header.trim() === "*") return true;
  return header.split(",").some((candidate) => {
    const tag = candidate.trim().replace(/^W\//u, "");
    return tag === etag || tag.replace(/-(?:br|gzip)"$/u, '"') === etag;
  });
}

/** RFC 9110 §8.8.3: each content coding is its own representation with its own strong ETag. */
function variantEtag(etag: string, encoding: ContentEncoding): string {
  return `${etag.slice(0, -1)}-${encoding}"`;
}

/** Accept-Encoding with q-values (RFC 9110 §12.5.3); `*` stands for any coding, br preferred. */
function matchEncoding(
  accepted: ReadonlyArray<{ type: string; q: number }>,
  config: { supports: string[]; default: string },
): string {
  const quality = (coding: string) =>
    accepted.find((entry) => entry.type.toLowerCase() === coding)?.q ??
    accepted.find((entry) => entry.type === "*")?.q ??
    0;
  let best = config.default;
  let bestQuality = 0;
  for (const coding of config.supports) {
    const q = quality(coding);
    if (q > bestQuality) {
      best = coding;
      bestQuality = q;
    }
  }
  return best;
}
