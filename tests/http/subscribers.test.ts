import { describe, expect, it } from "vitest";
import {
  AGGREGATORS,
  isSubscriptionPoll,
  parseAggregatorUserAgent,
  SubscriberCounter,
  type SubscriberLimits,
} from "../../src/http/subscribers.ts";

const NOW = Date.parse("2026-01-10T12:00:00Z");
const HOUR = 3_600_000;

// The five User-Agents of the issue, as aggregators send them.
const FEEDLY =
  "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 42 subscribers; like FeedFetcher-Google)";
const INOREADER = "Mozilla/5.0 (compatible; inoreader.com; 17 subscribers)";
const NEWSBLUR =
  "NewsBlur Feed Fetcher - 5 subscribers - https://www.newsblur.com/site/123/example " +
  '("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) ' +
  'Version/14.0.1 Safari/605.1.15")';
const FEEDBIN = "Feedbin feed-id:123 - 9 subscribers";
const OLD_READER = "Mozilla/5.0 (compatible; theoldreader.com; 3 subscribers; feed-id=abc9)";

function counter(limits: Partial<SubscriberLimits> = {}) {
  return new SubscriberCounter({
    maxReports: 1000,
    maxFeedIdsPerAggregator: 32,
    maxDirectPairs: 1000,
    directWindowMs: 24 * HOUR,
    reportTtlMs: 72 * HOUR,
    ...limits,
  });
}

describe("parseAggregatorUserAgent", () => {
  it.each([
    [FEEDLY, { aggregator: "Feedly", subscribers: 42, feedId: "" }],
    [
      "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 134 subscribers; )",
      { aggregator: "Feedly", subscribers: 134, feedId: "" },
    ],
    [
      "Feedly/1.0 (+https://feedly.com/fetcher.html; 1 subscriber)",
      { aggregator: "Feedly", subscribers: 1, feedId: "" },
    ],
    [INOREADER, { aggregator: "Inoreader", subscribers: 17, feedId: "" }],
    [
      "Inoreader/1.0 (+http://www.inoreader.com/feed-fetcher; 3 subscribers; )",
      { aggregator: "Inoreader", subscribers: 3, feedId: "" },
    ],
    [NEWSBLUR, { aggregator: "NewsBlur", subscribers: 5, feedId: "123" }],
    [
      "NewsBlur Feed Fetcher - 1 subscriber - https://www.newsblur.com/site/7704055/rendezvous " +
        '("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15")',
      { aggregator: "NewsBlur", subscribers: 1, feedId: "7704055" },
    ],
    [FEEDBIN, { aggregator: "Feedbin", subscribers: 9, feedId: "123" }],
    [
      "Feedbin feed-id:1697787 - 102 subscribers",
      { aggregator: "Feedbin", subscribers: 102, feedId: "1697787" },
    ],
    [OLD_READER, { aggregator: "The Old Reader", subscribers: 3, feedId: "abc9" }],
    [
      "Mozilla/5.0 (compatible; theoldreader.com; 1 subscribers; feed-id=cead6c3a837650eeefd8fe4a)",
      { aggregator: "The Old Reader", subscribers: 1, feedId: "cead6c3a837650eeefd8fe4a" },
    ],
    [
      "Mozilla/5.0 (compatible; BazQux/2.4; +https://bazqux.com/fetcher; 1 subscribers)",
      { aggregator: "BazQux", subscribers: 1, feedId: "" },
    ],
    [
      "Dreamwidth Studios (webmaster@dreamwidth.org; for " +
        "https://www.dreamwidth.org/users/vikingschoice_feed/; 2 readers)",
      {
        aggregator: "Dreamwidth",
        subscribers: 2,
        feedId: "https://www.dreamwidth.org/users/vikingschoice_feed/",
      },
    ],
  ])("reads %s", (userAgent, expected) => {
    expect(parseAggregatorUserAgent(userAgent)).toEqual(expected);
  });

  it.each([
    "Newsboat/2.30 (Linux x86_64)",
    "Tiny Tiny RSS/23.04 (Unsupported) (https://tt-rss.org/)",
    "Mozilla/5.0 (compatible; Miniflux/2.0.50; +https://miniflux.app)",
    "NetNewsWire (RSS Reader; https://netnewswire.com/)",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0",
    "",
    // Somebody else's bot that mentions a count is not one of the aggregators we know.
    "EvilBot/1.0 (1000 subscribers)",
  ])("takes %j for a reader that polls for itself", (userAgent) => {
    expect(parseAggregatorUserAgent(userAgent)).toBeUndefined();
  });

  it.each([
    "Feedly/1.0 (+http://www.feedly.com/fetcher.html; like FeedFetcher-Google)",
    "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 99999999999999999999 subscribers)",
    "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 1000000000 subscribers)",
    "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 1e9 subscribers)",
  ])("gives no count for %s: no report, no absurd number", (userAgent) => {
    expect(parseAggregatorUserAgent(userAgent)).toEqual({
      aggregator: "Feedly",
      subscribers: undefined,
      feedId: "",
    });
  });
});

