import { mib, number, ratio, seconds, table } from "./format.ts";
import type { LoadRow, LoadSection, ReloadResult, StartupRow, TargetCheck } from "./results.ts";

/** The nginx row that a Node row is compared with. */
export function nginxRowFor(rows: readonly LoadRow[], row: LoadRow): LoadRow | undefined {
  return rows.find(
    (candidate) =>
      candidate.server === "nginx" && candidate.path === row.path && candidate.mode === row.mode,
  );
}

/** The load table: one row per server, path and request, with Node's ratios to nginx. */
export function loadTable(load: LoadSection): string {
  const rows = load.rows.map((row) => {
    const reference = row.server === "node" ? nginxRowFor(load.rows, row) : undefined;
    return [
      row.path,
      row.mode === "conditional" ? "If-None-Match" : row.mode === "gzip" ? "gzip" : "plain",
      row.server,
      `${row.status}${row.contentEncoding === "identity" ? "" : ` ${row.contentEncoding}`}`,
      number(row.bodyBytes),
      number(row.requestsPerSecond),
      number(row.p50Ms, 2),
      number(row.p99Ms, 2),
      number(row.cpuMicrosPerRequest, 1),
      reference === undefined ? "" : ratio(row.requestsPerSecond / reference.requestsPerSecond),
      reference === undefined ? "" : ratio(row.cpuMicrosPerRequest / reference.cpuMicrosPerRequest),
      `${number(row.otherLoadCore0Percent)} %`,
      `${number(row.otherLoadCore1Percent)} %`,
    ];
  });
  return table(
    [
      "document",
      "request",
      "server",
      "status",
      "body bytes",
      "req/s",
      "p50 ms",
      "p99 ms",
      "CPU µs/req",
      "req/s ÷ nginx",
      "CPU ÷ nginx",
      "others on core 0",
      "others on core 1",
    ],
    rows,
  );
}

/** The start-up table: time to the first feed byte and memory per corpus size. */
export function startupTable(startup: readonly StartupRow[]): string {
  const baseline = startup.find((row) => row.articles === 1);
  return table(
    [
      "articles",
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
    startup.map((row) => [
      number(row.articles),
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
    ]),
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
