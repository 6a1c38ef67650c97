import { rmSync } from "node:fs";
import { join } from "node:path";
import type { Child } from "../../harness/child.ts";
import { findFreePort, waitForStatus } from "../../harness/http.ts";
import { SERVING_LINE } from "../../harness/server.ts";
import { MAIN_FEED, paths } from "../../src/urls.ts";
import type { ReloadResult, StartKind, StartupRow } from "../report/results.ts";
import type { Cleanups } from "../run/cleanups.ts";
import { FOLDERS, type Tools } from "../run/environment.ts";
import { startNodeServer } from "../run/node-server.ts";
import type { RunOptions } from "../run/options.ts";
import { waitForQuiet } from "../run/quiet.ts";
import { clockTicksPerSecond, coreTicks, cpuTicks, memoryOf } from "../shared/proc.ts";
import { type Corpus, ensureCorpus } from "./corpus-cache.ts";
import { measureReload } from "./reload.ts";
import { type StartupRun, serverLoadFigures, startupRunLine, summariseRuns } from "./runs.ts";

/** Start-up time and memory per corpus size; the largest corpus's server also times a reload. */

const log = (message: string) => console.log(message);

// The cache is keyed by BASE_URL (it is in every link); the server's port changes between runs.
const BENCH_BASE_URL = "http://bench.invalid";
// The line the server logs once its cache snapshot is on disk.
const CACHE_SAVED_LINE = /cache: saved \d+ seeds/u;

/**
 * Spawns the server (not pinned) with `cacheDir` and times it to its first /feed.xml; leaves it
 * running. Its peak RSS is read once the start is over: on a cold start after the cache snapshot
 * is on disk, which it writes after the first byte (the process's peak, 6–16 MiB above what it
 * had at the first byte at 100k articles).
 */
async function startTimed(
  tools: Tools,
  corpus: Corpus,
  cacheDir: string,
  start: StartKind,
): Promise<{ run: StartupRun; server: Child; base: string }> {
  const port = await findFreePort();
  const base = `http://127.0.0.1:${port}`;
  const machineBefore = coreTicks("all");
  const ownBefore = process.cpuUsage();
  const spawned = performance.now();
  const server = startNodeServer(tools, corpus.dir, port, undefined, {
    CACHE_DIR: cacheDir,
    BASE_URL: BENCH_BASE_URL,
  });
  try {
    const timeoutMs = 60_000 + corpus.articles * 2;
    const feed = `${base}${paths.feed(MAIN_FEED, "rss")}`;
    const firstByte = await waitForStatus(server, feed, 200, timeoutMs);
    const memory = memoryOf(server.pid);
    const machineAfter = coreTicks("all");
    // The benchmark's own polling is not "others".
    const own = process.cpuUsage(ownBefore);
    const ownTicks = ((own.user + own.system) / 1e6) * clockTicksPerSecond();
    const othersTicks = machineAfter.busy - machineBefore.busy - cpuTicks(server.pid) - ownTicks;
    const servingAt = server.lineTimes[server.lines.findIndex((line) => SERVING_LINE.test(line))];
    // The warm start needs the cache the cold one writes after its first byte.
    if (start === "cold") await server.waitForLine(CACHE_SAVED_LINE, 60_000 + corpus.articles);
    const settled = memoryOf(server.pid);
    return {
      run: {
        firstByteMs: firstByte - spawned,
        listeningMs: servingAt === undefined ? undefined : servingAt - spawned,
        peakRssBytes: Math.max(memory.peakRss, settled.peakRss),
        rssBytes: memory.rss,
        otherLoadPercent:
          (Math.max(0, othersTicks) / Math.max(1, machineAfter.total - machineBefore.total)) * 100,
        ...serverLoadFigures(server.lines),
      },
      server,
      base,
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/**
 * Times `options.startupRuns` pairs of starts per corpus size (1 article first, as the baseline):
 * a cold start on an empty CACHE_DIR, then a warm one on the cache it left, so each pair sees the
 * same machine. The largest corpus's last warm server also times the incremental reload.
 */
export async function runStartupAndReload(
  options: RunOptions,
  tools: Tools,
  notes: string[],
  cleanups: Cleanups,
): Promise<{ startup: StartupRow[]; reload: ReloadResult | undefined }> {
  const startup: StartupRow[] = [];
  const corpora: Corpus[] = [];
  for (const articles of [1, ...options.sizes.filter((size) => size !== 1)]) {
    const corpus = await ensureCorpus(articles, options.seed, notes);
    if (corpus !== undefined) corpora.push(corpus);
  }
  const largest = corpora.at(-1);
  let reload: ReloadResult | undefined;
  for (const corpus of corpora) {
    const runs: Record<StartKind, StartupRun[]> = { cold: [], warm: [] };
    const count = options.startupRuns(corpus.articles);
    const cacheDir = join(FOLDERS.workDir, `cache-${corpus.articles}`);
    const removeCache = () => rmSync(cacheDir, { recursive: true, force: true });
    cleanups.set("remove the start-up cache", removeCache);
    for (let index = 0; index < count; index++) {
      for (const start of ["cold", "warm"] as const) {
        if (start === "cold") removeCache();
        await waitForQuiet(options.quietBudget);
        log(`start-up: ${corpus.articles} articles, ${start} cache, run ${index + 1} of ${count}`);
        const { run, server, base } = await startTimed(tools, corpus, cacheDir, start);
        runs[start].push(run);
        log(startupRunLine(run));
        try {
          // The largest corpus's last server stays up for the reload test.
          const isLast = corpus === largest && index === count - 1 && start === "warm";
          if (isLast && corpus.articles > 1) {
            reload = await measureReload(server, base, corpus, options, cleanups);
          }
        } finally {
          await server.stop();
        }
      }
    }
    removeCache();
    cleanups.delete("remove the start-up cache");
    startup.push(
      summariseRuns(corpus, "cold", runs.cold),
      summariseRuns(corpus, "warm", runs.warm),
    );
  }
  return { startup, reload };
}
