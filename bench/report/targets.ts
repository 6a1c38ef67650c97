import { MAIN_FEED, paths } from "../../src/urls.ts";
import type { LoadSection, ReloadResult, RequestMode, StartupRow, TargetCheck } from "./results.ts";
import { nginxRowFor } from "./tables.ts";

/** The performance issue's targets, checked against one run's figures. */

const MIB = 1024 ** 2;
const GIB = 1024 ** 3;
const MAIN_RSS = paths.feed(MAIN_FEED, "rss");

/**
 * Each target of the performance issue with what this run measured; a target whose figures the
 * run did not take (a quick run, a skipped corpus) is "not measured", never met or missed.
 */
export function evaluateTargets(
  load: LoadSection | undefined,
  startup: readonly StartupRow[],
  reload: ReloadResult | undefined,
): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const pair = (mode: RequestMode) => {
    const node = load?.rows.find(
      (r) => r.server === "node" && r.path === MAIN_RSS && r.mode === mode,
    );
    return node === undefined
      ? undefined
      : { node, nginx: load === undefined ? undefined : nginxRowFor(load.rows, node) };
  };
  const plain = pair("plain");
  const conditional = pair("conditional");
  const cpuRatio = (p: typeof plain) =>
    p?.nginx === undefined ? undefined : p.node.cpuMicrosPerRequest / p.nginx.cpuMicrosPerRequest;
  const plainCpu = cpuRatio(plain);
  checks.push({
    target: "GET /feed.xml: CPU per request ≤ 1.5× nginx",
    measured: plainCpu === undefined ? "–" : `${plainCpu.toFixed(2)}×`,
    isMet: plainCpu === undefined ? undefined : plainCpu <= 1.5,
  });
  const plainRate =
    plain?.nginx === undefined
      ? undefined
      : plain.node.requestsPerSecond / plain.nginx.requestsPerSecond;
  checks.push({
    target: "GET /feed.xml: req/s ≥ 0.85× nginx",
    measured: plainRate === undefined ? "–" : `${plainRate.toFixed(2)}×`,
    isMet: plainRate === undefined ? undefined : plainRate >= 0.85,
  });
  const conditionalCpu = cpuRatio(conditional);
  checks.push({
    target: "304: CPU per request ≤ 1.5× nginx's 304",
    measured: conditionalCpu === undefined ? "–" : `${conditionalCpu.toFixed(2)}×`,
    isMet: conditionalCpu === undefined ? undefined : conditionalCpu <= 1.5,
  });
  checks.push({
    target: "304: status 304, no body, p99 < 10 ms at 50 connections",
    measured:
      conditional === undefined
        ? "–"
        : `${conditional.node.status}, ${conditional.node.bodyBytes} body bytes, p99 ${conditional.node.p99Ms.toFixed(2)} ms`,
    isMet:
      conditional === undefined
        ? undefined
        : conditional.node.status === 304 &&
          conditional.node.bodyBytes === 0 &&
          conditional.node.p99Ms < 10,
  });
  const at = (articles: number) => startup.find((row) => row.articles === articles);
  const baseline = at(1);
  const tenK = at(10_000);
  const hundredK = at(100_000);
  const added =
    baseline === undefined || tenK === undefined
      ? undefined
      : tenK.firstByteMs - baseline.firstByteMs;
  checks.push({
    target: "10k articles add < 1 s to the first feed byte vs 1 article",
    measured: added === undefined ? "–" : `+${(added / 1000).toFixed(2)} s`,
    isMet: added === undefined ? undefined : added < 1000,
  });
  checks.push({
    target: "10k articles: peak RSS < 300 MiB",
    measured: tenK === undefined ? "–" : `${(tenK.peakRssBytes / MIB).toFixed(0)} MiB`,
    isMet: tenK === undefined ? undefined : tenK.peakRssBytes < 300 * MIB,
  });
  checks.push({
    target: "100k articles ready in < 10 s",
    measured: hundredK === undefined ? "–" : `${(hundredK.firstByteMs / 1000).toFixed(2)} s`,
    isMet: hundredK === undefined ? undefined : hundredK.firstByteMs < 10_000,
  });
  checks.push({
    target: "100k articles: peak RSS < 1 GiB",
    measured: hundredK === undefined ? "–" : `${(hundredK.peakRssBytes / MIB).toFixed(0)} MiB`,
    isMet: hundredK === undefined ? undefined : hundredK.peakRssBytes < GIB,
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
