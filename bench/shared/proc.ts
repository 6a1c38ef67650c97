import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/** What the Linux kernel says about CPU time and memory (proc(5)), for the bench and the soak. */

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

/**
 * Nanoseconds on a CPU from one thread's /proc/PID/task/TID/schedstat: its first field (the
 * kernel's sched_info: time on CPU, time waiting on a run queue, timeslices run).
 * @throws {Error} when the text is not three whole numbers.
 */
export function parseSchedstat(text: string): number {
  const fields = text.trim().split(/\s+/u);
  const onCpu = Number(fields[0]);
  if (fields.length !== 3 || !fields.every((field) => /^\d+$/u.test(field))) {
    throw new Error(`schedstat: expected three whole numbers, got ${JSON.stringify(text)}`);
  }
  return onCpu;
}

/**
 * CPU time of a process in nanoseconds: the schedstat of each of its threads, summed. Finer than
 * /proc/PID/stat, whose clock ticks (10 ms at CLK_TCK 100) are as long as what the edge bench
 * measures. A thread that has ended is no longer listed, so its time drops out of the sum.
 * @throws {Error} when the process does not exist.
 */
export function cpuNanos(pid: number): number {
  let total = 0;
  for (const thread of readdirSync(`/proc/${pid}/task`)) {
    try {
      total += parseSchedstat(readFileSync(`/proc/${pid}/task/${thread}/schedstat`, "utf8"));
    } catch (error) {
      // A thread that ended between the listing and the read.
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  return total;
}
