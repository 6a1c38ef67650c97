import type {
  BenchResults,
  LoadRow,
  LoadSection,
  ReloadResult,
  RequestMode,
  ServerName,
  StartupRow,
} from "../../../bench/report/results.ts";

/** One wrk run of `server` on /feed.xml in turn 1; `overrides` change single fields. */
export function makeRow(
  server: ServerName,
  mode: RequestMode,
  overrides: Partial<LoadRow> = {},
): LoadRow {
  return {
    path: "/feed.xml",
    mode,
    server,
    repetition: 1,
    status: mode === "conditional" ? 304 : 200,
    contentEncoding: mode === "gzip" ? "gzip" : "identity",
    bodyBytes: mode === "conditional" ? 0 : 150_000,
    requests: 100_000,
    requestsPerSecond: 10_000,
    p50Ms: 1,
    p99Ms: 5,
    cpuMicrosPerRequest: 50,
    non2xx3xx: 0,
    socketErrors: 0,
    otherLoadCore0Percent: 0,
    otherLoadCore1Percent: 0,
    wrkOutput: "",
    ...overrides,
  };
}

/**
 * A load section of /feed.xml in every mode, three turns: this server at 100, 104 and 108 µs per
 * request, bare node:http at 80 and nginx at 50 µs in every turn (nginx without gzip).
 */
export function makeLoad(rows?: readonly LoadRow[]): LoadSection {
  return {
    articles: 1000,
    wrk: { threads: 1, connections: 50, seconds: 10 },
    repetitions: 3,
    rows:
      rows ??
      (["plain", "gzip", "conditional"] as const).flatMap((mode) =>
        [1, 2, 3].flatMap((repetition) => [
          makeRow("node", mode, {
            repetition,
            requestsPerSecond: 5_000,
            cpuMicrosPerRequest: 96 + 4 * repetition,
          }),
          makeRow("bare", mode, { repetition, requestsPerSecond: 8_000, cpuMicrosPerRequest: 80 }),
          ...(mode === "gzip" ? [] : [makeRow("nginx", mode, { repetition })]),
        ]),
      ),
  };
}

/** A start-up row of `articles`; `overrides` change single fields. */
export function makeStartupRow(articles: number, overrides: Partial<StartupRow> = {}): StartupRow {
  return {
    articles,
    start: "cold",
    corpusBytes: articles * 4500,
    firstByteMs: 500 + articles / 10,
    firstByteRunsMs: [500 + articles / 10],
    listeningMs: 450 + articles / 10,
    loadMs: articles / 10,
    published: articles,
    skipped: 0,
    peakRssBytes: (100 + articles / 100) * 1024 * 1024,
    rssBytes: (90 + articles / 100) * 1024 * 1024,
    otherLoadPercent: 0,
    ...overrides,
  };
}

/** A reload on a 100k corpus, new bytes after 400 ms, one archive page untouched. */
export function makeReload(overrides: Partial<ReloadResult> = {}): ReloadResult {
  return {
    articles: 100_000,
    file: "2025/12/000001_a.txt",
    msToNewFeed: 400,
    msToUpdatedLog: 390,
    debounceMs: 250,
    untouched: [{ path: "/archive/1/feed.xml", before: '"a"', after: '"a"' }],
    serverLog: ["updated 2025/12/000001_a.txt"],
    ...overrides,
  };
}

/** The results of a full run with every section; `overrides` replace whole sections. */
export function makeResults(overrides: Partial<BenchResults> = {}): BenchResults {
  return {
    createdAt: "2026-11-25T12:00:00.000Z",
    isQuick: false,
    code: { commit: "0123456789abcdef", isSrcChanged: false },
    busyBeforePercent: 1,
    machine: {
      cpu: "Test CPU <fast> & cheap",
      cpuCount: 2,
      kernel: "6.1",
      node: "v20.20.2",
      nginx: "nginx/1.22.1",
      wrk: "wrk 4.1.0",
      clockTicksPerSecond: 100,
    },
    load: makeLoad(),
    startup: [1, 1000, 100_000].flatMap((articles) => [
      makeStartupRow(articles),
      makeStartupRow(articles, { start: "warm", firstByteMs: 400 + articles / 100 }),
    ]),
    reload: makeReload(),
    targets: [{ target: "GET /feed.xml: CPU ≤ 1.15× bare", measured: "1.38×", isMet: false }],
    notes: [],
    ...overrides,
  };
}
