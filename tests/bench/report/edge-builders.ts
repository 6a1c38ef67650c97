import type { EdgeKindRow, EdgeSizeRow } from "../../../bench/report/results.ts";

/** A route kind measured in three fresh starts; `overrides` change single fields. */
export function makeKindRow(overrides: Partial<EdgeKindRow> = {}): EdgeKindRow {
  return {
    kind: "feed",
    path: "/feed.xml",
    status: 200,
    bodyBytes: 150_000,
    coldMs: [3, 3.2, 3.4],
    warmMs: [0.5, 0.6, 0.7],
    ...overrides,
  };
}

/** A built site of `articles` with one feed kind; `overrides` change single fields. */
export function makeSizeRow(articles: number, overrides: Partial<EdgeSizeRow> = {}): EdgeSizeRow {
  return {
    articles,
    articlePages: "files",
    assetFiles: 1_000,
    assetBytes: 10 * 1024 ** 2,
    scriptBytes: 500_000,
    scriptGzipBytes: 140 * 1024,
    buildMs: 12_300,
    buildLine: undefined,
    kinds: [makeKindRow()],
    ...overrides,
  };
}
