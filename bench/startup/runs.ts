import type { StartKind, StartupRow } from "../report/results.ts";
import { PUBLISHED_LINE } from "../run/node-server.ts";

/** What one start of the server measured, and how several starts make one table row. */

const MIB = 1024 ** 2;

export interface StartupRun {
  readonly firstByteMs: number;
  /** Share of both cores that other processes took during the start. */
  readonly otherLoadPercent: number;
  readonly listeningMs: number | undefined;
  readonly peakRssBytes: number;
  readonly rssBytes: number;
  readonly loadMs: number | undefined;
  readonly published: number | undefined;
  readonly skipped: number | undefined;
}

/** The middle value, or the mean of the two middle ones; 0 for no values. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * One corpus's row of one kind of start: the median times of its runs, the largest memory and noise of any run, and
 * the server's own figures from the last run.
 */
export function summariseRuns(
  corpus: { readonly articles: number; readonly bytes: number },
  start: StartKind,
  runs: readonly StartupRun[],
): StartupRow {
  const last = runs.at(-1);
  return {
    articles: corpus.articles,
    start,
    corpusBytes: corpus.bytes,
    firstByteMs: median(runs.map((run) => run.firstByteMs)),
    firstByteRunsMs: runs.map((run) => run.firstByteMs),
    listeningMs: runs.every((run) => run.listeningMs !== undefined)
      ? median(runs.map((run) => run.listeningMs ?? 0))
      : undefined,
    loadMs: last?.loadMs,
    published: last?.published,
    skipped: last?.skipped,
    peakRssBytes: Math.max(...runs.map((run) => run.peakRssBytes)),
    otherLoadPercent: Math.max(...runs.map((run) => run.otherLoadPercent)),
    rssBytes: Math.max(...runs.map((run) => run.rssBytes)),
  };
}

/** The console line of one start. */
export function startupRunLine(run: StartupRun): string {
  return `    first /feed.xml after ${(run.firstByteMs / 1000).toFixed(2)} s (listening after ${run.listeningMs === undefined ? "?" : (run.listeningMs / 1000).toFixed(2)} s), peak RSS ${(run.peakRssBytes / MIB).toFixed(1)} MiB (server: published ${run.published}, skipped ${run.skipped}, ${run.loadMs} ms); others on cores 0+1 ${run.otherLoadPercent.toFixed(0)} %`;
}

/** The server's load report, `published N, skipped M (T ms)`: its first one among `lines`. */
export function serverLoadFigures(lines: readonly string[]): {
  readonly loadMs: number | undefined;
  readonly published: number | undefined;
  readonly skipped: number | undefined;
} {
  const match = lines.map((line) => PUBLISHED_LINE.exec(line)).find((found) => found !== null);
  return {
    loadMs: match?.[3] === undefined ? undefined : Number(match[3]),
    published: match?.[1] === undefined ? undefined : Number(match[1]),
    skipped: match?.[2] === undefined ? undefined : Number(match[2]),
  };
}
