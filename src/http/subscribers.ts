import { BoundedMemo, LruCache } from "../lru-cache.ts";
import { isSubscriptionFeedPath } from "../urls.ts";

/**
 * Subscriber counts, the statistic FeedBurner gave publishers. An aggregator fetches a feed once
 * for all its users and says how many follow it in the User-Agent of its fetcher; any other
 * reader polls from its own address. So a feed's subscribers are the latest count each known
 * aggregator reported (summed over the aggregator's own ids of the feed), plus the distinct
 * (address, User-Agent) pairs that polled it in the last 24 hours.
 *
 * Every count is self-reported and anyone can send any User-Agent: these are estimates. What a
 * crafted User-Agent cannot do is grow memory (every table here has a fixed capacity), invent
 * label values (a source is one of AGGREGATORS or "direct"; a feed is a site path the caller
 * served) or break the metrics format (a count is a whole number below a billion).
 *
 * The formats, each tested with its real string (tests/http/subscribers.test.ts):
 * - Feedly, https://feedly.com/fetcher.html:
 *   `Feedly/1.0 (+http://www.feedly.com/fetcher.html; 42 subscribers; like FeedFetcher-Google)`;
 *   also `…; 134 subscribers; )` as seen in access logs.
 * - Inoreader, https://www.inoreader.com/feed-fetcher:
 *   `Inoreader/1.0 (+http://www.inoreader.com/feed-fetcher; 3 subscribers; )`; Buttondown's list
 *   of reader User-Agents (https://docs.buttondown.com/rss-subscribers) has the other form,
 *   `Mozilla/5.0 (compatible; inoreader.com; 114 subscribers)`.
 * - NewsBlur, samuelclay/NewsBlur apps/rss_feeds/models.py (Feed.user_agent, Feed.permalink):
 *   `NewsBlur Feed Fetcher - %s subscriber%s - %s/site/%s/%s (…browser UA…)`, the feed's id in
 *   the /site/ID/ of its permalink.
 * - Feedbin, feedbin/crawler app/jobs/feed_downloader.rb:
 *   `Feedbin feed-id:#{@feed_id} - #{@subscribers} subscribers`.
 * - The Old Reader (Buttondown's list): `Mozilla/5.0 (compatible; theoldreader.com; 1
 *   subscribers; feed-id=cead6c3a837650eeefd8fe4a)`.
 * - BazQux, https://bazqux.com/fetcher and Buttondown's list:
 *   `Mozilla/5.0 (compatible; BazQux/2.4; +https://bazqux.com/fetcher; 1 subscribers)`.
 * - Dreamwidth (Buttondown's list), one syndicated account per feed id: `Dreamwidth Studios
 *   (webmaster@dreamwidth.org; for https://www.dreamwidth.org/users/NAME_feed/; 2 readers)`.
 * Self-hosted readers (Tiny Tiny RSS, Miniflux, FreshRSS, NetNewsWire, Newsboat) report no count:
 * each install polls for itself and is counted as a direct subscriber.
 */

/** The aggregators whose counts are read: with "direct", the only values of `source`. */
export const AGGREGATORS = [
  "Feedly",
  "Inoreader",
  "NewsBlur",
  "Feedbin",
  "The Old Reader",
  "BazQux",
  "Dreamwidth",
] as const;

export type Aggregator = (typeof AGGREGATORS)[number];

/** Where a count comes from: an aggregator's report, or readers polling on their own. */
export type SubscriberSource = Aggregator | "direct";

/** What an aggregator's fetcher said in its User-Agent. */
export interface AggregatorReport {
  readonly aggregator: Aggregator;
  /** Undefined when it gave no usable count (a feed check, or an absurd number). */
  readonly subscribers: number | undefined;
  /** The aggregator's own id of the feed; "" when it sends none (then it has one per URL). */
  readonly feedId: string;
}

interface Fetcher {
  readonly aggregator: Aggregator;
  readonly identify: RegExp;
  /** Captures the aggregator's id of the feed. */
  readonly feedId?: RegExp;
}

