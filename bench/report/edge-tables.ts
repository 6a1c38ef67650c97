import {
  baselineLimitMs,
  EDGE_CPU_LIMIT_MS,
  exportVerdictText,
  judgeCpu,
  judgeExport,
  msVerdictText,
  planText,
  WORKER_PLANS,
} from "./edge-targets.ts";
import { mib, number, seconds, table } from "./format.ts";
import type { EdgeSection, ExportRow } from "./results.ts";
import { spreadOf } from "./spread.ts";
import { spreadCell } from "./tables.ts";

/** The edge and export tables of issue 11, for results.md and the console. */

/** One row per size and route kind: cold and warm CPU with their verdicts. */
export function edgeCpuTable(edge: EdgeSection): string {
  const baseline = edge.sizes.find((size) => size.articles === 1);
  const rows = edge.sizes.flatMap((size) =>
    size.kinds.map((row) => {
      const limit = size.articles === 1 ? undefined : baselineLimitMs(baseline, row.kind);
      return [
        number(size.articles),
        row.kind,
        `\`${row.path}\``,
        `${row.status}, ${number(row.bodyBytes)} B`,
        spreadCell(spreadOf(row.coldMs), 1),
        spreadCell(spreadOf(row.warmMs), 2),
        msVerdictText(judgeCpu(row.coldMs, EDGE_CPU_LIMIT_MS)),
        limit === undefined ? "–" : msVerdictText(judgeCpu(row.coldMs, limit)),
      ];
    }),
  );
  return table(
    [
      "articles",
      "route kind",
      "path",
      "answer",
      "cold CPU ms",
      "warm CPU ms",
      `cold ≤ ${EDGE_CPU_LIMIT_MS} ms`,
      "cold ≤ 1 article's + 5 ms",
    ],
    rows,
  );
}

/** One row per size: the built site's files and script, and whether they fit each plan. */
export function edgeSiteTable(edge: EdgeSection): string {
  return table(
    [
      "articles",
      "article pages",
      "asset files",
      "asset bytes",
      "script",
      "script gzip",
      "build",
      ...WORKER_PLANS.map((plan) => `${plan.plan} plan`),
    ],
    edge.sizes.map((size) => [
      number(size.articles),
      size.articlePages,
      number(size.assetFiles),
      mib(size.assetBytes),
      `${number(size.scriptBytes / 1024, 1)} KiB`,
      `${number(size.scriptGzipBytes / 1024, 1)} KiB`,
      seconds(size.buildMs),
      ...WORKER_PLANS.map((plan) => planText(size, plan)),
    ]),
  );
}

/**
 * One row per size and cache state: wall time (median and range of the runs), each run, files,
 * and the verdict where the issue sets a limit.
 */
export function exportTable(rows: readonly ExportRow[]): string {
  return table(
    ["articles", "cache", "wall time, s", "runs, s", "files", "target"],
    rows.map((row) => {
      const verdict = judgeExport(row);
      return [
        number(row.articles),
        row.start,
        spreadCell(spreadOf(row.wallMs.map((ms) => ms / 1000)), 2),
        row.wallMs.map((ms) => (ms / 1000).toFixed(2)).join(", "),
        number(row.files),
        verdict === undefined ? "–" : `< ${verdict.limit / 1000} s: ${exportVerdictText(verdict)}`,
      ];
    }),
  );
}
