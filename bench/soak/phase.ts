import type { RunningServer } from "../../harness/server.ts";
import { sleep } from "../../harness/sleep.ts";
import { clockTicksPerSecond, coreTicks, cpuTicks, memoryOf } from "../shared/proc.ts";
import { runClients, type World } from "./client.ts";
import { messageOf, SoakError } from "./errors.ts";
import type { SeedWriter } from "./seed-writer.ts";
import {
  PROGRESS_EVERY_MS,
  RELOAD_SETTLE_MS,
  RSS_SAMPLE_INTERVAL_MS,
  RSS_SAMPLES,
  SETTLE_MS,
  WRITE_INTERVAL_MS,
} from "./settings.ts";
import { mib } from "./stats.ts";

/** One phase of the soak: the clients and the writer side by side, and the server's memory. */

/**
 * Server RSS in bytes (VmRSS of /proc/PID/status).
 * @throws {SoakError} when the server has exited or the kernel does not say.
 */
export function rssOf(server: RunningServer): number {
  let rss: number;
  try {
    ({ rss } = memoryOf(server.pid));
  } catch (error) {
    throw new SoakError(
      `the server (PID ${server.pid}) is gone: exit code ${server.exitCode()}, ${messageOf(error)}`,
    );
  }
  if (!Number.isFinite(rss)) throw new SoakError(`no VmRSS in /proc/${server.pid}/status`);
  return rss;
}

/** How long a phase ran and how busy the cores were meanwhile, in cores (1 = one core busy). */
export interface PhaseTimes {
  readonly seconds: number;
  readonly serverCores: number;
  readonly soakCores: number;
  /** Every other process on the machine (another benchmark, a test run). */
  readonly otherCores: number;
}

/**
 * Mixed traffic and the writer side by side for `durationMs`.
 * @throws {SoakError} when the writer fails: without its record the final check means nothing.
 */
export async function runPhase(
  world: World,
  writer: SeedWriter,
  durationMs: number,
  seed: number,
  server: RunningServer,
): Promise<PhaseTimes> {
  const started = performance.now();
  const serverTicks = cpuTicks(server.pid);
  const soakCpu = process.cpuUsage();
  const machineTicks = coreTicks("all").busy;
  const untilMs = Date.now() + durationMs;
  let isWriting = true;
  let writerError: unknown;
  const writing = (async () => {
    while (isWriting && !world.signal.aborted && Date.now() < untilMs) {
      try {
        await writer.step();
      } catch (error) {
        writerError = error;
        world.isStopping = true;
        return;
      }
      await sleep(WRITE_INTERVAL_MS);
    }
  })();
  const progress = setInterval(() => {
    const elapsed = (performance.now() - started) / 1000;
    let rss: string;
    try {
      rss = mib(rssOf(server));
    } catch (error) {
      rss = messageOf(error); // the requests fail and say so; keep going to the report
    }
    console.log(
      `soak: ${elapsed.toFixed(0)} s: ${world.stats.count} requests (${(world.stats.count / elapsed).toFixed(0)} req/s), ${writer.operations} writes, server RSS ${rss}, ${world.failures.total} failures`,
    );
  }, PROGRESS_EVERY_MS);
  try {
    await runClients(world, untilMs, seed);
  } finally {
    clearInterval(progress);
    isWriting = false;
  }
  const seconds = (performance.now() - started) / 1000;
  const ticks = clockTicksPerSecond();
  const serverSeconds = (cpuTicks(server.pid) - serverTicks) / ticks;
  const { user, system } = process.cpuUsage(soakCpu);
  const soakSeconds = (user + system) / 1e6;
  const machineSeconds = (coreTicks("all").busy - machineTicks) / ticks;
  await writing;
  if (writerError !== undefined) {
    throw new SoakError(`the writer failed: ${messageOf(writerError)}`, { cause: writerError });
  }
  return {
    seconds,
    serverCores: serverSeconds / seconds,
    soakCores: soakSeconds / seconds,
    otherCores: Math.max(0, machineSeconds - serverSeconds - soakSeconds) / seconds,
  };
}

/**
 * Server RSS once the last write has been reloaded and the server has been idle a while: the
 * median of RSS_SAMPLES samples, so one garbage collection caught half-way does not decide.
 */
export async function settledRss(server: RunningServer): Promise<number> {
  await sleep(RELOAD_SETTLE_MS);
  await sleep(SETTLE_MS);
  const samples: number[] = [];
  for (let sample = 0; sample < RSS_SAMPLES; sample++) {
    if (sample > 0) await sleep(RSS_SAMPLE_INTERVAL_MS);
    samples.push(rssOf(server));
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] as number;
}
