import type { Rng } from "../../src/corpus/rng.ts";
import { FEED_FORMATS, type FeedFormat, MAIN_FEED, paths } from "../../src/urls.ts";

/**
 * The soak's traffic: a weighted mix of the requests feed readers, browsers and crawlers make,
 * each with the statuses that are right for it, and a sweep that asks every route once.
 */

export type Encoding = "identity" | "gzip" | "br";
export const ENCODINGS: readonly Encoding[] = ["identity", "gzip", "br"];

// Pages that exist whatever the writer does: at least 400 seeds make 8 full archive pages of 50
// and 14 index pages of 30 (the server's defaults).
const ARCHIVE_PAGES = 7;
const INDEX_PAGES = 12;
const LIMITS = [5, 10, 20, 100];
const MAIN_RSS = paths.feed(MAIN_FEED, "rss");
// Hostile or absent on purpose: every one must be a 404.
const NOT_FOUND_PATHS = [
  paths.article("no-such-article-4711"),
  paths.article("..%2f..%2fetc%2fpasswd"),
  // Not "%2e%2e/": fetch's URL parser would resolve that to "/etc/passwd" before sending.
  paths.article("%2e%2e%2f%2e%2e%2fetc%2fpasswd"),
  paths.article("000001%00.txt"),
  paths.feed({ kind: "archive", page: 99_999 }, "atom"),
  paths.feed({ kind: "credit", slug: "nobody-at-all" }, "rss"),
  "/nothing-here",
];
const BAD_QUERY_PATHS = [
  `${MAIN_RSS}?limit=0`,
  `${paths.feed(MAIN_FEED, "atom")}?limit=201`,
  `${paths.feed(MAIN_FEED, "json")}?limit=ten`,
];

/** One request a client makes, and the statuses that are correct for it. */
export interface Probe {
  readonly kind: string;
  readonly method: "GET" | "HEAD" | "POST";
  readonly path: string;
  readonly encoding: Encoding;
  readonly expected: readonly number[];
  /** A feed whose 200 body may be checked. */
  readonly format?: FeedFormat;
  readonly ifNoneMatch?: string;
}

/** What the mix picks articles and credits from. */
export interface MixSite {
  /** Articles the writer never touches: always 200. */
  readonly stableIds: readonly string[];
  readonly creditSlugs: readonly string[];
  /** The writer's own live list of the articles it adds, edits and deletes. */
  readonly changingIds: readonly string[];
}

/** The ETags a client has seen, by `${path} ${encoding}`. */
export type SeenEtags = ReadonlyMap<string, string>;

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;

function archivePath(rng: Rng, format: FeedFormat): string {
  return paths.feed({ kind: "archive", page: Math.floor(rng() * ARCHIVE_PAGES) + 1 }, format);
}

/** Weighted kinds of request; each returns a fresh probe. */
const PROBES: ReadonlyArray<
  readonly [number, (rng: Rng, site: MixSite, etags: SeenEtags) => Probe]
