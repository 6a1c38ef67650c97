/** What one wrk run measured, in plain units. */
export interface WrkResult {
  readonly requests: number;
  readonly seconds: number;
  readonly bytesRead: number;
  readonly requestsPerSecond: number;
  /** Latency percentiles in milliseconds (wrk --latency). */
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Responses that were neither 2xx nor 3xx. */
  readonly non2xx3xx: number;
  /** connect + read + write errors and timeouts. */
  readonly socketErrors: number;
}

/** wrk could not be understood: its output is kept so the reader can see why. */
export class WrkOutputError extends Error {
  override readonly name = "WrkOutputError";
  readonly output: string;

  constructor(detail: string, output: string) {
    super(`cannot read wrk's output: ${detail}`);
    this.output = output;
  }
}

// wrk prints times with these units (src/units.c) and sizes in powers of 1024.
const TIME_UNITS: Readonly<Record<string, number>> = {
  us: 0.001,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};
const SIZE_UNITS: Readonly<Record<string, number>> = {
  B: 1,
  KB: 1024,
  MB: 1024 ** 2,
  GB: 1024 ** 3,
  TB: 1024 ** 4,
};

function toMs(value: string, unit: string, output: string): number {
  const factor = TIME_UNITS[unit];
  if (factor === undefined) throw new WrkOutputError(`unknown time unit ${unit}`, output);
  return Number(value) * factor;
}

/**
 * Reads requests, throughput, p50/p99 latency and errors from `wrk --latency` output.
 * @throws {WrkOutputError} when a figure is missing.
 */
export function parseWrkOutput(output: string): WrkResult {
  const totals = /^\s*(\d+) requests in ([\d.]+)(us|ms|s|m|h), ([\d.]+)([KMGT]?B) read$/mu.exec(
    output,
  );
  const rate = /^Requests\/sec:\s+([\d.]+)$/mu.exec(output);
  const p50 = /^\s*50%\s+([\d.]+)(us|ms|s|m|h)$/mu.exec(output);
  const p99 = /^\s*99%\s+([\d.]+)(us|ms|s|m|h)$/mu.exec(output);
  if (totals === null) throw new WrkOutputError("no 'N requests in T, B read' line", output);
  if (rate === null) throw new WrkOutputError("no 'Requests/sec' line", output);
  if (p50 === null || p99 === null) {
    throw new WrkOutputError("no latency distribution (was --latency given?)", output);
  }
  const [, requests = "0", time = "0", timeUnit = "s", size = "0", sizeUnit = "B"] = totals;
  const non2xx3xx = /^\s*Non-2xx or 3xx responses: (\d+)$/mu.exec(output);
  const socket = /^\s*Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)$/mu.exec(
    output,
  );
  return {
    requests: Number(requests),
    seconds: toMs(time, timeUnit, output) / 1000,
    bytesRead: Number(size) * (SIZE_UNITS[sizeUnit] ?? 1),
    requestsPerSecond: Number(rate[1]),
    p50Ms: toMs(p50[1] ?? "0", p50[2] ?? "ms", output),
    p99Ms: toMs(p99[1] ?? "0", p99[2] ?? "ms", output),
    non2xx3xx: Number(non2xx3xx?.[1] ?? 0),
    socketErrors: socket === null ? 0 : socket.slice(1).reduce((sum, n) => sum + Number(n), 0),
  };
}
