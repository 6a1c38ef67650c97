import type { EdgeKindRow, EdgeSizeRow, ExportRow, TargetCheck } from "./results.ts";
import { judgeAtMost, MAX_OTHERS_PERCENT, spreadOf, type Verdict, widthOf } from "./spread.ts";

/** The limits of issue 11 on the Worker (CPU per request, files, script size) and the export. */

const MIB = 1024 ** 2;
/** Every route kind's first request on a fresh isolate, in ms of workerd CPU. */
export const EDGE_CPU_LIMIT_MS = 10;
/** How much more than on a 1-article site a route kind may cost. */
export const EDGE_CPU_OVER_BASELINE_MS = 5;
/** Cloudflare's Workers limits: asset files per version, and the script's size after gzip. */
export const WORKER_PLANS = [
  { plan: "free", files: 20_000, scriptGzipBytes: 3 * MIB },
  { plan: "paid", files: 100_000, scriptGzipBytes: 10 * MIB },
] as const;
/** Export wall time limits per corpus size. */
export const EXPORT_LIMITS_MS: Readonly<Record<number, number>> = { 10000: 8_000, 100000: 60_000 };
/** `1 article`, `10000 articles`. */
const articlesText = (articles: number) => (articles === 1 ? "1 article" : `${articles} articles`);

/** The sizes whose edge CPU the issue judges. */
const JUDGED_SIZES = [10_000, 100_000];

/** "at most `limitMs`" on a route kind's cold runs (a verdict only when the spread allows one). */
export function judgeCpu(coldMs: readonly number[], limitMs: number): Verdict {
  return judgeAtMost(coldMs, limitMs);
}

/** The 1-article site's median for the same kind plus the allowance; undefined without one. */
export function baselineLimitMs(
  baseline: EdgeSizeRow | undefined,
  kind: string,
): number | undefined {
  const row = baseline?.kinds.find((candidate) => candidate.kind === kind);
  const median = row === undefined ? undefined : spreadOf(row.coldMs)?.median;
  return median === undefined ? undefined : median + EDGE_CPU_OVER_BASELINE_MS;
}

/** A verdict on milliseconds in words: `met (3.2 ms, 2.9–3.6 ms; limit 10.0 ms)`, or why none. */
export function msVerdictText(verdict: Verdict): string {
  return verdictTextIn(verdict, 1, "ms");
}

/** A verdict on a time in words, its figures divided by `divisor` and followed by `unit`. */
function verdictTextIn(verdict: Verdict, divisor: number, unit: string): string {
  const { measured, limit } = verdict;
  if (measured === undefined) return "no verdict: not measured";
  const ms = (value: number) => `${(value / divisor).toFixed(1)} ${unit}`;
  const figures = `${ms(measured.median)}, ${(measured.min / divisor).toFixed(1)}–${ms(measured.max)}`;
  if (verdict.kind === "no verdict") {
    if (measured.count < 2)
      return `no verdict: one run (${ms(measured.median)}; limit ${ms(limit)})`;
    if (widthOf(measured) > verdict.gap) {
      return `no verdict: spread ${ms(widthOf(measured))} wider than the gap ${ms(verdict.gap)} to ${ms(limit)} (${figures})`;
    }
    return `no verdict: others took over ${MAX_OTHERS_PERCENT} % of a core (${figures})`;
  }
  return `${verdict.kind} (${figures}; limit ${ms(limit)})`;
}

/** Whether a site fits a plan's limits: `met (1,234 files, 0.2 MiB)` or what it exceeds. */
export function planText(size: EdgeSizeRow, plan: (typeof WORKER_PLANS)[number]): string {
  const over = [
    size.assetFiles > plan.files ? `${size.assetFiles} files > ${plan.files}` : "",
    size.scriptGzipBytes > plan.scriptGzipBytes
      ? `script ${(size.scriptGzipBytes / MIB).toFixed(2)} MiB gzip > ${plan.scriptGzipBytes / MIB} MiB`
      : "",
  ].filter((part) => part !== "");
  return over.length === 0 ? "fits" : `does not fit: ${over.join(", ")}`;
}

function isMetOf(verdict: Verdict): boolean | undefined {
  return verdict.kind === "no verdict" ? undefined : verdict.kind === "met";
}

/**
 * The checks on the edge rows: each route kind at 10k and 100k within 10 ms and within
 * the 1-article figure + 5 ms; each size within the free and the paid plan's limits.
 */
export function evaluateEdgeTargets(sizes: readonly EdgeSizeRow[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const baseline = sizes.find((size) => size.articles === 1);
  for (const size of sizes.filter((candidate) => JUDGED_SIZES.includes(candidate.articles))) {
    for (const row of size.kinds) checks.push(...kindChecks(size, row, baseline));
  }
  for (const size of sizes) {
    for (const plan of WORKER_PLANS) {
      const text = planText(size, plan);
      checks.push({
        target: `${articlesText(size.articles)}: ≤ ${plan.files.toLocaleString("en-US")} asset files and ≤ ${plan.scriptGzipBytes / MIB} MiB script gzip (${plan.plan} plan)`,
        measured: `${size.assetFiles} asset files, ${(size.scriptGzipBytes / MIB).toFixed(2)} MiB gzip: ${text}`,
        isMet: text === "fits",
      });
    }
  }
  return checks;
}

function kindChecks(
  size: EdgeSizeRow,
  row: EdgeKindRow,
  baseline: EdgeSizeRow | undefined,
): TargetCheck[] {
  const absolute = judgeCpu(row.coldMs, EDGE_CPU_LIMIT_MS);
  const checks: TargetCheck[] = [
    {
      target: `${size.articles} articles, ${row.kind}: cold request ≤ ${EDGE_CPU_LIMIT_MS} ms workerd CPU`,
      measured: msVerdictText(absolute),
      isMet: isMetOf(absolute),
    },
  ];
  const limit = baselineLimitMs(baseline, row.kind);
  const relative = limit === undefined ? undefined : judgeCpu(row.coldMs, limit);
  checks.push({
    target: `${size.articles} articles, ${row.kind}: cold request ≤ 1 article's + ${EDGE_CPU_OVER_BASELINE_MS} ms`,
    measured: relative === undefined ? "– (no 1-article figure)" : msVerdictText(relative),
    isMet: relative === undefined ? undefined : isMetOf(relative),
  });
  return checks;
}

/**
 * The export limit of a row's size (10k < 8 s, 100k < 60 s) on its runs: a verdict only when
 * their range is narrower than the gap to the limit; undefined for a size the issue sets none.
 */
export function judgeExport(row: ExportRow): Verdict | undefined {
  const limit = EXPORT_LIMITS_MS[row.articles];
  return limit === undefined ? undefined : judgeAtMost(row.wallMs, limit);
}

/** An export verdict in words: `met (5.2 s, 5.0–5.4 s; limit 8.0 s)`, or why there is none. */
export function exportVerdictText(verdict: Verdict): string {
  return verdictTextIn(verdict, 1000, "s");
}

/** The export limits (10k < 8 s, 100k < 60 s) on the cold and warm runs measured. */
export function evaluateExportTargets(rows: readonly ExportRow[]): TargetCheck[] {
  return rows.flatMap((row) => {
    const verdict = judgeExport(row);
    if (verdict === undefined) return [];
    return [
      {
        target: `export of ${row.articles} articles < ${verdict.limit / 1000} s (${row.start} cache)`,
        measured: `${exportVerdictText(verdict)}, ${row.files} files`,
        isMet: isMetOf(verdict),
      },
    ];
  });
}
