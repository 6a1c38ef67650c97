import { describe, expect, it } from "vitest";
import { SubscriberCounter } from "../../../src/http/subscribers.ts";
import { createMetrics, kindOf } from "../../../src/runtime/node/metrics.ts";
import type { Site } from "../../../src/site/site.ts";

const NOW = Date.parse("2026-01-10T12:00:00Z");

function makeMetrics(subscribers = new SubscriberCounter()) {
  // Only what the gauges read of a site.
  const site = { articles: [{}, {}, {}], problems: [{}] } as unknown as Site;
  return createMetrics({ site: () => site, subscribers, now: () => NOW });
}

/** The samples of an exposition: `name{labels}` → value. */
function samples(text: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const space = line.lastIndexOf(" ");
    found.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return found;
}

// The text format: a metric name, optional labels with escaped values, one number (Prometheus
// reads it with Go's ParseFloat, so NaN in any case: prom-client writes "Nan").
const SAMPLE_LINE =
  /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\["\\n])*"(,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\["\\n])*")*\})? (-?[0-9.]+(e[+-]?[0-9]+)?|[+-]Inf|NaN|Nan)$/u;

describe("kindOf", () => {
  it.each([
    ["/", "home"],
    ["/page/2", "index"],
    ["/feed.xml", "feed"],
    ["/archive/3/atom.xml", "archive"],
    ["/credits/dpa/feed.json", "credit"],
    ["/articles/2025/12/a", "article"],
    ["/style.css", "stylesheet"],
    ["/healthz", "health"],
    ["/metrics", "metrics"],
    ["/wp-login.php", "other"],
    [`/${"x".repeat(5000)}`, "other"],
  ])("%s is %s", (path, kind) => {
    expect(kindOf(path)).toBe(kind);
  });
});

describe("createMetrics", () => {
  it("counts requests by route kind and status, and body bytes by kind", async () => {
    const metrics = makeMetrics();
    metrics.observeRequest("/feed.xml", 200, 1000);
    metrics.observeRequest("/feed.xml", 304, 0);
    metrics.observeRequest("/feed.xml", 304, 0);
    metrics.observeRequest("/credits/dpa/feed.xml", 200, 500);
    metrics.observeRequest("/nope", 404, 11);
    const values = samples(await metrics.render());
    expect(values.get('feed_publisher_http_requests_total{kind="feed",status="200"}')).toBe(1);
    expect(values.get('feed_publisher_http_requests_total{kind="feed",status="304"}')).toBe(2);
    expect(values.get('feed_publisher_http_requests_total{kind="credit",status="200"}')).toBe(1);
    expect(values.get('feed_publisher_http_requests_total{kind="other",status="404"}')).toBe(1);
    expect(values.get('feed_publisher_http_response_bytes_total{kind="feed"}')).toBe(1000);
    expect(values.get('feed_publisher_http_response_bytes_total{kind="credit"}')).toBe(500);
    // Two 304s of four feed answers.
    expect(values.get("feed_publisher_feed_not_modified_ratio")).toBe(0.5);
  });

  it("reports the articles and problems of the site being served", async () => {
    const values = samples(await makeMetrics().render());
    expect(values.get("feed_publisher_articles")).toBe(3);
    expect(values.get("feed_publisher_problems")).toBe(1);
  });

  it("counts reloads and their duration by outcome", async () => {
    const metrics = makeMetrics();
    metrics.observeReload("changed", 0.02);
    metrics.observeReload("unchanged", 0.001);
    metrics.observeReload("changed", 0.3);
    const values = samples(await metrics.render());
    expect(values.get('feed_publisher_reloads_total{outcome="changed"}')).toBe(2);
    expect(values.get('feed_publisher_reloads_total{outcome="unchanged"}')).toBe(1);
    expect(values.get('feed_publisher_reload_duration_seconds_count{outcome="changed"}')).toBe(2);
    expect(values.get('feed_publisher_reload_duration_seconds_sum{outcome="changed"}')).toBeCloseTo(
      0.32,
    );
  });

  it("has Node's default process metrics", async () => {
    const text = await makeMetrics().render();
    expect(text).toContain("process_cpu_seconds_total");
    expect(text).toContain("nodejs_heap_size_used_bytes");
    expect(text).toContain("process_start_time_seconds");
  });

  it("exposes subscribers per feed and source", async () => {
    const subscribers = new SubscriberCounter();
    subscribers.record(
      "/feed.xml",
      200,
      "192.0.2.1",
      "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 42 subscribers; like FeedFetcher-Google)",
      NOW,
    );
    subscribers.record("/feed.xml", 304, "198.51.100.7", "Newsboat/2.30", NOW);
    const values = samples(await makeMetrics(subscribers).render());
    expect(values.get('feed_subscribers{feed="/feed.xml",source="Feedly"}')).toBe(42);
    expect(values.get('feed_subscribers{feed="/feed.xml",source="direct"}')).toBe(1);
  });

  it("stays valid text format whatever a client sends", async () => {
    const subscribers = new SubscriberCounter();
    // The app only answers 200 for real credit slugs; the format must hold even if it did not.
    const path = '/credits/x"}\n# TYPE evil counter\nevil{a="/feed.xml';
    subscribers.record(path, 200, "203.0.113.9", 'Evil"} 1\n\\', NOW);
    subscribers.record(
      "/feed.xml",
      200,
      "203.0.113.9",
      "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 99999999999999999999 subscribers)",
      NOW,
    );
    const metrics = makeMetrics(subscribers);
    metrics.observeRequest(path, 200, 1);
    const text = await metrics.render();
    for (const line of text.split("\n")) {
      if (line === "" || line.startsWith("# HELP ") || line.startsWith("# TYPE ")) continue;
      expect(line).toMatch(SAMPLE_LINE);
    }
    expect(text).not.toMatch(/^evil/mu);
  });
});
