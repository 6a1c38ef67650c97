import type { Child } from "../../harness/child.ts";
import { findFreePort, waitForStatus } from "../../harness/http.ts";
import { SERVING_LINE } from "../../harness/server.ts";
import { MAIN_FEED, paths } from "../../src/urls.ts";
import type { ReloadResult, StartupRow } from "../report/results.ts";
import type { Cleanups } from "../run/cleanups.ts";
import type { Tools } from "../run/environment.ts";
import { startNodeServer } from "../run/node-server.ts";
import type { RunOptions } from "../run/options.ts";
import { waitForQuiet } from "../run/quiet.ts";
import { clockTicksPerSecond, coreTicks, cpuTicks, memoryOf } from "../shared/proc.ts";
import { type Corpus, ensureCorpus } from "./corpus-cache.ts";
import { measureReload } from "./reload.ts";
import { type StartupRun, serverLoadFigures, startupRunLine, summariseRuns } from "./runs.ts";

/** Start-up time and memory per corpus size; the largest corpus's server also times a reload. */

const log = (message: string) => console.log(message);

/** Spawns the server (not pinned) and times it to its first /feed.xml; leaves it running. */
async function startTimed(
  tools: Tools,
  corpus: Corpus,
): Promise<{ run: StartupRun; server: Child; base: string }> {
  const port = await findFreePort();
  const base = `http://127.0.0.1:${port}`;
  const machineBefore = coreTicks("all");
  const ownBefore = process.cpuUsage();
  const spawned = performance.now();
  const server = startNodeServer(tools, corpus.dir, port, undefined);
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
    return {
      run: {
        firstByteMs: firstByte - spawned,
        listeningMs: servingAt === undefined ? undefined : servingAt - spawned,
        peakRssBytes: memory.peakRss,
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
 * Times `options.startupRuns` starts per corpus size (1 article first, as the baseline), and the
 * incremental reload on the largest corpus.
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
    const runs: StartupRun[] = [];
    const count = options.startupRuns(corpus.articles);
    for (let index = 0; index < count; index++) {
      await waitForQuiet(options.quietBudget);
      log(`start-up: ${corpus.articles} articles, run ${index + 1} of ${count}`);
      const { run, server, base } = await startTimed(tools, corpus);
      runs.push(run);
      log(startupRunLine(run));
      try {
        // The largest corpus's last server stays up for the reload test.
        if (corpus === largest && index === count - 1 && corpus.articles > 1) {
          reload = await measureReload(server, base, corpus, options, cleanups);
        }
      } finally {
        await server.stop();
      }
    }
    startup.push(summariseRuns(corpus, runs));
  }
  return { startup, reload };
}
