import { writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import { join } from "node:path";
import { type RunningServer, startServer } from "../../harness/server.ts";
import { slugify } from "../../src/articles/slug.ts";
import { generateCorpusSeed } from "../../src/corpus/generate.ts";
import { mulberry32 } from "../../src/corpus/rng.ts";
import { writeCorpus } from "../../src/runtime/node/write-corpus.ts";
import { paths } from "../../src/urls.ts";
import { type RequestBudget, runSweep, type World } from "./client.ts";
import { Failures } from "./failures.ts";
import { checkFinalFeeds } from "./final-feeds.ts";
import { runPhase, settledRss } from "./phase.ts";
import { checkReloads } from "./reloads.ts";
import { SeedWriter } from "./seed-writer.ts";
import {
  CHECK_EVERY,
  CLIENTS,
  CORPUS_SEED,
  FILLING_MAX_MEMORY_GROWTH,
  GARBAGE_FILES,
  INITIAL_SEEDS,
  MAX_FAILURES,
  MAX_MEMORY_GROWTH,
  MAX_REQUESTS,
  MAX_WARMUP_MS,
  RELOAD_DEBOUNCE_MS,
  RELOAD_SETTLE_MS,
  RSS_SAMPLES,
  SETTLE_MS,
  STABLE_SEEDS,
  WRITE_INTERVAL_MS,
  warmupMsFor,
} from "./settings.ts";
import { counts, latencySummary, mib, Stats } from "./stats.ts";
import { sweepProbes } from "./traffic-mix.ts";

/**
 * The soak in order: corpus and garbage files, server, warm-up, the main phase with the writer,
 * then memory, reloads and the final feeds checked; resolves with the exit code.
 */
export async function soak(
  seconds: number,
  dir: string,
  signal: AbortSignal,
  onServer: (server: RunningServer) => void,
): Promise<number> {
  await writeCorpus({ count: INITIAL_SEEDS, out: dir, seed: CORPUS_SEED });
  for (const [name, bytes] of GARBAGE_FILES) await writeFile(join(dir, name), bytes);
  const server = await startServer({
    seedsDir: dir,
    env: { RELOAD_DEBOUNCE_MS: String(RELOAD_DEBOUNCE_MS) },
  });
  onServer(server);
  console.log(
    `soak: ${INITIAL_SEEDS} seeds and ${GARBAGE_FILES.length} garbage files in ${dir}; server PID ${server.pid} on ${server.baseUrl}`,
  );

  const failures = new Failures();
  const writer = new SeedWriter(dir, mulberry32(CORPUS_SEED));
  const stableIds = [...writer.valid.keys()].slice(0, STABLE_SEEDS);
  const creditNames = new Set<string>();
  for (let index = 0; index < STABLE_SEEDS; index++) {
    const credit = generateCorpusSeed(CORPUS_SEED, index).textCredit;
    if (credit !== undefined) creditNames.add(credit);
  }
  const site = {
    stableIds,
    creditSlugs: [...creditNames].map(slugify),
    changingIds: writer.volatile,
  };
  const budget: RequestBudget = { issued: 0, isCapReached: false };
  const newWorld = (stats: Stats): World => ({
    baseUrl: server.baseUrl,
    site,
    failures,
    stats,
    checked: { rss: 0, atom: 0, json: 0 },
    seen: { rss: 0, atom: 0, json: 0 },
    budget,
    signal,
    isStopping: false,
  });

  const health = (await (await fetch(`${server.baseUrl}${paths.health()}`)).json()) as {
    articles?: unknown;
    problems?: unknown;
  };
  if (health.articles !== INITIAL_SEEDS || health.problems !== GARBAGE_FILES.length) {
    failures.add(
      "wrong initial load",
      `${paths.health()} says ${JSON.stringify(health)}, expected ${INITIAL_SEEDS} articles and ${GARBAGE_FILES.length} problems`,
    );
  }

  // Warm-up: every route kind once, then the same mix as the main phase with the writer, so
  // the caches hold what the mix asks and the heap has seen reloads before the baseline.
  const warmup = newWorld(new Stats());
  const warmupStarted = performance.now();
  await runSweep(warmup, sweepProbes(site.creditSlugs, writer.valid.keys()));
  const warmupMs = warmupMsFor(seconds);
  await runPhase(warmup, writer, warmupMs, 1, server);
  console.log(
    `soak: warm-up ${((performance.now() - warmupStarted) / 1000).toFixed(1)} s: ${warmup.stats.count} requests (${counts(warmup.stats.byStatus)}), ${writer.operations} writes`,
  );
  const baselineRss = await settledRss(server);
  console.log(
    `soak: baseline server RSS ${mib(baselineRss)} (${RELOAD_SETTLE_MS / 1000} s for the last reload, a ${SETTLE_MS / 1000} s pause, then the median of ${RSS_SAMPLES} samples)`,
  );

  // Main phase: the clients and the writer side by side.
  const phase = newWorld(new Stats());
  console.log(
    `soak: ${seconds} s of traffic from ${CLIENTS} keep-alive clients; the writer changes a seed every ${WRITE_INTERVAL_MS} ms`,
  );
  const writesBefore = writer.operations;
  const times = await runPhase(phase, writer, seconds * 1_000, 2, server);
  const elapsedSeconds = times.seconds;
  if (budget.isCapReached) console.log(`soak: stopped at the cap of ${MAX_REQUESTS} requests`);
  if (failures.total >= MAX_FAILURES) {
    console.log(`soak: stopped early after ${failures.total} failures`);
  }
  const endRss = await settledRss(server);

  const { stats } = phase;
  console.log(
    `soak: writer: ${writer.operations - writesBefore} writes in the main phase; in all ${writer.counts.added} added, ${writer.counts.edited} edited, ${writer.counts.deleted} deleted; ${writer.valid.size} valid seeds at the end`,
  );
  console.log(
    `soak: requests served: ${stats.count} in ${elapsedSeconds.toFixed(1)} s, ${(stats.count / elapsedSeconds).toFixed(0)} req/s`,
  );
  console.log(`soak: status: ${counts(stats.byStatus)}`);
  console.log(
    `soak: CPU meanwhile, in cores: server ${times.serverCores.toFixed(2)}, soak ${times.soakCores.toFixed(2)}, other processes ${times.otherCores.toFixed(2)} (${cpus().length} cores)`,
  );
  console.log(`soak: latency: ${latencySummary(stats.sortedLatencies())}`);
  for (const kind of [...stats.kindNames].sort()) {
    const sorted = stats.sortedLatencies(kind);
    console.log(
      `soak:   ${kind.padEnd(19)} ${String(sorted.length).padStart(7)} requests, ${latencySummary(sorted)}`,
    );
  }
  console.log(
    `soak: feed bodies parsed strictly (1 in ${CHECK_EVERY}, warm-up included): RSS ${warmup.checked.rss + phase.checked.rss}, Atom ${warmup.checked.atom + phase.checked.atom}, JSON Feed ${warmup.checked.json + phase.checked.json}`,
  );
  const growth = (endRss - baselineRss) / baselineRss;
  const maxGrowth = warmupMs >= MAX_WARMUP_MS ? MAX_MEMORY_GROWTH : FILLING_MAX_MEMORY_GROWTH;
  console.log(
    `soak: server RSS: ${mib(baselineRss)} at the start, ${mib(endRss)} at the end (${growth >= 0 ? "+" : ""}${(growth * 100).toFixed(1)} %, limit +${maxGrowth * 100} %${warmupMs >= MAX_WARMUP_MS ? "" : `: ${warmupMs / 1000} s of warm-up end while the caches still fill; --seconds 300 warms up fully and allows +${MAX_MEMORY_GROWTH * 100} %`})`,
  );
  if (growth > maxGrowth) {
    failures.add("memory growth", `${mib(baselineRss)} → ${mib(endRss)}`);
  }

  checkReloads(writer.journal, server, failures);
  await checkFinalFeeds(server, writer, failures);
  if (server.exitCode() !== null) failures.add("server exited", `exit code ${server.exitCode()}`);

  const problems = server.lines.filter((line) => / failed: /u.test(line));
  for (const line of problems.slice(0, 5)) console.log(`soak: server logged: ${line}`);
  const lines = failures.lines();
  for (const line of lines) console.log(line);
  console.log(lines.length === 0 ? "soak: PASS" : "soak: FAIL");
  return lines.length === 0 ? 0 : 1;
}
