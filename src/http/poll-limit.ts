import type { Context } from "hono";
import { LruCache } from "../lru-cache.ts";
import type { SiteDocument } from "../site/document.ts";
import { SECURITY_HEADERS } from "./security-headers.ts";
import type { HttpSettings } from "./settings.ts";

// Client and feed pairs remembered; the least recently seen are forgotten first.
const POLL_MEMORY = 10_000;

/**
 * POLL_LIMIT=on: a client that re-fetches a feed unconditionally before its max-age is over gets
 * 429 with Retry-After. Conditional requests are never limited: a 304 costs almost nothing.
 */
export class PollLimit {
  readonly #lastPollBy = new LruCache<string, number>(POLL_MEMORY);
  readonly #settings: HttpSettings;

  constructor(settings: HttpSettings) {
    this.#settings = settings;
  }

  /** The 429 response when `client` polled `document` too soon, else undefined. */
  check(c: Context, document: SiteDocument, client: string, now: number): Response | undefined {
    const key = `${client} ${document.key}`;
    const maxAge =
      document.freshness === "archive" ? this.#settings.archiveMaxAge : this.#settings.cacheMaxAge;
    const interval = maxAge * 1000;
    const previous = this.#lastPollBy.get(key);
    if (previous !== undefined && now - previous < interval) {
      const retryAfter = Math.ceil((interval - (now - previous)) / 1000);
      return c.text("Polling too often: send If-None-Match or wait.\n", 429, {
        ...SECURITY_HEADERS,
        "Retry-After": String(retryAfter),
        "Cache-Control": "no-store",
      });
    }
    this.#lastPollBy.set(key, now);
    return undefined;
  }
}
