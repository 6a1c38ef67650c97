import { describe, expect, it } from "vitest";
import {
  median,
  type StartupRun,
  serverLoadFigures,
  startupRunLine,
  summariseRuns,
} from "../../../bench/startup/runs.ts";

function makeRun(overrides: Partial<StartupRun> = {}): StartupRun {
  return {
    firstByteMs: 1000,
    otherLoadPercent: 0,
    listeningMs: 900,
    peakRssBytes: 100 * 1024 * 1024,
    rssBytes: 90 * 1024 * 1024,
    loadMs: 300,
    published: 1000,
    skipped: 0,
    ...overrides,
  };
}

describe("median", () => {
  it.each([
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[7], 7],
    [[], 0],
  ])("of %j is %d", (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});

describe("summariseRuns", () => {
  const corpus = { articles: 1000, bytes: 4_500_000 };

  it("takes the median first byte and keeps every run's time", () => {
    const row = summariseRuns(corpus, "cold", [
      makeRun({ firstByteMs: 1300 }),
      makeRun({ firstByteMs: 1100 }),
      makeRun({ firstByteMs: 5000 }),
    ]);
    expect(row.firstByteMs).toBe(1300);
    expect(row.firstByteRunsMs).toEqual([1300, 1100, 5000]);
  });

  it("takes the largest memory and noise of any run", () => {
    const row = summariseRuns(corpus, "cold", [
      makeRun({ peakRssBytes: 5, rssBytes: 9, otherLoadPercent: 30 }),
      makeRun({ peakRssBytes: 7, rssBytes: 2, otherLoadPercent: 1 }),
    ]);
    expect(row).toMatchObject({ peakRssBytes: 7, rssBytes: 9, otherLoadPercent: 30 });
  });

  it("reports the server's own figures from the last run", () => {
    const row = summariseRuns(corpus, "cold", [
      makeRun({ loadMs: 1 }),
      makeRun({ loadMs: 2, published: 999, skipped: 1 }),
    ]);
    expect(row).toMatchObject({ loadMs: 2, published: 999, skipped: 1 });
  });

  it("leaves the listening time out when one run did not print it", () => {
    const row = summariseRuns(corpus, "cold", [makeRun(), makeRun({ listeningMs: undefined })]);
    expect(row.listeningMs).toBeUndefined();
  });

  it("names the kind of start", () => {
    expect(summariseRuns(corpus, "warm", [makeRun()]).start).toBe("warm");
  });

  it("keeps the fields in the order results.json has always had, the kind of start added", () => {
    expect(Object.keys(summariseRuns(corpus, "cold", [makeRun()]))).toEqual([
      "articles",
      "start",
      "corpusBytes",
      "firstByteMs",
      "firstByteRunsMs",
      "listeningMs",
      "loadMs",
      "published",
      "skipped",
      "peakRssBytes",
      "otherLoadPercent",
      "rssBytes",
    ]);
  });
});

describe("serverLoadFigures", () => {
  it("reads the first load report among the server's lines", () => {
    const lines = [
      "2026-01-01T00:00:00.000Z reading seeds: 500 of 1000",
      "2026-01-01T00:00:01.000Z published 998, skipped 2 (812 ms)",
      "2026-01-01T00:00:09.000Z published 999, skipped 1 (5 ms)",
    ];
    expect(serverLoadFigures(lines)).toEqual({ loadMs: 812, published: 998, skipped: 2 });
  });

  it("gives nothing when the server printed no load report", () => {
    expect(serverLoadFigures(["serving"])).toEqual({
      loadMs: undefined,
      published: undefined,
      skipped: undefined,
    });
  });
});

describe("startupRunLine", () => {
  it("states the times in seconds and the peak memory in MiB", () => {
    expect(startupRunLine(makeRun({ listeningMs: undefined }))).toBe(
      "    first /feed.xml after 1.00 s (listening after ? s), peak RSS 100.0 MiB (server: published 1000, skipped 0, 300 ms); others on cores 0+1 0 %",
    );
  });
});
