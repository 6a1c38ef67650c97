import { mib, number, seconds, table } from "./format.ts";
import {
  compareLoad,
  type LoadComparison,
  othersPercentOf,
  SERVERS,
  type ServerFigures,
} from "./load-summary.ts";
import type { LoadSection, ReloadResult, RequestMode, StartupRow, TargetCheck } from "./results.ts";
import { judgeAtMost, type Spread, spreadOf, verdictText } from "./spread.ts";

/**
 * The issue's limits on this server's CPU per request over the bare node:http server's: a GET
 * within 1.15×, a 304 within 1.3×. A gzip GET has none (the bare server sends our gzip bytes).
 */
export const CPU_LIMITS_VS_BARE: Readonly<Partial<Record<RequestMode, number>>> = {
  plain: 1.15,
  conditional: 1.3,
};

const REQUEST_NAMES: Readonly<Record<RequestMode, string>> = {
  plain: "GET",
  gzip: "GET gzip",
  conditional: "If-None-Match",
};

/** `54.3 (52.1–58.0)`: a median and its range. */
export function spreadCell(spread: Spread | undefined, digits: number): string {
  if (spread === undefined) return "–";
  const range =
    spread.count < 2 ? "" : ` (${number(spread.min, digits)}–${number(spread.max, digits)})`;
  return `${number(spread.median, digits)}${range}`;
}

/** `1.08× (1.05–1.10×)`: the median of turn-by-turn ratios and their range. */
export function ratioCell(ratios: readonly number[]): string {
  const spread = spreadOf(ratios);
  if (spread === undefined) return "–";
  const range = spread.count < 2 ? "" : ` (${spread.min.toFixed(2)}–${spread.max.toFixed(2)}×)`;
  return `${spread.median.toFixed(2)}×${range}`;
}

/** The verdict on this server's CPU over bare node:http's for one path and request. */
export function verdictCell(comparison: LoadComparison): string {
  const limit = CPU_LIMITS_VS_BARE[comparison.mode];
  if (limit === undefined || comparison.cpuVsBare.length === 0) return "–";
  const others = othersPercentOf(comparison, ["node", "bare"]);
  return verdictText(judgeAtMost(comparison.cpuVsBare, limit, others));
}

const figure = (
  comparison: LoadComparison,
  pick: (figures: ServerFigures) => Spread,
  digits: number,
) => SERVERS.map((server) => spreadCell(mapOr(comparison.servers[server], pick), digits));

function mapOr<T, U>(value: T | undefined, map: (value: T) => U): U | undefined {
  return value === undefined ? undefined : map(value);
}

/**
 * The load table: per path and request, this server, bare node:http and nginx side by side, each
 * figure the median of the turns with their range, the ratios taken turn by turn, and the verdict
 * on the issue's limit (refused when the ratios spread wider than the gap to the limit).
 */
export function loadTable(load: LoadSection): string {
  const rows = compareLoad(load.rows).map((comparison) => {
    const node = comparison.servers.node;
    const all = SERVERS.flatMap((server) => {
      const figures = comparison.servers[server];
      return figures === undefined ? [] : [figures];
    });
    const errors = all.reduce((sum, figures) => sum + figures.errors, 0);
    return [
      comparison.path,
      REQUEST_NAMES[comparison.mode],
      node === undefined
        ? "–"
        : `${node.status}${node.contentEncoding === "identity" ? "" : ` ${node.contentEncoding}`}`,
      node === undefined ? "–" : number(node.bodyBytes),
      ...figure(comparison, (figures) => figures.cpuMicrosPerRequest, 1),
      ratioCell(comparison.cpuVsBare),
      ratioCell(comparison.cpuVsNginx),
      verdictCell(comparison),
      ...figure(comparison, (figures) => figures.requestsPerSecond, 0),
      spreadCell(node?.p99Ms, 2),
      `${number(Math.max(0, ...all.map((figures) => figures.otherLoadCore0Percent)))} %`,
      `${number(Math.max(0, ...all.map((figures) => figures.otherLoadCore1Percent)))} %`,
      number(errors),
    ];
  });
  return table(
    [
      "document",
      "request",
      "status",
      "body bytes",
      "CPU µs/req: this server",
      "bare node:http",
      "nginx",
      "CPU ÷ bare",
      "CPU ÷ nginx",
      "CPU vs bare: verdict",
      "req/s: this server",
      "bare node:http",
      "nginx",
      "p99 ms (this server)",
      "others' load, core 0 (max)",
      "core 1 (max)",
      "errors",
    ],
    rows,
  );
}

/**
 * The start-up table: time to the first feed byte and memory per corpus size, cold (empty
 * CACHE_DIR) and warm (a restart on the cache the cold start left).
 */
export function startupTable(startup: readonly StartupRow[]): string {
  const baselineOf = (row: StartupRow) =>
    startup.find((candidate) => candidate.articles === 1 && candidate.start === row.start);
  return table(
    [
      "articles",
      "start",
      "seeds",
      "first /feed.xml byte",
      "runs",
      "added vs 1 article",
      "listening after",
      "server's load time",
      "peak RSS",
      "RSS after start",
      "others on cores 0+1",
    ],
    startup.map((row) => {
      const baseline = baselineOf(row);
      return [
        number(row.articles),
        row.start,
        mib(row.corpusBytes),
        seconds(row.firstByteMs),
        row.firstByteRunsMs.map((ms) => number(ms / 1000, 2)).join(", "),
        baseline === undefined || row === baseline
          ? ""
          : seconds(row.firstByteMs - baseline.firstByteMs),
        row.listeningMs === undefined ? "?" : seconds(row.listeningMs),
        row.loadMs === undefined ? "?" : seconds(row.loadMs),
        mib(row.peakRssBytes),
        mib(row.rssBytes),
        `${number(row.otherLoadPercent)} %`,
      ];
    }),
  );
}

export function reloadTable(reload: ReloadResult): string {
  const unchanged = reload.untouched.filter(({ before, after }) => before === after).length;
  return table(
    [
      "articles",
      "edited seed",
      "write → server logs `updated`",
      "write → new /feed.xml",
      "untouched archive pages, ETag unchanged",
    ],
    [
      [
        number(reload.articles),
        reload.file,
        reload.msToUpdatedLog === undefined ? "not seen" : `${number(reload.msToUpdatedLog)} ms`,
        reload.msToNewFeed === undefined ? "not seen" : `${number(reload.msToNewFeed)} ms`,
        `${unchanged} of ${reload.untouched.length} (${reload.untouched.map(({ path }) => path).join(", ")})`,
      ],
    ],
  );
}

export function targetTable(targets: readonly TargetCheck[]): string {
  return table(
    ["target", "measured", "met"],
    targets.map(({ target, measured, isMet }) => [
      target,
      measured,
      isMet === undefined ? "not measured" : isMet ? "yes" : "**no**",
    ]),
  );
}
