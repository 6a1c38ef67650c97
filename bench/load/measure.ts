import { startChild, tail } from "../../harness/child.ts";
import { header, httpGet } from "../../harness/http.ts";
import type { LoadRow, ServerName } from "../report/results.ts";
import { BenchError } from "../run/bench-error.ts";
import type { Tools } from "../run/environment.ts";
import type { RunOptions } from "../run/options.ts";
import { waitForQuiet } from "../run/quiet.ts";
import { coreTicks, cpuTicks, endedChildrenCpuTicks } from "../shared/proc.ts";
import { loadRowLine, requestHeaders } from "./rows.ts";
import type { LoadRun } from "./schedule.ts";
import { LOAD_CORE, SERVER_CORE, WRK_CONNECTIONS, WRK_THREADS } from "./settings.ts";
import { parseWrkOutput } from "./wrk-output.ts";

/** wrk against one running server, with the server's CPU time from /proc/PID/stat. */

/**
 * Runs wrk pinned to LOAD_CORE for `seconds` and returns what it printed.
 * @throws {BenchError} when wrk fails.
 */
export async function runWrk(
  tools: Tools,
  url: string,
  headers: Readonly<Record<string, string>>,
  seconds: number,
): Promise<string> {
  const args = [
    "-c",
    LOAD_CORE,
    tools.wrk,
    `-t${WRK_THREADS}`,
    `-c${WRK_CONNECTIONS}`,
    `-d${seconds}s`,
    "--latency",
    ...Object.entries(headers).flatMap(([name, value]) => ["-H", `${name}: ${value}`]),
    url,
  ];
  const wrk = startChild("wrk", tools.taskset, args);
  const timer = setTimeout(() => void wrk.stop(), (seconds + 20) * 1000);
  const code = await wrk.exited;
  clearTimeout(timer);
  const output = wrk.lines.join("\n");
  if (code !== 0) throw new BenchError(`wrk ${url} ended with ${code}${tail(wrk.lines)}`);
  return output;
}

/** A server under load: its name, its PID (for /proc), where it listens, and its ETags. */
export interface ServerUnderTest {
  readonly server: ServerName;
  readonly pid: number;
  readonly base: string;
  /** The ETag a conditional request sends, by path. */
  readonly etags: ReadonlyMap<string, string>;
}

/**
 * One run of the schedule: wrk against one server, path and request, with the server's CPU time
 * from /proc/PID/stat and how much of both cores other processes took meanwhile.
 * @throws {BenchError} when wrk fails.
 */
export async function measureRun(
  target: ServerUnderTest,
  run: LoadRun,
  options: RunOptions,
  tools: Tools,
  ticksPerSecond: number,
): Promise<LoadRow> {
  const { pid, base } = target;
  const headers = requestHeaders(run.mode, target.etags.get(run.path) ?? "");
  if (run.isFirstOfKind && options.warmupSeconds > 0) {
    await runWrk(tools, base + run.path, headers, options.warmupSeconds);
  }
  const probe = await httpGet(base + run.path, headers);
  await waitForQuiet(options.quietBudget);
  const before = cpuTicks(pid);
  const coreBefore = coreTicks(Number(SERVER_CORE));
  const loadCoreBefore = coreTicks(Number(LOAD_CORE));
  const wrkBefore = endedChildrenCpuTicks();
  const output = await runWrk(tools, base + run.path, headers, options.wrkSeconds);
  const after = cpuTicks(pid);
  const coreAfter = coreTicks(Number(SERVER_CORE));
  const loadCoreAfter = coreTicks(Number(LOAD_CORE));
  // wrk has ended and been reaped: its CPU time is in our children's total.
  const wrkTicks = endedChildrenCpuTicks() - wrkBefore;
  const wrk = parseWrkOutput(output);
  const coreElapsed = Math.max(1, coreAfter.total - coreBefore.total);
  const others = Math.max(0, coreAfter.busy - coreBefore.busy - (after - before));
  const othersOnLoadCore = Math.max(0, loadCoreAfter.busy - loadCoreBefore.busy - wrkTicks);
  const loadCoreElapsed = Math.max(1, loadCoreAfter.total - loadCoreBefore.total);
  const row: LoadRow = {
    path: run.path,
    mode: run.mode,
    server: target.server,
    repetition: run.repetition,
    status: probe.status,
    contentEncoding: header(probe, "content-encoding") ?? "identity",
    bodyBytes: probe.body.length,
    requests: wrk.requests,
    requestsPerSecond: wrk.requestsPerSecond,
    p50Ms: wrk.p50Ms,
    p99Ms: wrk.p99Ms,
    cpuMicrosPerRequest: (((after - before) / ticksPerSecond) * 1e6) / Math.max(1, wrk.requests),
    non2xx3xx: wrk.non2xx3xx,
    socketErrors: wrk.socketErrors,
    otherLoadCore0Percent: (others / coreElapsed) * 100,
    otherLoadCore1Percent: (othersOnLoadCore / loadCoreElapsed) * 100,
    wrkOutput: output,
  };
  console.log(loadRowLine(row));
  return row;
}
