import { httpGet } from "../../harness/http.ts";
import { sleep } from "../../harness/sleep.ts";
import { startWranglerDev, type WranglerDev } from "../../harness/wrangler-dev.ts";
import { BenchError } from "../run/bench-error.ts";
import { cpuNanos } from "../shared/proc.ts";
import {
  type CpuReading,
  type CpuWindow,
  isQuiet,
  QUIET_WINDOW_MS,
  requestCpuNs,
  SETTLE_MS,
} from "./cpu-window.ts";
import type { EdgeRoute } from "./routes.ts";

/** One route kind's CPU on workerd: a fresh wrangler dev, one cold request, then warm ones. */

const QUIET_TIMEOUT_MS = 20_000;
const REQUEST_TIMEOUT_MS = 60_000;

/** What a fresh wrangler dev spent on one route kind. */
export interface EdgeRun {
  readonly status: number;
  readonly bodyBytes: number;
  /** The first request after start-up, in nanoseconds of workerd CPU. */
  readonly coldNs: number;
  /** The same request again, each measured alike. */
  readonly warmNs: readonly number[];
}

export interface EdgeRunOptions {
  readonly route: EdgeRoute;
  readonly extraArgs: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly probePath: string;
  readonly startTimeoutMs: number;
  readonly warmRequests: number;
}

function readCpu(pids: readonly number[]): CpuReading {
  let ns = 0;
  for (const pid of pids) ns += cpuNanos(pid);
  return { ns, atMs: performance.now() };
}

/**
 * Reads workerd's CPU QUIET_WINDOW_MS apart until a window is quiet; returns that window.
 * @throws {BenchError} when none is within QUIET_TIMEOUT_MS.
 */
async function waitForQuietWorkerd(pids: readonly number[]): Promise<CpuWindow> {
  const started = performance.now();
  let start = readCpu(pids);
  for (;;) {
    await sleep(QUIET_WINDOW_MS);
    const end = readCpu(pids);
    const window = { start, end };
    if (isQuiet(window)) return window;
    if (performance.now() - started > QUIET_TIMEOUT_MS) {
      throw new BenchError(
        `workerd did not go quiet within ${QUIET_TIMEOUT_MS / 1000} s (last ${((end.ns - start.ns) / 1e6).toFixed(1)} ms of CPU in ${QUIET_WINDOW_MS} ms)`,
      );
    }
    start = end;
  }
}

/** One request's CPU: quiet before, the whole body read, settled and quiet after. */
async function measureRequest(
  dev: WranglerDev,
  route: EdgeRoute,
): Promise<{ ns: number; status: number; bodyBytes: number }> {
  const idle = await waitForQuietWorkerd(dev.runtimePids);
  const before = idle.end;
  const response = await httpGet(
    `${dev.baseUrl}${route.path}`,
    { "Accept-Encoding": "identity" },
    REQUEST_TIMEOUT_MS,
  );
  await sleep(SETTLE_MS);
  const after = (await waitForQuietWorkerd(dev.runtimePids)).start;
  return {
    ns: requestCpuNs(before, after, idle),
    status: response.status,
    bodyBytes: response.body.length,
  };
}

/**
 * Starts a fresh wrangler dev, measures the route's first request and `warmRequests` more, and
 * stops it (also on error).
 * @throws {BenchError} when the route answers another status than it must.
 */
export async function measureEdgeRun(options: EdgeRunOptions): Promise<EdgeRun> {
  const dev = await startWranglerDev({
    extraArgs: options.extraArgs,
    env: options.env,
    probePath: options.probePath,
    timeoutMs: options.startTimeoutMs,
  });
  try {
    const cold = await measureRequest(dev, options.route);
    const expected = options.route.status ?? 200;
    if (cold.status !== expected) {
      throw new BenchError(
        `${options.route.path} (${options.route.kind}) answered ${cold.status}, expected ${expected}`,
      );
    }
    const warmNs: number[] = [];
    for (let index = 0; index < options.warmRequests; index++) {
      warmNs.push((await measureRequest(dev, options.route)).ns);
    }
    return { status: cold.status, bodyBytes: cold.bodyBytes, coldNs: cold.ns, warmNs };
  } finally {
    await dev.stop();
  }
}
