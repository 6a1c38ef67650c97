import type {
  BenchResults,
  LoadRow,
  LoadSection,
  ReloadResult,
  RequestMode,
  ServerName,
  StartupRow,
} from "../../../bench/report/results.ts";

/** A measured load row of `server` for /feed.xml; `overrides` change single fields. */
export function makeRow(
  server: ServerName,
  mode: RequestMode,
  overrides: Partial<LoadRow> = {},
): LoadRow {
  return {
    path: "/feed.xml",
    mode,
    server,
    status: mode === "conditional" ? 304 : 200,
    contentEncoding: server === "node" && mode === "gzip" ? "gzip" : "identity",
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

/** A load section of /feed.xml in every mode: Node at half nginx's rate and twice its CPU. */
export function makeLoad(rows?: readonly LoadRow[]): LoadSection {
  return {
    articles: 1000,
    wrk: { threads: 1, connections: 50, seconds: 10 },
    rows:
      rows ??
      (["plain", "gzip", "conditional"] as const).flatMap((mode) => [
        makeRow("node", mode, { requestsPerSecond: 5_000, cpuMicrosPerRequest: 100 }),
        makeRow("nginx", mode),
      ]),
  };
}

/** A start-up row of `articles`; `overrides` change single fields. */
export function makeStartupRow(articles: number, overrides: Partial<StartupRow> = {}): StartupRow {
  return {
    articles,
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
    startup: [1, 1000, 100_000].map((articles) => makeStartupRow(articles)),
    reload: makeReload(),
    targets: [{ target: "GET /feed.xml: req/s ≥ 0.85× nginx", measured: "0.50×", isMet: false }],
    notes: [],
    ...overrides,
  };
}
