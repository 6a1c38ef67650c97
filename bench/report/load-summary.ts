import type { LoadRow, RequestMode, ServerName } from "./results.ts";
import { pairedRatios, type Spread, spreadOf } from "./spread.ts";

/** The repeated wrk runs of the load section, summed up per path and request. */

/** One server's repeated runs of one path and request. */
export interface ServerFigures {
  readonly server: ServerName;
  /** What one request got before the runs: status, coding and body size. */
  readonly status: number;
  readonly contentEncoding: string;
  readonly bodyBytes: number;
  readonly cpuMicrosPerRequest: Spread;
  readonly requestsPerSecond: Spread;
  readonly p99Ms: Spread;
  /** The most of the server's core (0) and of wrk's core (1) other processes took in any run. */
  readonly otherLoadCore0Percent: number;
  readonly otherLoadCore1Percent: number;
  /** Non-2xx/3xx responses and socket errors, summed over the runs. */
  readonly errors: number;
}

/** One path and request on every server that served it. */
export interface LoadComparison {
  readonly path: string;
  readonly mode: RequestMode;
  readonly servers: Partial<Record<ServerName, ServerFigures>>;
  /** This server's CPU per request ÷ the bare node:http server's, turn by turn. */
  readonly cpuVsBare: readonly number[];
  /** This server's CPU per request ÷ nginx's, turn by turn. */
  readonly cpuVsNginx: readonly number[];
}

export const SERVERS: readonly ServerName[] = ["node", "bare", "nginx"];

/** The most of either core other processes took in any run of the servers compared. */
export function othersPercentOf(
  comparison: LoadComparison,
  servers: readonly ServerName[] = SERVERS,
): number {
  let most = 0;
  for (const server of servers) {
    const figures = comparison.servers[server];
    if (figures === undefined) continue;
    most = Math.max(most, figures.otherLoadCore0Percent, figures.otherLoadCore1Percent);
  }
  return most;
}

/** The runs grouped by path and request (in the order first measured), each with its ratios. */
export function compareLoad(rows: readonly LoadRow[]): LoadComparison[] {
  const groups = new Map<string, LoadRow[]>();
  for (const row of rows) {
    const key = `${row.path} ${row.mode}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [row]);
    else group.push(row);
  }
  return [...groups.values()].map((group) => {
    const first = group[0] as LoadRow;
    const servers: Partial<Record<ServerName, ServerFigures>> = {};
    for (const server of SERVERS) {
      const figures = figuresOf(group.filter((row) => row.server === server));
      if (figures !== undefined) servers[server] = figures;
    }
    return {
      path: first.path,
      mode: first.mode,
      servers,
      cpuVsBare: ratiosByTurn(group, "bare"),
      cpuVsNginx: ratiosByTurn(group, "nginx"),
    };
  });
}

function figuresOf(runs: readonly LoadRow[]): ServerFigures | undefined {
  const first = runs[0];
  const cpu = spreadOf(runs.map((row) => row.cpuMicrosPerRequest));
  const rate = spreadOf(runs.map((row) => row.requestsPerSecond));
  const p99 = spreadOf(runs.map((row) => row.p99Ms));
  if (first === undefined || cpu === undefined || rate === undefined || p99 === undefined) {
    return undefined;
  }
  return {
    server: first.server,
    status: first.status,
    contentEncoding: first.contentEncoding,
    bodyBytes: first.bodyBytes,
    cpuMicrosPerRequest: cpu,
    requestsPerSecond: rate,
    p99Ms: p99,
    otherLoadCore0Percent: Math.max(...runs.map((row) => row.otherLoadCore0Percent)),
    otherLoadCore1Percent: Math.max(...runs.map((row) => row.otherLoadCore1Percent)),
    errors: runs.reduce((sum, row) => sum + row.non2xx3xx + row.socketErrors, 0),
  };
}

/** Node's CPU per request over `reference`'s, for each turn both were measured in. */
function ratiosByTurn(group: readonly LoadRow[], reference: ServerName): number[] {
  const turns = [...new Set(group.map((row) => row.repetition))].sort((a, b) => a - b);
  const node: number[] = [];
  const other: number[] = [];
  for (const turn of turns) {
    const a = group.find((row) => row.server === "node" && row.repetition === turn);
    const b = group.find((row) => row.server === reference && row.repetition === turn);
    if (a === undefined || b === undefined) continue;
    node.push(a.cpuMicrosPerRequest);
    other.push(b.cpuMicrosPerRequest);
  }
  return pairedRatios(node, other);
}