const FETCHERS: readonly Fetcher[] = [
  { aggregator: "Feedly", identify: /^Feedly\/[0-9]/u },
  { aggregator: "Inoreader", identify: /^Inoreader\/[0-9]|[(;]\s*inoreader\.com\s*;/iu },
  {
    aggregator: "NewsBlur",
    identify: /^NewsBlur Feed Fetcher - /u,
    feedId: /\/site\/([0-9]{1,20})\//u,
  },
  {
    aggregator: "Feedbin",
    identify: /^Feedbin feed-id:/u,
    feedId: /^Feedbin feed-id:([0-9]{1,20}) /u,
  },
  {
    aggregator: "The Old Reader",
    identify: /[(;]\s*theoldreader\.com\s*;/iu,
    feedId: /;\s*feed-id=([0-9A-Za-z_-]{1,64})\s*[;)]/u,
  },
  { aggregator: "BazQux", identify: /[(;]\s*BazQux\/[0-9]/u },
  {
    aggregator: "Dreamwidth",
    identify: /^Dreamwidth Studios \(/u,
    feedId: /; for (https?:\/\/[^\s;()]{1,200}); /u,
  },
];

// "42 subscribers", "1 subscriber", "2 readers": the number must stand alone (not the tail of a
// longer one), so the digits are checked for length after the match.
const COUNT = /(?:^|[^0-9A-Za-z])([0-9]+) (?:subscribers?|readers?)\b/iu;
// A billion subscribers on one aggregator is not a real report: such a number is ignored.
const MAX_DIGITS = 9;
// Only the start of a User-Agent is read: every format above puts its count within it.
const MAX_USER_AGENT_READ = 1024;

/**
 * What a known aggregator's fetcher reported, or undefined for any other User-Agent (a reader
 * that polls for itself).
 */
export function parseAggregatorUserAgent(userAgent: string): AggregatorReport | undefined {
  const text = userAgent.slice(0, MAX_USER_AGENT_READ);
  const fetcher = FETCHERS.find(({ identify }) => identify.test(text));
  if (fetcher === undefined) return undefined;
  const digits = COUNT.exec(text)?.[1];
  const subscribers =
    digits !== undefined && digits.length <= MAX_DIGITS ? Number(digits) : undefined;
  const feedId = fetcher.feedId?.exec(text)?.[1] ?? "";
  return { aggregator: fetcher.aggregator, subscribers, feedId };
}

/**
 * Whether a request is a reader polling a feed it can subscribe to: the subscription feed or a
 * credit's feed, answered with the feed (200) or "not modified" (304). Archive pages are fetched
 * once for history, never subscribed to; a 404 names no feed, so it never makes a label.
 */
export function isSubscriptionPoll(path: string, status: number): boolean {
  return (status === 200 || status === 304) && isSubscriptionFeedPath(path);
}

/** Fixed capacities and windows of a SubscriberCounter. */
export interface SubscriberLimits {
  /** Aggregator reports kept: one per feed, aggregator and feed id. */
  readonly maxReports: number;
  /** Feed ids of one aggregator summed for one feed; more are left out (newest kept). */
  readonly maxFeedIdsPerAggregator: number;
  /** Direct (feed, address, User-Agent) pairs kept. */
  readonly maxDirectPairs: number;
  /** How long a direct pair counts after its last poll. */
  readonly directWindowMs: number;
  /** How long an aggregator's report counts after its last poll. */
  readonly reportTtlMs: number;
}

const HOUR_MS = 3_600_000;

export const DEFAULT_SUBSCRIBER_LIMITS: SubscriberLimits = {
  maxReports: 10_000,
  // Publishers see one aggregator poll a feed under a few ids (Feedbin: three in one log).
  maxFeedIdsPerAggregator: 32,
  // About 100 bytes each: a few MiB at most, however many clients there are.
  maxDirectPairs: 50_000,
  directWindowMs: 24 * HOUR_MS,
  // Aggregators poll even a quiet feed at least daily (Inoreader's fetcher page: "only once per
  // day" for feeds without news for a month); three days keeps a report through a slow spell.
  reportTtlMs: 72 * HOUR_MS,
};

/** A reader polling a feed on its own: the feed, its last poll and when the table last moved it. */
interface DirectReader {
  readonly feed: string;
  at: number;
  readonly movedAt: number;
}

// Distinct User-Agents whose parse is remembered; a few dozen readers poll a typical site.
const USER_AGENT_MEMORY = 1_024;
const REORDER_AFTER_MS = 60_000;

/** One value of `feed_subscribers`. */
export interface SubscriberCount {
  readonly feed: string;
  readonly source: SubscriberSource;
  readonly subscribers: number;
}

interface Report {
  readonly feed: string;
  readonly aggregator: Aggregator;
  readonly subscribers: number;
  readonly at: number;
}

/**
 * The subscribers of each feed, from the polls it is told about. Pure: the caller passes the
 * clock. Memory is bounded by SubscriberLimits whatever clients send.
 */
export class SubscriberCounter {
  readonly #limits: SubscriberLimits;
  /** Key: feed, aggregator and feed id. */
  readonly #reports: LruCache<string, Report>;
  /** Key: a hash of feed, address and User-Agent; value: the feed and the last poll. */
  readonly #direct: LruCache<number, DirectReader>;
  /** What each recent User-Agent said (null: no aggregator): a reader polls with the same one. */
  readonly #userAgents = new BoundedMemo<string, AggregatorReport | null>(USER_AGENT_MEMORY);

  constructor(limits: SubscriberLimits = DEFAULT_SUBSCRIBER_LIMITS) {
    this.#limits = limits;
    this.#reports = new LruCache(limits.maxReports);
    this.#direct = new LruCache(limits.maxDirectPairs);
  }

  /** Counts one answered request; anything but a subscription poll is ignored. */
  record(path: string, status: number, client: string, userAgent: string, now: number): void {
    if (!isSubscriptionPoll(path, status)) return;
    let report = this.#userAgents.get(userAgent);
    if (report === undefined) {
      report = this.#userAgents.remember(userAgent, parseAggregatorUserAgent(userAgent) ?? null);
    }
    if (report === null) {
      const key = hash53(`${path}\n${client}\n${userAgent.slice(0, MAX_USER_AGENT_READ)}`);
      // A reader polling again within a minute only moves its time: moving it to the recent
      // end of the table as well costs the poll's hot path more than the 304 itself does.
      const known = this.#direct.peek(key);
      if (known !== undefined && now - known.movedAt < REORDER_AFTER_MS) {
        known.at = now;
        return;
      }
      this.#direct.set(key, { feed: path, at: now, movedAt: now });
      return;
    }
    // A known aggregator without a count is checking the feed, not subscribing anyone.
    if (report.subscribers === undefined) return;
    this.#reports.set(`${path}\n${report.aggregator}\n${report.feedId}`, {
      feed: path,
      aggregator: report.aggregator,
      subscribers: report.subscribers,
      at: now,
    });
  }

  /**
   * The subscribers of every feed with any, by source, sorted by feed then source. Forgets
   * reports and pairs that have expired.
   */
  counts(now: number): SubscriberCount[] {
    const totals = new Map<string, Map<SubscriberSource, number>>();
    const add = (feed: string, source: SubscriberSource, subscribers: number) => {
      let bySource = totals.get(feed);
      if (bySource === undefined) {
        bySource = new Map();
        totals.set(feed, bySource);
      }
      bySource.set(source, (bySource.get(source) ?? 0) + subscribers);
    };
    // Least recently seen first: the newest ids of an aggregator are the last of its group.
    const reportsByGroup = new Map<string, Report[]>();
    for (const [key, report] of this.#reports.entries()) {
      if (now - report.at > this.#limits.reportTtlMs) {
        this.#reports.delete(key);
        continue;
      }
      const group = `${report.feed}\n${report.aggregator}`;
      const reports = reportsByGroup.get(group) ?? [];
      reports.push(report);
      reportsByGroup.set(group, reports);
    }
    for (const reports of reportsByGroup.values()) {
      for (const report of reports.slice(-this.#limits.maxFeedIdsPerAggregator)) {
        add(report.feed, report.aggregator, report.subscribers);
      }
    }
    for (const [key, pair] of this.#direct.entries()) {
      if (now - pair.at > this.#limits.directWindowMs) this.#direct.delete(key);
      else add(pair.feed, "direct", 1);
    }
    const counts: SubscriberCount[] = [];
    for (const [feed, bySource] of totals) {
      for (const [source, subscribers] of bySource) counts.push({ feed, source, subscribers });
    }
    return counts.sort((a, b) =>
      a.feed === b.feed ? compare(a.source, b.source) : compare(a.feed, b.feed),
    );
  }

  /** All subscribers of all feeds: the sum of counts(now). */
  total(now: number): number {
    return this.counts(now).reduce((sum, { subscribers }) => sum + subscribers, 0);
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * cyrb53 (public domain): a 53-bit string hash. A reader is remembered by this number instead of
 * its address and User-Agent, so a long User-Agent costs no memory and none is kept verbatim.
 */
function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
