import type { LoadRow, RequestMode } from "../report/results.ts";

/** What each kind of request sends, and how one measured row reads on the console. */

/** The headers of a request of `mode` (`etag` is the representation's, for If-None-Match). */
export function requestHeaders(mode: RequestMode, etag: string): Record<string, string> {
  if (mode === "gzip") return { "Accept-Encoding": "gzip" };
  if (mode === "conditional") return { "If-None-Match": etag };
  return {};
}

/** One console line of a measured row, with wrk's errors when there were any. */
export function loadRowLine(row: LoadRow): string {
  const problems =
    row.non2xx3xx + row.socketErrors > 0
      ? ` (${row.non2xx3xx} non-2xx/3xx, ${row.socketErrors} socket errors)`
      : "";
  return `  ${row.server.padEnd(5)} ${row.path.padEnd(10)} ${row.mode.padEnd(11)} turn ${row.repetition} ${row.status} ${Math.round(
    row.requestsPerSecond,
  )
    .toString()
    .padStart(
      6,
    )} req/s  p50 ${row.p50Ms.toFixed(2)} ms  p99 ${row.p99Ms.toFixed(2)} ms  ${row.cpuMicrosPerRequest.toFixed(1)} µs CPU/req  others on cores 0/1 ${row.otherLoadCore0Percent.toFixed(0)}/${row.otherLoadCore1Percent.toFixed(0)} %${problems}`;
}
