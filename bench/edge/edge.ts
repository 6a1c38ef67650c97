import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { siteFiles } from "../export/export.ts";
import type { EdgeKindRow, EdgeSection, EdgeSizeRow } from "../report/results.ts";
import { spreadOf } from "../report/spread.ts";
import { FOLDERS } from "../run/environment.ts";
import { ensureCorpus } from "../startup/corpus-cache.ts";
import { buildWorkerSite, type WorkerSite } from "./build.ts";
import { type EdgeRun, measureEdgeRun } from "./measure.ts";
import { type EdgeRoute, edgeRoutesOf, PROBE_PATH } from "./routes.ts";
import { siteFigures } from "./site.ts";

/** Issue 11's edge rows: per corpus size, build the Worker site, then each route kind's CPU. */

const log = (message: string) => console.log(message);

export interface EdgeOptions {
  /** Corpus sizes besides the 1-article baseline. */
  readonly sizes: readonly number[];
  readonly seed: number;
  /** Fresh wrangler dev starts per size and route kind. */
  readonly runs: number;
  readonly warmRequests: number;
}

/**
 * The route kinds' paths on this site, from its assets; an article page kept in a shard (no
 * file of its own) is named by the corpus's first seed.
 */
async function routesOf(site: WorkerSite, corpusDir: string): Promise<EdgeRoute[]> {
  const firstSeed = (await readdir(corpusDir)).filter((name) => name.endsWith(".txt")).sort()[0];
  return edgeRoutesOf(await siteFiles(site.assetsDir), firstSeed?.slice(0, -".txt".length));
}

/** `cold 12.34 ms, warm median 0.52 ms`: one run, for the progress lines. */
function runLine(run: EdgeRun): string {
  const warm = spreadOf(run.warmNs.map((ns) => ns / 1e6));
  return `cold ${(run.coldNs / 1e6).toFixed(2)} ms${warm === undefined ? "" : `, warm median ${warm.median.toFixed(2)} ms`}`;
}

/** Each route kind's runs on `site`, one fresh wrangler dev after another. */
async function measureKinds(
  routes: readonly EdgeRoute[],
  site: WorkerSite,
  articles: number,
  options: EdgeOptions,
): Promise<EdgeKindRow[]> {
  const kinds: EdgeKindRow[] = [];
  for (const route of routes) {
    const runs: EdgeRun[] = [];
    for (let index = 0; index < options.runs; index++) {
      const run = await measureEdgeRun({
        route,
        extraArgs: site.extraArgs,
        env: site.env,
        probePath: PROBE_PATH,
        startTimeoutMs: 120_000 + articles,
        warmRequests: options.warmRequests,
      });
      log(
        `edge: ${articles} articles, ${route.kind} (${route.path}), run ${index + 1} of ${options.runs}: ${runLine(run)}`,
      );
      runs.push(run);
    }
    kinds.push({
      kind: route.kind,
      path: route.path,
      status: runs[0]?.status ?? 0,
      bodyBytes: runs[0]?.bodyBytes ?? 0,
      coldMs: runs.map((run) => run.coldNs / 1e6),
      warmMs: runs.flatMap((run) => {
        const warm = spreadOf(run.warmNs.map((ns) => ns / 1e6));
        return warm === undefined ? [] : [warm.median];
      }),
    });
  }
  return kinds;
}

/** Measures every size (1 article first, as the baseline); one wrangler dev at a time. */
export async function runEdge(options: EdgeOptions, notes: string[]): Promise<EdgeSection> {
  const sizes: EdgeSizeRow[] = [];
  for (const articles of [1, ...options.sizes.filter((size) => size !== 1)]) {
    const corpus = await ensureCorpus(articles, options.seed, notes);
    if (corpus === undefined) continue;
    log(`edge: building the Worker site of ${articles} articles`);
    const assetsDir = join(FOLDERS.workDir, `edge-assets-${articles}`);
    const site = await buildWorkerSite(corpus.dir, assetsDir);
    const figures = await siteFigures(site.assetsDir, site.scriptPath);
    log(
      `    article pages as ${site.articlePages}: ${figures.assetFiles} asset files, script ${(figures.scriptGzipBytes / 1024).toFixed(1)} KiB gzip, built in ${(site.buildMs / 1000).toFixed(1)} s`,
    );
    let kinds: EdgeKindRow[];
    try {
      kinds = await measureKinds(await routesOf(site, corpus.dir), site, articles, options);
    } finally {
      // A rendered 100k site is gigabytes: keep only the figures.
      await rm(assetsDir, { recursive: true, force: true });
    }
    sizes.push({
      articles,
      articlePages: site.articlePages,
      ...figures,
      buildMs: site.buildMs,
      buildLine: site.buildLine,
      kinds,
    });
  }
  return { runs: options.runs, warmRequests: options.warmRequests, sizes };
}
