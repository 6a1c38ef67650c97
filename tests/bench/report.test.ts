import { describe, expect, it } from "vitest";
import {
  type BenchResults,
  type LoadRow,
  type RequestMode,
  renderChart,
  renderMarkdown,
  type ServerName,
} from "../../bench/report.ts";

function makeRow(server: ServerName, mode: RequestMode, overrides: Partial<LoadRow> = {}): LoadRow {
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

function makeResults(overrides: Partial<BenchResults> = {}): BenchResults {
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
    load: {
      articles: 1000,
      wrk: { threads: 1, connections: 50, seconds: 10 },
      rows: (["plain", "gzip", "conditional"] as const).flatMap((mode) => [
        makeRow("node", mode, { requestsPerSecond: 5_000, cpuMicrosPerRequest: 100 }),
        makeRow("nginx", mode),
      ]),
    },
    startup: [1, 1000, 100_000].map((articles) => ({
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
    })),
    reload: {
      articles: 100_000,
      file: "2025/12/000001_a.txt",
      msToNewFeed: 400,
      msToUpdatedLog: 390,
      debounceMs: 250,
      untouched: [{ path: "/archive/1/feed.xml", before: '"a"', after: '"a"' }],
      serverLog: ["updated 2025/12/000001_a.txt"],
    },
    targets: [{ target: "GET /feed.xml: req/s ≥ 0.85× nginx", measured: "0.50×", isMet: false }],
    notes: [],
    ...overrides,
  };
}

/** The Markdown tables of a document, each as rows of cells. */
function tablesOf(markdown: string): string[][][] {
  const tables: string[][][] = [];
  let current: string[][] | undefined;
  for (const line of markdown.split("\n")) {
    if (line.startsWith("|")) {
      current ??= [];
      current.push(line.slice(1, -1).split(" | "));
    } else if (current !== undefined) {
      tables.push(current);
      current = undefined;
    }
  }
  if (current !== undefined) tables.push(current);
  return tables;
}

describe("renderMarkdown", () => {
  it("gives every table row as many cells as its header", () => {
    const tables = tablesOf(renderMarkdown(makeResults()));
    expect(tables).toHaveLength(4);
    for (const table of tables) {
      const width = table[0]?.length;
      for (const row of table) expect(row).toHaveLength(width ?? 0);
    }
  });

  it("states Node's ratios to nginx", () => {
    const markdown = renderMarkdown(makeResults());
    expect(markdown).toMatch(/\| +0\.50× \| +2\.00× \|/u);
  });

  it("marks a quick run as not for quoting", () => {
    expect(renderMarkdown(makeResults({ isQuick: true }))).toContain("not for quoting");
  });
});

describe("renderChart", () => {
  it("escapes text and closes the SVG", () => {
    const svg = renderChart(makeResults());
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    expect(svg).not.toMatch(/&(?!amp;|lt;|gt;|quot;)/u);
  });

  it("draws one bar per server, path and request", () => {
    // Bars carry a tooltip; the legend's squares do not.
    expect(renderChart(makeResults()).match(/<rect [^>]*><title>/gu)).toHaveLength(12);
  });
});