describe("isSubscriptionPoll", () => {
  it.each([
    ["/feed.xml", 200, true],
    ["/atom.xml", 304, true],
    ["/feed.json", 200, true],
    ["/credits/dpa/feed.xml", 200, true],
    ["/feed.xml", 404, false],
    ["/feed.xml", 429, false],
    ["/archive/1/feed.xml", 200, false],
    ["/", 200, false],
    ["/articles/a", 200, false],
    ["/healthz", 200, false],
    ["/metrics", 200, false],
  ])("%s answered %i: %s", (path, status, expected) => {
    expect(isSubscriptionPoll(path, status)).toBe(expected);
  });
});

describe("SubscriberCounter", () => {
  it("counts what the five aggregators of the issue report, plus one direct reader", () => {
    const subscribers = counter();
    for (const userAgent of [FEEDLY, INOREADER, NEWSBLUR, FEEDBIN, OLD_READER]) {
      subscribers.record("/feed.xml", 200, "192.0.2.1", userAgent, NOW);
    }
    subscribers.record("/feed.xml", 304, "198.51.100.7", "Newsboat/2.30", NOW);
    expect(subscribers.counts(NOW)).toEqual([
      { feed: "/feed.xml", source: "Feedbin", subscribers: 9 },
      { feed: "/feed.xml", source: "Feedly", subscribers: 42 },
      { feed: "/feed.xml", source: "Inoreader", subscribers: 17 },
      { feed: "/feed.xml", source: "NewsBlur", subscribers: 5 },
      { feed: "/feed.xml", source: "The Old Reader", subscribers: 3 },
      { feed: "/feed.xml", source: "direct", subscribers: 1 },
    ]);
    expect(subscribers.total(NOW)).toBe(77);
  });

  it("keeps the latest count an aggregator reported, not a sum of its polls", () => {
    const subscribers = counter();
    subscribers.record("/feed.xml", 200, "192.0.2.1", FEEDLY, NOW);
    subscribers.record("/feed.xml", 304, "192.0.2.2", FEEDLY.replace("42", "40"), NOW + HOUR);
    expect(subscribers.counts(NOW + HOUR)).toEqual([
      { feed: "/feed.xml", source: "Feedly", subscribers: 40 },
    ]);
  });

  it("adds up the counts of one aggregator's different ids of the same feed", () => {
    const subscribers = counter();
    subscribers.record("/feed.xml", 200, "192.0.2.1", "Feedbin feed-id:1 - 3 subscribers", NOW);
    subscribers.record("/feed.xml", 200, "192.0.2.1", "Feedbin feed-id:2 - 13 subscribers", NOW);
    subscribers.record("/feed.xml", 200, "192.0.2.1", "Feedbin feed-id:2 - 14 subscribers", NOW);
    expect(subscribers.counts(NOW)).toEqual([
      { feed: "/feed.xml", source: "Feedbin", subscribers: 17 },
    ]);
  });

  it("counts each feed on its own", () => {
    const subscribers = counter();
    subscribers.record("/feed.xml", 200, "192.0.2.1", FEEDLY, NOW);
    subscribers.record("/credits/dpa/atom.xml", 200, "192.0.2.1", FEEDLY.replace("42", "2"), NOW);
    subscribers.record("/atom.xml", 200, "192.0.2.9", "Newsboat/2.30", NOW);
    expect(subscribers.counts(NOW)).toEqual([
      { feed: "/atom.xml", source: "direct", subscribers: 1 },
      { feed: "/credits/dpa/atom.xml", source: "Feedly", subscribers: 2 },
      { feed: "/feed.xml", source: "Feedly", subscribers: 42 },
    ]);
  });

  it("counts a direct reader once per address and User-Agent, however often it polls", () => {
    const subscribers = counter();
    for (let poll = 0; poll < 24; poll++) {
      subscribers.record("/feed.xml", 304, "198.51.100.7", "Newsboat/2.30", NOW + poll * HOUR);
    }
    subscribers.record("/feed.xml", 200, "198.51.100.7", "NetNewsWire (RSS Reader)", NOW);
    subscribers.record("/feed.xml", 200, "198.51.100.8", "Newsboat/2.30", NOW);
    expect(subscribers.counts(NOW + 23 * HOUR)).toEqual([
      { feed: "/feed.xml", source: "direct", subscribers: 3 },
    ]);
  });

  it("forgets a direct reader 24 hours after its last poll", () => {
    const subscribers = counter();
    subscribers.record("/feed.xml", 200, "198.51.100.7", "Newsboat/2.30", NOW);
    expect(subscribers.total(NOW + 24 * HOUR)).toBe(1);
    expect(subscribers.total(NOW + 24 * HOUR + 1)).toBe(0);
  });

  it("starts a reader's 24 hours at its last poll, also when it polls within a minute", () => {
    const subscribers = counter();
    subscribers.record("/feed.xml", 200, "198.51.100.7", "Newsboat/2.30", NOW);
    subscribers.record("/feed.xml", 304, "198.51.100.7", "Newsboat/2.30", NOW + 30_000);
    expect(subscribers.total(NOW + 30_000 + 24 * HOUR)).toBe(1);
    expect(subscribers.total(NOW + 30_000 + 24 * HOUR + 1)).toBe(0);
  });

  it("forgets an aggregator's report once it stops polling for three days", () => {
    const subscribers = counter();
    subscribers.record("/feed.xml", 200, "192.0.2.1", FEEDLY, NOW);
    expect(subscribers.total(NOW + 72 * HOUR)).toBe(42);
    expect(subscribers.total(NOW + 72 * HOUR + 1)).toBe(0);
  });

  it("ignores what is not a subscription poll: pages, archives, errors", () => {
    const subscribers = counter();
    subscribers.record("/", 200, "192.0.2.1", "Newsboat/2.30", NOW);
    subscribers.record("/archive/1/feed.xml", 200, "192.0.2.1", FEEDLY, NOW);
    subscribers.record("/feed.xml", 404, "192.0.2.1", FEEDLY, NOW);
    subscribers.record("/credits/nobody/feed.xml", 404, "192.0.2.1", "Newsboat/2.30", NOW);
    expect(subscribers.counts(NOW)).toEqual([]);
  });

  it("does not take an aggregator's feed check without a count for a direct reader", () => {
    const subscribers = counter();
    subscribers.record("/feed.xml", 200, "192.0.2.1", "Feedly/1.0 (+http://feedly.com)", NOW);
    expect(subscribers.counts(NOW)).toEqual([]);
  });
});

