/**
 * The arithmetic of one request's CPU time on workerd: quiet checks and the idle drift taken off.
 * workerd keeps timers and I/O threads running, so a request's CPU is what its window took
 * beyond the idle rate measured just before it.
 */

/** Two readings of workerd's CPU less than this apart (over QUIET_WINDOW_MS) mean it is idle. */
export const QUIET_NS = 1_000_000;
/** How far apart the two readings of a quiet check are. */
export const QUIET_WINDOW_MS = 200;
/** How long after the body has arrived before the settled check: logging and GC finish. */
export const SETTLE_MS = 300;

/** workerd's CPU time in nanoseconds (all its threads), and when it was read (performance.now()). */
export interface CpuReading {
  readonly ns: number;
  readonly atMs: number;
}

/** A pair of readings QUIET_WINDOW_MS apart. */
export interface CpuWindow {
  readonly start: CpuReading;
  readonly end: CpuReading;
}

/** Whether workerd used less than QUIET_NS of CPU over the window. */
export function isQuiet(window: CpuWindow): boolean {
  return window.end.ns - window.start.ns < QUIET_NS;
}

/**
 * The CPU one request took: from `before` (the end of the quiet window just before it) to `after`
 * (the start of the quiet window after it), minus the idle rate of `idle` over that time; never
 * below 0.
 */
export function requestCpuNs(before: CpuReading, after: CpuReading, idle: CpuWindow): number {
  const idleMs = idle.end.atMs - idle.start.atMs;
  const idleRate = idleMs > 0 ? (idle.end.ns - idle.start.ns) / idleMs : 0;
  const drift = idleRate * (after.atMs - before.atMs);
  return Math.max(0, after.ns - before.ns - drift);
}
