import { startChild, tail } from "../../harness/child.ts";
import { header, httpGet } from "../../harness/http.ts";
import type { LoadRow, ServerName } from "../report/results.ts";
import { BenchError } from "../run/bench-error.ts";
import type { Tools } from "../run/environment.ts";
import type { RunOptions } from "../run/options.ts";
import { waitForQuiet } from "../run/quiet.ts";
import { coreTicks, cpuTicks, endedChildrenCpuTicks } from "../shared/proc.ts";
import { loadRowLine, requestHeaders } from "./rows.ts";
import { LOAD_CORE, SERVER_CORE, WRK_CONNECTIONS, WRK_THREADS } from "./settings.ts";
import { parseWrkOutput } from "./wrk-output.ts";

/** wrk against one running server, with the server's CPU time from /proc/PID/stat. */

/**
 * Runs wrk pinned to LOAD_CORE for `seconds` and returns what it printed.
 * @throws {BenchError} when wrk fails.
 */
async function runWrk(
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

/** Every path × request mode against one server, measured with wrk and /proc/PID/stat. */
export async function measureServer(
  server: ServerName,
  pid: number,
  base: string,
  etags: ReadonlyMap<string, string>,
  options: RunOptions,
  tools: Tools,
  ticksPerSecond: number,
): Promise<LoadRow[]> {
  const rows: LoadRow[] = [];
  for (const mode of ["plain", "gzip", "conditional"] as const) {
    const firstPath = options.paths[0] ?? "/feed.xml";
    if (options.warmupSeconds > 0) {
      const headers = requestHeaders(mode, etags.get(firstPath) ?? "");
      await runWrk(tools, base + firstPath, headers, options.warmupSeconds);
    }
    for (const path of options.paths) {
      const headers = requestHeaders(mode, etags.get(path) ?? "");
      const probe = await httpGet(base + path, headers);
      await waitForQuiet(options.quietBudget);
      const before = cpuTicks(pid);
      const coreBefore = coreTicks(Number(SERVER_CORE));
      const loadCoreBefore = coreTicks(Number(LOAD_CORE));
      const wrkBefore = endedChildrenCpuTicks();
      const output = await runWrk(tools, base + path, headers, options.wrkSeconds);
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
        path,
        mode,
        server,
        status: probe.status,
        contentEncoding: header(probe, "content-encoding") ?? "identity",
        bodyBytes: probe.body.length,
        requests: wrk.requests,
        requestsPerSecond: wrk.requestsPerSecond,
        p50Ms: wrk.p50Ms,
        p99Ms: wrk.p99Ms,
        cpuMicrosPerRequest:
          (((after - before) / ticksPerSecond) * 1e6) / Math.max(1, wrk.requests),
        non2xx3xx: wrk.non2xx3xx,
        socketErrors: wrk.socketErrors,
        otherLoadCore0Percent: (others / coreElapsed) * 100,
        otherLoadCore1Percent: (othersOnLoadCore / loadCoreElapsed) * 100,
        wrkOutput: output,
      };
      rows.push(row);
      console.log(loadRowLine(row));
    }
  }
  return rows;
}
