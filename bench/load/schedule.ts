import type { RequestMode, ServerName } from "../report/results.ts";

/**
 * The order of the load runs: each path and request is measured on every server in turns, one
 * server right after the other, and the turn repeated; the server that goes first rotates. Other
 * processes come and go on a shared machine: measured in turns, they weigh on every server alike,
 * and a turn's ratio cancels most of what they cost. Each turn has its own process of each server
 * (see load.ts): two processes of the same Node code can differ by several microseconds per
 * request for as long as they run, so a figure from one process says as much about that process
 * as about the code.
 */

export const MODES: readonly RequestMode[] = ["plain", "gzip", "conditional"];

/** nginx serves the identity bytes only (gzip off): it has no gzip run. */
export function isMeasured(server: ServerName, mode: RequestMode): boolean {
  return !(server === "nginx" && mode === "gzip");
}

export interface LoadRun {
  readonly path: string;
  readonly mode: RequestMode;
  readonly server: ServerName;
  /** The turn, from 1; also which of the server's processes runs it (one per turn). */
  readonly repetition: number;
  /**
   * The first run of this request on this process of the server: warmed up first (JIT, caches,
   * connections).
   */
  readonly isFirstOfKind: boolean;
}

/** Every run, in the order to make them. */
export function loadSchedule(
  paths: readonly string[],
  servers: readonly ServerName[],
  repetitions: number,
): LoadRun[] {
  const runs: LoadRun[] = [];
  const seen = new Set<string>();
  for (const mode of MODES) {
    for (const path of paths) {
      for (let repetition = 1; repetition <= repetitions; repetition++) {
        const shift = (repetition - 1) % servers.length;
        const rotated = [...servers.slice(shift), ...servers.slice(0, shift)];
        for (const server of rotated.filter((candidate) => isMeasured(candidate, mode))) {
          const kind = `${server} ${repetition} ${mode}`;
          runs.push({ path, mode, server, repetition, isFirstOfKind: !seen.has(kind) });
          seen.add(kind);
        }
      }
    }
  }
  return runs;
}
