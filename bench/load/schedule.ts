import type { RequestMode, ServerName } from "../report/results.ts";

/**
 * The order of the load runs: each path and request is measured on every server in turns, one
 * server right after the other, and the turn repeated; the server that goes first rotates. Other
 * processes come and go on a shared machine: measured in turns, they weigh on every server alike,
 * and a turn's ratio cancels most of what they cost.
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
  /** The turn, from 1. */
  readonly repetition: number;
  /** The first run of this server and request: warmed up first (JIT, caches, connections). */
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
          const kind = `${server} ${mode}`;
          runs.push({ path, mode, server, repetition, isFirstOfKind: !seen.has(kind) });
          seen.add(kind);
        }
      }
    }
  }
  return runs;
}
