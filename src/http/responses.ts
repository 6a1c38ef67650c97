import type { Context } from "hono";
import type { SiteDocument } from "../site/document.ts";
import { isConditional, isNotModified, LastModifiedMemory, variantEtag } from "./conditional.ts";
import { type Compress, type ContentEncoding, Encodings } from "./encoding.ts";
import { PollLimit } from "./poll-limit.ts";
import { contentSecurityPolicy, SECURITY_HEADERS } from "./security-headers.ts";
import type { HttpSettings } from "./settings.ts";

/** The headers and body of a document in one encoding, built on its first request. */
interface PreparedResponse {
  /** The ETag sent: the content coding's variant of the document's. */
  readonly etag: string;
  readonly lastModified: number | undefined;
  readonly notModifiedHeaders: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

export interface ResponderOptions {
  readonly settings: HttpSettings;
  /** The clock, in ms since the epoch: Last-Modified is never later than this. */
  readonly now: () => number;
  readonly compress?: Compress;
  /** The client's address, for POLL_LIMIT. */
  readonly clientAddress?: (c: Context) => string | undefined;
}

// The body of each document sent, for the access log and /metrics (its length: reading it back
// from a Response's headers would build a Headers object on every request of the hot path) and
// for the static export (the bytes, without streaming them out of the Response again). Kept on
// the Response under a symbol of this module: a WeakMap entry per GET cost about 2 µs of a
// 60 µs GET (a new key per request, each one more ephemeron for the garbage collector to trace).
const SENT_BODY = Symbol("sent body");

interface SentResponse extends Response {
  [SENT_BODY]?: Uint8Array;
}

/** The body length of a response this responder made; undefined for any other response. */
export function sentBytesOf(response: Response): number | undefined {
  return (response as SentResponse)[SENT_BODY]?.length;
}

/**
 * The body of a response this responder made, shared with the responder's cache: read it, never
 * change or transfer it. Undefined for any other response.
 */
export function sentBodyOf(response: Response): Uint8Array | undefined {
  return (response as SentResponse)[SENT_BODY];
}

/** `Cache-Control` for a response that may be cached like the site's pages and feeds. */
export function cacheControl(maxAge: number, settings: HttpSettings): string {
  return `public, max-age=${maxAge}, stale-while-revalidate=${settings.staleWhileRevalidate}`;
}

/**
 * Sends rendered documents: 304 when the client has the document, else its bytes in the best
 * encoding, with validators and caching headers. The headers of each document are built once
 * per encoding, so the hot path of a poll is a map lookup and a header comparison.
 */
export function createResponder(
  options: ResponderOptions,
): (c: Context, document: SiteDocument) => Response | Promise<Response> {
  const { settings } = options;
  const lastModified = new LastModifiedMemory();
  const encodings = new Encodings(options.compress);
  const pollLimit = new PollLimit(settings);
  const prepared = new WeakMap<SiteDocument, Map<string, PreparedResponse>>();
  const policy = contentSecurityPolicy(settings.baseUrl);

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
    // Stable per document: the first answer is remembered against its ETag.
    const { value, isSettled } = lastModified.of(document, now);
    const maxAge = document.freshness === "archive" ? settings.archiveMaxAge : settings.cacheMaxAge;
    const etag = variantEtag(document.representation.etag, encoding);
    const headers: Record<string, string> = {
      ...SECURITY_HEADERS,
      "Cache-Control": cacheControl(maxAge, settings),
      Vary: "Accept-Encoding",
      ETag: etag,
    };
    if (value !== undefined) headers["Last-Modified"] = new Date(value).toUTCString();
    if (document.isFeed) headers["Access-Control-Allow-Origin"] = "*";
    else headers["Content-Security-Policy"] = policy;
    const body = await encodings.body(document, encoding);
    const ready: PreparedResponse = {
      etag,
      lastModified: value,
      notModifiedHeaders: headers,
      headers: {
        ...headers,
        "Content-Type": document.representation.contentType,
        "Content-Length": String(body.length),
        ...(encoding === "identity" ? {} : { "Content-Encoding": encoding }),
      },
      body,
    };
    // Without a settled date, ask again on the next request (a second later it can move on).
    if (isSettled) byEncoding.set(encoding, ready);
    return ready;
  };

  const respond = (c: Context, document: SiteDocument, ready: PreparedResponse) => {
    // Conditional requests are answered before anything else is looked at.
    if (isNotModified(c, document.representation.etag, ready.lastModified, ready.etag)) {
      return new Response(null, { status: 304, headers: ready.notModifiedHeaders });
    }
    if (settings.isPollLimitOn && document.isFeed && !isConditional(c)) {
      const client = options.clientAddress?.(c);
      const tooSoon =
        client === undefined ? undefined : pollLimit.check(c, document, client, options.now());
      if (tooSoon !== undefined) return tooSoon;
    }
    const response: SentResponse = new Response(ready.body, {
      status: 200,
      headers: ready.headers,
    });
    response[SENT_BODY] = ready.body;
    return response;
  };

  return (c, document) => {
    const encoding = encodings.negotiate(c, document);
    // Prepared on an earlier request: answered without an await (see http/settled.ts), and
    // without reading the clock, which only a first answer and the poll limit need.
    const ready = prepared.get(document)?.get(encoding);
    if (ready !== undefined) return respond(c, document, ready);
    return prepare(document, encoding, options.now()).then((made) => respond(c, document, made));
  };
}
