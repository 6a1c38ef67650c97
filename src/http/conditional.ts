import type { Context } from "hono";
import { LruCache } from "../lru-cache.ts";
import type { SiteDocument } from "../site/document.ts";
import type { ContentEncoding } from "./encoding.ts";

// Documents whose Last-Modified is remembered against their ETag.
const VALIDATOR_MEMORY = 20_000;

/** Whether the request carries a validator (RFC 9110 §13.1). */
export function isConditional(c: Context): boolean {
  return (
    c.req.header("If-None-Match") !== undefined || c.req.header("If-Modified-Since") !== undefined
  );
}

/**
 * RFC 9110 §13.2.2: If-None-Match wins; If-Modified-Since counts only without it. `sentEtag` is
 * the ETag this response would carry (the content coding's variant of `etag`): what a reader sends
 * back is nearly always that one ETag, matched without splitting a list.
 */
export function isNotModified(
  c: Context,
  etag: string,
  lastModified: number | undefined,
  sentEtag: string = etag,
): boolean {
  const ifNoneMatch = c.req.header("If-None-Match");
  if (ifNoneMatch === sentEtag || ifNoneMatch === etag) return true;
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
export function variantEtag(etag: string, encoding: ContentEncoding | "identity"): string {
  return encoding === "identity" ? etag : `${etag.slice(0, -1)}-${encoding}"`;
}

/** A document's Last-Modified, and whether it may be remembered (it is settled). */
export interface LastModified {
  readonly value: number | undefined;
  readonly isSettled: boolean;
}

/**
 * Last-Modified dates remembered per document: capped at now, and moved forward whenever the
 * ETag moves. New bytes within the same second as the old date cannot move it forward without a
 * date in the future (RFC 9110 §8.8.2.1 forbids that), so until the next second the response has
 * no Last-Modified at all: curl-based readers such as Newsboat drop a 200 whose Last-Modified is
 * not newer than their If-Modified-Since, and would miss the change.
 */
export class LastModifiedMemory {
  readonly #dates = new LruCache<string, { etag: string; lastModified: number }>(VALIDATOR_MEMORY);

  /** The Last-Modified of `document` at `now` (ms since the epoch). */
  of(document: SiteDocument, now: number): LastModified {
    if (document.lastModifiedMs === undefined) return { value: undefined, isSettled: true };
    const etag = document.representation.etag;
    const second = Math.floor(now / 1000) * 1000;
    let lastModified = Math.floor(Math.min(document.lastModifiedMs, now) / 1000) * 1000;
    const previous = this.#dates.get(document.key);
    if (previous !== undefined) {
      if (previous.etag === etag) return { value: previous.lastModified, isSettled: true };
      if (lastModified <= previous.lastModified) {
        // New bytes under an old date would make readers like Miniflux distrust the feed.
        lastModified = previous.lastModified + 1000;
        if (lastModified > second) return { value: undefined, isSettled: false };
      }
    }
    this.#dates.set(document.key, { etag, lastModified });
    return { value: lastModified, isSettled: true };
  }
}