> = [
  [
    20,
    (rng) => {
      const format = pick(rng, FEED_FORMATS);
      const encoding = pick(rng, ENCODINGS);
      return {
        kind: `feed ${encoding}`,
        method: "GET",
        path: paths.feed(MAIN_FEED, format),
        encoding,
        expected: [200],
        format,
      };
    },
  ],
  [
    20,
    (rng, _site, etags) => {
      const format = pick(rng, FEED_FORMATS);
      const path = rng() < 0.6 ? paths.feed(MAIN_FEED, format) : archivePath(rng, format);
      const encoding = pick(rng, ENCODINGS);
      const ifNoneMatch = etags.get(`${path} ${encoding}`);
      return {
        kind: "conditional",
        method: "GET",
        path,
        encoding,
        expected: ifNoneMatch === undefined ? [200] : [200, 304],
        format,
        ...(ifNoneMatch === undefined ? {} : { ifNoneMatch }),
      };
    },
  ],
  [
    5,
    (rng, site) => ({
      kind: "head",
      method: "HEAD",
      path:
        rng() < 0.5
          ? paths.feed(MAIN_FEED, pick(rng, FEED_FORMATS))
          : paths.article(pick(rng, site.stableIds)),
      encoding: pick(rng, ENCODINGS),
      expected: [200],
    }),
  ],
  [
    3,
    (rng) => {
      const format = pick(rng, FEED_FORMATS);
      return {
        kind: "feed ?limit",
        method: "GET",
        path: `${paths.feed(MAIN_FEED, format)}?limit=${pick(rng, LIMITS)}`,
        encoding: pick(rng, ENCODINGS),
        expected: [200],
        format,
      };
    },
  ],
  [
    12,
    (rng, site) => ({
      kind: "article",
      method: "GET",
      path: paths.article(pick(rng, site.stableIds)),
      encoding: pick(rng, ENCODINGS),
      expected: [200],
    }),
  ],
  [
    4,
    (rng, site) => ({
      // Added, edited or deleted underneath: either answer is right at any moment.
      kind: "article (changing)",
      method: "GET",
      path: paths.article(pick(rng, site.changingIds)),
      encoding: pick(rng, ENCODINGS),
      expected: [200, 404],
    }),
  ],
  [
    8,
    (rng) => ({
      kind: "index page",
      method: "GET",
      path: paths.indexPage(Math.floor(rng() * INDEX_PAGES) + 1),
      encoding: pick(rng, ENCODINGS),
      expected: [200],
    }),
  ],
  [
    8,
    (rng) => {
      const format = pick(rng, FEED_FORMATS);
      return {
        kind: "archive page",
        method: "GET",
        path: archivePath(rng, format),
        encoding: pick(rng, ENCODINGS),
        expected: [200],
        format,
      };
    },
  ],
  [
    8,
    (rng, site) => {
      const format = pick(rng, FEED_FORMATS);
      const slug = pick(rng, site.creditSlugs);
      return {
        kind: "credit feed",
        method: "GET",
        path: `${paths.feed({ kind: "credit", slug }, format)}${rng() < 0.2 ? `?limit=${pick(rng, LIMITS)}` : ""}`,
        encoding: pick(rng, ENCODINGS),
        expected: [200],
        format,
      };
    },
  ],
  [
    5,
    (rng) => ({
      kind: "404",
      method: rng() < 0.8 ? "GET" : "HEAD",
      path: pick(rng, NOT_FOUND_PATHS),
      encoding: "identity",
      expected: [404],
    }),
  ],
  [
    4,
    (rng) => ({
      kind: "bad query",
      method: "GET",
      path: pick(rng, BAD_QUERY_PATHS),
      encoding: "identity",
      expected: [400],
    }),
  ],
  [
    2,
    (rng, site) => ({
      kind: "POST",
      method: "POST",
      path: pick(rng, [MAIN_RSS, paths.home(), paths.article(pick(rng, site.stableIds))]),
      encoding: "identity",
      expected: [405],
    }),
  ],
  [
    1,
    (rng) => ({
      kind: "style, healthz",
      method: "GET",
      path: rng() < 0.5 ? paths.stylesheet() : paths.health(),
      encoding: pick(rng, ENCODINGS),
      expected: [200],
    }),
  ],
];
const TOTAL_WEIGHT = PROBES.reduce((sum, [weight]) => sum + weight, 0);

/** The next request of a client: a kind drawn by weight, then its path, encoding and headers. */
export function nextProbe(rng: Rng, site: MixSite, etags: SeenEtags): Probe {
  let roll = rng() * TOTAL_WEIGHT;
  for (const [weight, make] of PROBES) {
    roll -= weight;
    if (roll < 0) return make(rng, site, etags);
  }
  return (PROBES[0] as (typeof PROBES)[number])[1](rng, site, etags);
}

/** Every route kind once, in every format and encoding, so the caches hold what the mix asks. */
export function sweepProbes(creditSlugs: readonly string[], articleIds: Iterable<string>): Probe[] {
  const probes: Probe[] = [];
  const get = (kind: string, path: string, format?: FeedFormat) => {
    for (const encoding of ENCODINGS) {
      probes.push({
        kind,
        method: "GET",
        path,
        encoding,
        expected: [200],
        ...(format === undefined ? {} : { format }),
      });
    }
  };
  for (const format of FEED_FORMATS) {
    get("feed", paths.feed(MAIN_FEED, format), format);
    for (const limit of LIMITS) {
      get("feed ?limit", `${paths.feed(MAIN_FEED, format)}?limit=${limit}`, format);
    }
    for (let page = 1; page <= ARCHIVE_PAGES; page++) {
      get("archive page", paths.feed({ kind: "archive", page }, format), format);
    }
    for (const slug of creditSlugs) {
      get("credit feed", paths.feed({ kind: "credit", slug }, format), format);
    }
  }
  for (let page = 1; page <= INDEX_PAGES; page++) get("index page", paths.indexPage(page));
  for (const id of articleIds) get("article", paths.article(id));
  get("style, healthz", paths.stylesheet());
  return probes;
}
