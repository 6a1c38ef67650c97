import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { accessSync, constants, readFileSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:net";
import { delimiter, join } from "node:path";
import { createInterface } from "node:readline";

const STOP_GRACE_MS = 5_000;

/** A child process of the benchmark: its PID, everything it printed, and how to stop it. */
export interface Child {
  readonly name: string;
  readonly pid: number;
  /** stdout and stderr lines in arrival order. */
  readonly lines: string[];
  /** performance.now() when each line arrived. */
  readonly lineTimes: number[];
  /** Resolves with the exit code (or the signal's name) when the process has ended. */
  readonly exited: Promise<number | string>;
  readonly hasExited: () => boolean;
  /**
   * Resolves with the first line at index `after` or later that matches.
   * @throws {ChildError} when none arrives within `timeoutMs` or the process ends first.
   */
  waitForLine(pattern: RegExp, timeoutMs: number, after?: number): Promise<string>;
  /** SIGTERM to this PID, SIGKILL after 5 s; resolves when it has ended. */
  stop(): Promise<void>;
}

/** A child did not do what the benchmark waited for; the message quotes its last lines. */
export class ChildError extends Error {
  override readonly name = "ChildError";
}

const running = new Set<Child>();

/** Starts a process that is stopped by `stopAll` at the latest, also on error or timeout. */
export function startChild(
  name: string,
  command: string,
  args: readonly string[],
  options: {
    readonly cwd?: string;
    readonly env?: NodeJS.ProcessEnv;
    readonly onLine?: (line: string) => void;
  } = {},
): Child {
  const process_: ChildProcess = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const pid = process_.pid;
  if (pid === undefined) throw new ChildError(`${name}: cannot start ${command}`);
  const lines: string[] = [];
  const lineTimes: number[] = [];
  const waiters = new Set<() => void>();
  let isEnded = false;
  const exited = new Promise<number | string>((resolve) => {
    process_.once("exit", (code, signal) => {
      isEnded = true;
      for (const wake of waiters) wake();
      resolve(code ?? signal ?? "unknown");
    });
    process_.once("error", (error) => {
      isEnded = true;
      lines.push(`(${error.message})`);
      for (const wake of waiters) wake();
      resolve("error");
    });
  });
  for (const stream of [process_.stdout, process_.stderr]) {
    if (stream === null) continue;
    createInterface({ input: stream }).on("line", (line) => {
      lines.push(line);
      lineTimes.push(performance.now());
      options.onLine?.(line);
      for (const wake of waiters) wake();
    });
  }

  const child: Child = {
    name,
    pid,
    lines,
    lineTimes,
    exited,
    hasExited: () => isEnded,
    waitForLine(pattern, timeoutMs, after = 0) {
      return new Promise((resolve, reject) => {
        let timer: NodeJS.Timeout | undefined;
        const check = () => {
          const line = lines.slice(after).find((candidate) => pattern.test(candidate));
          if (line !== undefined || isEnded) {
            clearTimeout(timer);
            waiters.delete(check);
            if (line !== undefined) resolve(line);
            else reject(new ChildError(`${name} ended before printing ${pattern}${tail(lines)}`));
          }
        };
        timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new ChildError(`${name} did not print ${pattern} within ${timeoutMs} ms${tail(lines)}`),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async stop() {
      if (!isEnded) {
        signal(pid, "SIGTERM");
        const timer = setTimeout(() => signal(pid, "SIGKILL"), STOP_GRACE_MS);
        await exited;
        clearTimeout(timer);
      }
      running.delete(child);
    },
  };
  running.add(child);
  void exited.then(() => running.delete(child));
  return child;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/** The last lines a child printed, for an error message. */
export function tail(lines: readonly string[], count = 15): string {
  return lines.length === 0 ? "" : `; its last output:\n  ${lines.slice(-count).join("\n  ")}`;
}

/** Stops every child still running, each by its own PID. */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((child) => child.stop()));
}

/** Sends SIGKILL to every child still running, synchronously: the last resort on exit. */
export function killAllNow(): void {
  for (const child of running) signal(child.pid, "SIGKILL");
}

/** A port that was free a moment ago on 127.0.0.1. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => {
        if (typeof address === "object" && address !== null) resolve(address.port);
        else reject(new Error(`cannot find a free port: got ${String(address)}`));
      });
    });
  });
}

/** An executable's path on PATH (or in /usr/sbin and /sbin, where Debian puts nginx). */
export function findExecutable(name: string): string | undefined {
  const folders = [...(process.env.PATH ?? "").split(delimiter), "/usr/sbin", "/sbin"];
  for (const folder of folders) {
    if (folder === "") continue;
    const candidate = join(folder, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The kernel's clock ticks per second, the unit of /proc/PID/stat's CPU times. */
export function clockTicksPerSecond(): number {
  const ticks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
  if (!Number.isInteger(ticks) || ticks <= 0) throw new Error(`getconf CLK_TCK said ${ticks}`);
  return ticks;
}

/**
 * CPU time (user + system, in clock ticks) of this process's children that have ended and been
 * reaped: proc(5) /proc/self/stat fields 16 and 17 (cutime, cstime).
 */
export function endedChildrenCpuTicks(): number {
  const stat = readFileSync("/proc/self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[13]) + Number(fields[14]);
}

/** User plus system CPU time a process has used, in clock ticks (proc(5): fields 14 and 15). */
export function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) may contain spaces and parentheses: count from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]);
}

/**
 * Busy and total time of one core (or of all, `cpu`), in clock ticks since boot (proc(5):
 * /proc/stat; busy is everything but idle and iowait).
 */
export function coreTicks(core: number | "all"): { busy: number; total: number } {
  const name = core === "all" ? "cpu" : `cpu${core}`;
  const line = readFileSync("/proc/stat", "utf8")
    .split("\n")
    .find((candidate) => candidate.startsWith(`${name} `));
  if (line === undefined) throw new Error(`/proc/stat has no ${name} line`);
  // user nice system idle iowait irq softirq steal (guest time is already in user)
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] =
    line.trim().split(/\s+/u).slice(1, 9).map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

/** Peak and current resident memory of a process in bytes (VmHWM, VmRSS of /proc/PID/status). */
export function memoryOf(pid: number): { peakRss: number; rss: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB$`, "mu").exec(status)?.[1] ?? NaN);
  return { peakRss: kib("VmHWM") * 1024, rss: kib("VmRSS") * 1024 };
}

/** A response as it came over the wire: no decompression, no redirects. */
export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
  /** performance.now() when the status line and headers had arrived: the first byte. */
  readonly receivedAt: number;
}

/** One GET on a fresh connection with exactly these headers. */
export function httpGet(
  url: string,
  headers: Readonly<Record<string, string>> = {},
  timeoutMs = 5_000,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: "GET", headers, agent: false, timeout: timeoutMs },
      (res) => {
        const receivedAt = performance.now();
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
            receivedAt,
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`GET ${url}: no answer within ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end();
  });
}

/** A header's single value. */
export function header(response: RawResponse, name: string): string | undefined {
  const value = response.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(", ") : value;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
