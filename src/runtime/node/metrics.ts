import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { SubscriberCounter } from "../../http/subscribers.ts";
import type { Site } from "../../site/site.ts";
import { kindOfPath, paths } from "../../urls.ts";

/**
 * METRICS=on: `GET /metrics` in the Prometheus text format (prom-client), for the Node server.
 * docs/operations.md lists every metric and the queries built on them.
 *
 * A request costs one array lookup and two additions: the counts live in plain typed arrays and
 * are copied into prom-client's metrics only when /metrics is scraped. prom-client's own `inc`
 * with labels hashes the label set into a new string on every call.
 */

/** The route kinds of `feed_publisher_http_requests_total`: urls.ts's kinds plus our own. */
const KINDS = [
  "home",
  "index",
  "stylesheet",
  "feed",
  "archive",
  "credit",
  "article",
  "health",
  "metrics",
  "other",
] as const;

type Kind = (typeof KINDS)[number];

const KIND_INDEX = new Map<string, number>(KINDS.map((kind, index) => [kind, index]));
const OTHER = KINDS.indexOf("other");
// The feeds whose 304s are worth watching: a reader that polls without validators costs a full
// download every time.
const FEED_KINDS = new Set<Kind>(["feed", "archive", "credit"]);

/** The kind of a request path: how its requests are counted (bounded, whatever the path). */
export function kindOf(path: string): Kind {
  if (path === paths.health()) return "health";
  if (path === paths.metrics()) return "metrics";
  const kind = kindOfPath(path);
  return kind === undefined ? "other" : (kind as Kind);
}

export interface ServerMetrics {
  /** Counts one answered request. */
  observeRequest(path: string, status: number, bytes: number): void;
  /** Counts one rescan of the seeds folder and how long it took. */
  observeReload(outcome: "changed" | "unchanged" | "failed", seconds: number): void;
  /** The exposition, for `GET /metrics`. */
  render(): Promise<string>;
  readonly contentType: string;
}

export interface MetricsSources {
  /** The site being served now: its articles and problems. */
  readonly site: () => Site;
  readonly subscribers: SubscriberCounter;
  readonly now: () => number;
}

/** A registry of its own (not prom-client's global one), so each server and test has its own. */
export function createMetrics(sources: MetricsSources): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  // requests[status] → a count per kind; bytes → body bytes per kind.
  const requests = new Map<number, Float64Array>();
  const bytes = new Float64Array(KINDS.length);

  new Counter({
    name: "feed_publisher_http_requests_total",
    help: "Requests answered, by route kind and status.",
    labelNames: ["kind", "status"] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [status, counts] of requests) {
        counts.forEach((count, index) => {
          if (count > 0) this.inc({ kind: KINDS[index] ?? "other", status: String(status) }, count);
        });
      }
    },
  });
  new Counter({
    name: "feed_publisher_http_response_bytes_total",
    help: "Body bytes sent (after compression), by route kind; HEAD, 204 and 304 send none.",
    labelNames: ["kind"] as const,
    registers: [registry],
    collect() {
      this.reset();
      bytes.forEach((count, index) => {
        if (count > 0) this.inc({ kind: KINDS[index] ?? "other" }, count);
      });
    },
  });
  new Gauge({
    name: "feed_publisher_feed_not_modified_ratio",
    help: "Share of feed requests (feed, archive, credit) answered 304 rather than 200, since start.",
    registers: [registry],
    collect() {
      let notModified = 0;
      let full = 0;
      for (const [status, counts] of requests) {
        for (const kind of FEED_KINDS) {
          const count = counts[KIND_INDEX.get(kind) ?? OTHER] ?? 0;
          if (status === 304) notModified += count;
          else if (status === 200) full += count;
        }
      }
      this.set(notModified + full === 0 ? 0 : notModified / (notModified + full));
    },
  });

  const reloads = new Counter({
    name: "feed_publisher_reloads_total",
    help: "Rescans of the seeds folder, by outcome (changed, unchanged, failed).",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });
  const reloadSeconds = new Histogram({
    name: "feed_publisher_reload_duration_seconds",
    help: "How long a rescan of the seeds folder took.",
    labelNames: ["outcome"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });

  new Gauge({
    name: "feed_publisher_articles",
    help: "Articles published now.",
    registers: [registry],
    collect() {
      this.set(sources.site().articles.length);
    },
  });
  new Gauge({
    name: "feed_publisher_problems",
    help: "Seeds that cannot be published now (each is logged with its file and reason).",
    registers: [registry],
    collect() {
      this.set(sources.site().problems.length);
    },
  });
  new Gauge({
    name: "feed_subscribers",
    help:
      "Subscribers of a feed: the latest count each aggregator reported in its User-Agent, and " +
      "direct = distinct address and User-Agent pairs that polled it in the last 24 h.",
    labelNames: ["feed", "source"] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const { feed, source, subscribers } of sources.subscribers.counts(sources.now())) {
        this.set({ feed, source }, subscribers);
      }
    },
  });

  return {
    observeRequest(path, status, sent) {
      const index = KIND_INDEX.get(kindOf(path)) ?? OTHER;
      let counts = requests.get(status);
      if (counts === undefined) {
        counts = new Float64Array(KINDS.length);
        requests.set(status, counts);
      }
      counts[index] = (counts[index] ?? 0) + 1;
      bytes[index] = (bytes[index] ?? 0) + sent;
    },
    observeReload(outcome, seconds) {
      reloads.inc({ outcome });
      reloadSeconds.observe({ outcome }, seconds);
    },
    render: () => registry.metrics(),
    contentType: registry.contentType,
  };
}
