import type { Representation } from "./representation.ts";

export const HTML_CONTENT_TYPE = "text/html; charset=utf-8";
export const CSS_CONTENT_TYPE = "text/css; charset=utf-8";

/** How long a document may be cached: the subscription rate, or long for a full archive page. */
export type Freshness = "poll" | "archive";

/** A rendered document with what its validators and caching headers are made from. */
export interface SiteDocument {
  readonly key: string;
  readonly representation: Representation;
  /** When its content last changed as far as the sources tell (not yet capped at "now"). */
  readonly lastModifiedMs: number | undefined;
  readonly freshness: Freshness;
  readonly isFeed: boolean;
}
