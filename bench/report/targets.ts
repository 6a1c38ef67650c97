import { MAIN_FEED, paths } from "../../src/urls.ts";
import { compareLoad, othersPercentOf } from "./load-summary.ts";
import type { LoadSection, ReloadResult, StartKind, StartupRow, TargetCheck } from "./results.ts";
import { judgeAtMost, MAX_OTHERS_PERCENT, verdictText } from "./spread.ts";
import { CPU_LIMITS_VS_BARE } from "./tables.ts";

/** The targets of the performance issue (13), checked against one run's figures. */

const MIB = 1024 ** 2;
const MAIN_RSS = paths.feed(MAIN_FEED, "rss");
const PEAK_RSS_LIMIT_BYTES = 400 * MIB;

/**
 * Each target of the performance issue with what this run measured. A target whose figures the
 * run did not take (a quick run, a skipped corpus) is "not measured"; a CPU ratio whose turns
 * spread wider than its gap to the limit gets no verdict either: neither is met or missed.
 */
export function evaluateTargets(
  load: LoadSection | undefined,
  startup: readonly StartupRow[],
  reload: ReloadResult | undefined,
): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const comparisons = load === undefined ? [] : compareLoad(load.rows);
  for (const [mode, name] of [
    ["plain", "GET /feed.xml"],
    ["conditional", "304 for /feed.xml"],
  ] as const) {
    const limit = CPU_LIMITS_VS_BARE[mode] as number;
    const comparison = comparisons.find((c) => c.path === MAIN_RSS && c.mode === mode);
    const verdict =
      comparison === undefined || comparison.cpuVsBare.length === 0
        ? undefined
        : judgeAtMost(comparison.cpuVsBare, limit, othersPercentOf(comparison, ["node", "bare"]));
    checks.push({
      target: `${name}: CPU per request ≤ ${limit}× bare node:http's (same bytes and headers)`,
      measured: verdict === undefined ? "–" : verdictText(verdict),
      isMet:
        verdict === undefined || verdict.kind === "no verdict" ? undefined : verdict.kind === "met",
    });
  }
  const conditionalRow = comparisons.find((c) => c.path === MAIN_RSS && c.mode === "conditional");
  const conditional = conditionalRow?.servers.node;
  // A latency is all waiting: with other processes on the cores it measures them.
  const others = conditionalRow === undefined ? 0 : othersPercentOf(conditionalRow, ["node"]);
  const isNoisy = others > MAX_OTHERS_PERCENT;
  checks.push({
    target: "304: status 304, no body, p99 < 10 ms at 50 connections",
    measured:
      conditional === undefined
        ? "–"
        : `${conditional.status}, ${conditional.bodyBytes} body bytes, p99 ${conditional.p99Ms.median.toFixed(2)} ms (median of ${conditional.p99Ms.count})${isNoisy ? `; no verdict: others took up to ${others.toFixed(0)} % of a core` : ""}`,
    isMet:
      conditional === undefined || isNoisy
        ? undefined
        : conditional.status === 304 &&
          conditional.bodyBytes === 0 &&
          conditional.p99Ms.median < 10,
  });

  const at = (articles: number, start: StartKind) =>
    startup.find((row) => row.articles === articles && row.start === start);
  for (const start of ["warm", "cold"] as const) {
    const baseline = at(1, start);
    const tenK = at(10_000, start);
    const added =
      baseline === undefined || tenK === undefined
        ? undefined
        : tenK.firstByteMs - baseline.firstByteMs;
    checks.push({
      target: `10k articles add < 0.5 s to the first feed byte vs 1 article (${start === "warm" ? "restart, warm cache" : "first start, empty cache"})`,
      measured: added === undefined ? "–" : `+${(added / 1000).toFixed(2)} s`,
      isMet: added === undefined ? undefined : added < 500,
    });
  }
  for (const [start, limitMs, name] of [
    ["warm", 4_000, "on a restart (warm cache)"],
    ["cold", 10_000, "on a cold first start (empty cache)"],
  ] as const) {
    const row = at(100_000, start);
    checks.push({
      target: `100k articles: first feed byte < ${limitMs / 1000} s ${name}`,
      measured: row === undefined ? "–" : `${(row.firstByteMs / 1000).toFixed(2)} s`,
      isMet: row === undefined ? undefined : row.firstByteMs < limitMs,
    });
  }
  const hundredK = startup.filter((row) => row.articles === 100_000);
  const peak =
    hundredK.length === 0 ? undefined : Math.max(...hundredK.map((row) => row.peakRssBytes));
  checks.push({
    target: "100k articles: peak RSS < 400 MiB (cold and warm)",
    measured: peak === undefined ? "–" : `${(peak / MIB).toFixed(0)} MiB`,
    isMet: peak === undefined ? undefined : peak < PEAK_RSS_LIMIT_BYTES,
  });
  const isReloadOn100k = reload?.articles === 100_000;
  checks.push({
    target: "one changed seed in a 100k corpus: new bytes within 1 s of the write",
    measured:
      reload === undefined
        ? "–"
        : `${reload.msToNewFeed === undefined ? "never" : `${Math.round(reload.msToNewFeed)} ms`} (${reload.articles} articles)`,
    isMet:
      !isReloadOn100k || reload === undefined
        ? undefined
        : reload.msToNewFeed !== undefined && reload.msToNewFeed < 1000,
  });
  checks.push({
    target: "untouched archive pages keep their ETags",
    measured:
      reload === undefined
        ? "–"
        : `${reload.untouched.filter((page) => page.before === page.after).length} of ${reload.untouched.length}`,
    isMet:
      reload === undefined || reload.untouched.length === 0
        ? undefined
        : reload.untouched.every((page) => page.before === page.after),
  });
  return checks;
}
