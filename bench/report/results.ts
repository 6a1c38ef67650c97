/** The figures of one `npm run bench`, as bench/results.json stores them. */
export interface BenchResults {
  readonly createdAt: string;
  readonly isQuick: boolean;
  readonly machine: {
    readonly cpu: string;
    readonly cpuCount: number;
    readonly kernel: string;
    readonly node: string;
    readonly nginx: string;
    readonly wrk: string;
    readonly wrangler?: string;
    readonly clockTicksPerSecond: number;
  };
  /** The commit measured, and whether src/ had uncommitted changes. */
  readonly code: { readonly commit: string; readonly isSrcChanged: boolean };
  /** Share of all cores busy in the second before the run started. */
  readonly busyBeforePercent: number;
  readonly load: LoadSection | undefined;
  readonly startup: readonly StartupRow[];
  readonly reload: ReloadResult | undefined;
  /** Issue 11: workerd CPU per route kind on a fresh wrangler dev, and the built site's size. */
  readonly edge?: EdgeSection;
  /** Issue 11: `feed-publisher export` timed per corpus size, cold and warm cache. */
  readonly staticExport?: readonly ExportRow[];
  readonly targets: readonly TargetCheck[];
  /** What was skipped and why, and how the numbers were taken. */
  readonly notes: readonly string[];
}

export type RequestMode = "plain" | "gzip" | "conditional";
/**
 * `node` is this server; `bare` a few lines of node:http sending the bytes and headers this server
 * sent (the Node floor); `nginx` serves the same bytes as static files.
 */
export type ServerName = "node" | "bare" | "nginx";

export interface LoadSection {
  readonly articles: number;
  readonly wrk: {
    readonly threads: number;
    readonly connections: number;
    readonly seconds: number;
  };
  /** How often each server, path and request was measured, in turns across the servers. */
  readonly repetitions: number;
  /** One row per wrk run. */
  readonly rows: readonly LoadRow[];
}

/** One wrk run against one server. */
export interface LoadRow {
  readonly path: string;
  readonly mode: RequestMode;
  readonly server: ServerName;
  /** Which turn (from 1): rows of the same turn were measured one right after the other. */
  readonly repetition: number;
  /** What one request with these headers got before the run: status, coding and body size. */
  readonly status: number;
  readonly contentEncoding: string;
  readonly bodyBytes: number;
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly cpuMicrosPerRequest: number;
  readonly non2xx3xx: number;
  readonly socketErrors: number;
  /**
   * Share of core 0 that other processes used during the run (core 0's busy time minus the
   * server's): how far the figures are from a quiet machine.
   */
  readonly otherLoadCore0Percent: number;
  /** The same for core 1, wrk's core (its busy time minus wrk's). */
  readonly otherLoadCore1Percent: number;
  readonly wrkOutput: string;
}

/**
 * How a start found the cache: `cold` with an empty CACHE_DIR (a first start: every seed read
 * and parsed, the cache written), `warm` with the cache the cold start left (a restart).
 */
export type StartKind = "cold" | "warm";

export interface StartupRow {
  readonly articles: number;
  readonly start: StartKind;
  readonly corpusBytes: number;
  /** Median of the runs: spawn to the first 200 response headers of /feed.xml. */
  readonly firstByteMs: number;
  readonly firstByteRunsMs: readonly number[];
  /** Median of the runs: spawn to the server's "serving … on" line (listening). */
  readonly listeningMs: number | undefined;
  /** What the server logged as its own load time (`published N, skipped M (T ms)`). */
  readonly loadMs: number | undefined;
  readonly published: number | undefined;
  readonly skipped: number | undefined;
  /** VmHWM and VmRSS right after the first /feed.xml, largest of the runs. */
  readonly peakRssBytes: number;
  readonly rssBytes: number;
  /** Share of both cores that other processes took during the start (largest of the runs). */
  readonly otherLoadPercent: number;
}

export interface ReloadResult {
  readonly articles: number;
  readonly file: string;
  /** From the rename of the edited seed into place to the first /feed.xml with its new title. */
  readonly msToNewFeed: number | undefined;
  /** From the rename to the server's `updated FILE` log line (it has re-read the seed). */
  readonly msToUpdatedLog: number | undefined;
  readonly debounceMs: number;
  readonly untouched: ReadonlyArray<{
    readonly path: string;
    readonly before: string;
    readonly after: string;
  }>;
  /** What the server logged after the write. */
  readonly serverLog: readonly string[];
}

export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  /** undefined: not measured in this run. */
  readonly isMet: boolean | undefined;
}

export interface EdgeSection {
  /** Fresh wrangler dev starts per size and route kind. */
  readonly runs: number;
  /** Requests after the cold one on each start. */
  readonly warmRequests: number;
  readonly sizes: readonly EdgeSizeRow[];
}

/** One corpus size: its built site and the CPU of each route kind. */
export interface EdgeSizeRow {
  readonly articles: number;
  /** How the article pages are kept: `files`, or `N shards` the Worker reads. */
  readonly articlePages: string;
  readonly assetFiles: number;
  readonly assetBytes: number;
  readonly scriptBytes: number;
  readonly scriptGzipBytes: number;
  readonly buildMs: number;
  readonly buildLine: string | undefined;
  readonly kinds: readonly EdgeKindRow[];
}

export interface EdgeKindRow {
  readonly kind: string;
  readonly path: string;
  readonly status: number;
  readonly bodyBytes: number;
  /** The first request's CPU on each fresh start, in ms. */
  readonly coldMs: readonly number[];
  /** The median of each start's warm requests, in ms. */
  readonly warmMs: readonly number[];
}

export interface ExportRow {
  readonly articles: number;
  /** cold: an empty CACHE_DIR; warm: the cache the cold run left. */
  readonly start: StartKind;
  /** Wall time of each run, in the order they ran (each cold run on a cache of its own). */
  readonly wallMs: readonly number[];
  readonly files: number;
}
