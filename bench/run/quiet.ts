import { execFileSync } from "node:child_process";
import { sleep } from "../../harness/sleep.ts";
import { coreTicks } from "../shared/proc.ts";

/** Waiting for a quiet machine, so that other processes do not skew the figures. */

const QUIET_CORE_PERCENT = 10;
const QUIET_SAMPLE_MS = 500;

const log = (message: string) => console.log(message);

/** Share of a core (or of all) busy between two readings of /proc/stat, in percent. */
export function busyPercent(
  before: { busy: number; total: number },
  after: { busy: number; total: number },
): number {
  return ((after.busy - before.busy) / Math.max(1, after.total - before.total)) * 100;
}

/**
 * Waits until both cores have been less than QUIET_CORE_PERCENT busy for half a second, so that a
 * run does not start while other processes (a test suite, a browser) hold a core; gives up when
 * the run's waiting budget is spent. Noise that arrives during a run shows in "others on core 0/1".
 */
export async function waitForQuiet(budget: { remainingMs: number }): Promise<void> {
  let hasSaid = false;
  while (budget.remainingMs > 0) {
    const before = [coreTicks(0), coreTicks(1)];
    await sleep(QUIET_SAMPLE_MS);
    budget.remainingMs -= QUIET_SAMPLE_MS;
    const busy = [coreTicks(0), coreTicks(1)].map((after, core) =>
      busyPercent(before[core] ?? { busy: 0, total: 0 }, after),
    );
    if (busy.every((percent) => percent < QUIET_CORE_PERCENT)) return;
    if (!hasSaid) {
      hasSaid = true;
      log(
        `    waiting for other processes: core 0 ${busy[0]?.toFixed(0)} %, core 1 ${busy[1]?.toFixed(0)} % busy (${Math.round(budget.remainingMs / 1000)} s of waiting left)`,
      );
    }
  }
}

/** Share of all cores busy over one second, from /proc/stat. */
export async function machineBusyPercent(): Promise<number> {
  const before = coreTicks("all");
  await sleep(1000);
  return busyPercent(before, coreTicks("all"));
}

/**
 * Writes what earlier runs left in the page cache out to the disk (`sync`), untimed, so a timed
 * run that writes files starts as clean as the one before it. Three 100k exports in a row write
 * about 8 GB: left dirty, each found more of its predecessors' data still to be written back and
 * ran longer than the last (74, 92 and 109 s for the same warm export on 2026-12-03).
 */
export function flushDirtyPages(): void {
  execFileSync("sync", { stdio: "ignore" });
}