describe("SubscriberCounter against crafted User-Agents", () => {
  it("ignores an absurd count instead of publishing it", () => {
    const subscribers = counter();
    const huge =
      "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 99999999999999999999 subscribers)";
    subscribers.record("/feed.xml", 200, "203.0.113.1", huge, NOW);
    expect(subscribers.counts(NOW)).toEqual([]);
  });

  it("sums at most maxFeedIdsPerAggregator ids of one aggregator, the most recent ones", () => {
    const subscribers = counter({ maxFeedIdsPerAggregator: 32 });
    for (let id = 0; id < 10_000; id++) {
      subscribers.record(
        "/feed.xml",
        200,
        "203.0.113.1",
        `Feedbin feed-id:${id} - 999999999 subscribers`,
        NOW,
      );
    }
    expect(subscribers.counts(NOW)).toEqual([
      { feed: "/feed.xml", source: "Feedbin", subscribers: 32 * 999_999_999 },
    ]);
  });

  it("keeps at most maxDirectPairs readers, however many User-Agents arrive", () => {
    const subscribers = counter({ maxDirectPairs: 100 });
    for (let index = 0; index < 5_000; index++) {
      subscribers.record(
        "/feed.xml",
        200,
        "203.0.113.1",
        `Reader/${index} ${"x".repeat(8000)}`,
        NOW,
      );
    }
    expect(subscribers.counts(NOW)).toEqual([
      { feed: "/feed.xml", source: "direct", subscribers: 100 },
    ]);
  });

  it("keeps at most maxReports reports across all feeds and aggregators", () => {
    const subscribers = counter({ maxReports: 50, maxFeedIdsPerAggregator: 1000 });
    for (let id = 0; id < 5_000; id++) {
      subscribers.record(
        "/feed.xml",
        200,
        "203.0.113.1",
        `Feedbin feed-id:${id} - 1 subscribers`,
        NOW,
      );
    }
    expect(subscribers.total(NOW)).toBe(50);
  });

  it("names only known aggregators and direct as sources, whatever a User-Agent says", () => {
    const subscribers = counter();
    for (const userAgent of [
      'Feedly/1.0 (source="evil"} 1\n; 5 subscribers)',
      'Mozilla/5.0 (compatible; theoldreader.com; 3 subscribers; feed-id="}\n x 1)',
      'Evil"} 1\n# HELP/1.0 (7 subscribers)',
    ]) {
      subscribers.record("/feed.xml", 200, "203.0.113.1", userAgent, NOW);
    }
    const sources = subscribers.counts(NOW).map(({ source }) => source);
    for (const source of sources) expect([...AGGREGATORS, "direct"]).toContain(source);
  });
});
