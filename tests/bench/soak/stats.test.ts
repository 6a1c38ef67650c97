import { describe, expect, it } from "vitest";
import { counts, latencySummary, ms, percentile, Stats } from "../../../bench/soak/stats.ts";

describe("Stats", () => {
  it("counts statuses and sorts latencies by kind", () => {
    const stats = new Stats(10);
    stats.record("feed", "200", 30);
    stats.record("article", "404", 5);
    stats.record("feed", "304", 10);
    expect(stats.count).toBe(3);
    expect(stats.byStatus).toEqual(
      new Map([
        ["200", 1],
        ["404", 1],
        ["304", 1],
      ]),
    );
    expect([...stats.sortedLatencies("feed")]).toEqual([10, 30]);
    expect([...stats.sortedLatencies()]).toEqual([5, 10, 30]);
  });

  it("keeps counting past its capacity but keeps only the first latencies", () => {
    const stats = new Stats(2);
    for (const latency of [3, 1, 2]) stats.record("feed", "200", latency);
    expect(stats.count).toBe(3);
    expect([...stats.sortedLatencies()]).toEqual([1, 3]);
  });

  it("has no latencies for a kind it never saw", () => {
    const stats = new Stats(4);
    stats.record("feed", "200", 1);
    expect(stats.sortedLatencies("head")).toHaveLength(0);
  });
});

describe("percentile", () => {
  const sorted = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

  it.each([
    [0.5, 5],
    [0.9, 9],
    [0.99, 10],
    [1, 10],
  ])("at %d of 1 … 10 is %d (nearest rank)", (fraction, value) => {
    expect(percentile(sorted, fraction)).toBe(value);
  });

  it("is NaN for no values", () => {
    expect(percentile(new Float64Array(), 0.5)).toBeNaN();
  });
});

describe("latencySummary", () => {
  it("states p50, p90, p99 and the maximum", () => {
    expect(latencySummary(Float64Array.from([1, 2, 50]))).toBe(
      "p50 2.00 ms, p90 50.0 ms, p99 50.0 ms, max 50.0 ms",
    );
  });
});

describe("ms", () => {
  it.each([
    [9.994, "9.99 ms"],
    [10, "10.0 ms"],
    [123.45, "123.5 ms"],
  ])("writes %d as %s", (value, written) => {
    expect(ms(value)).toBe(written);
  });
});

describe("counts", () => {
  it("lists each key with its count, sorted by key", () => {
    expect(
      counts(
        new Map([
          ["404", 2],
          ["200", 10],
          ["network error", 1],
        ]),
      ),
    ).toBe("200: 10, 404: 2, network error: 1");
  });
});
