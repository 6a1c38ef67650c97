import type { RunningServer } from "../../harness/server.ts";
import type { Failures } from "./failures.ts";
import type { WriteNote } from "./seed-writer.ts";
import { RELOAD_LIMIT_MS } from "./settings.ts";

/** Whether the server published every write of the soak's writer in time, from its log. */

// "2025-12-04T10:00:00.000Z updated 2023/04/000123_foo.txt": one line per seed a reload changed.
const RELOAD_LINE = /^(\S+) (?:added|updated|removed) (\S+)$/u;

/** A write the server did not reload in time, with its next reload after the limit, if any. */
export interface LateWrite {
  readonly note: WriteNote;
  readonly laterMs: number | undefined;
}

export interface ReloadAudit {
  readonly total: number;
  /** Writes replaced by a later write to the same seed within the limit: one reload may cover both. */
  readonly superseded: number;
  readonly late: readonly LateWrite[];
}

/**
 * Matches each write of `journal` with the server's `added|updated|removed PATH` lines: a write
 * is on time when its path was logged within `limitMs` after it.
 */
export function auditReloads(
  journal: readonly WriteNote[],
  serverLines: readonly string[],
  limitMs: number,
): ReloadAudit {
  const reloadedAt = new Map<string, number[]>();
  for (const line of serverLines) {
    const match = RELOAD_LINE.exec(line);
    if (match?.[1] === undefined || match[2] === undefined) continue;
    const times = reloadedAt.get(match[2]) ?? [];
    times.push(Date.parse(match[1]));
    reloadedAt.set(match[2], times);
  }
  const byPath = new Map<string, WriteNote[]>();
  for (const note of journal) {
    const notes = byPath.get(note.path) ?? [];
    notes.push(note);
    byPath.set(note.path, notes);
  }
  let superseded = 0;
  const late: LateWrite[] = [];
  for (const [path, notes] of byPath) {
    const times = reloadedAt.get(path) ?? [];
    notes.forEach((note, at) => {
      const deadline = note.atMs + limitMs;
      const next = notes[at + 1];
      if (next !== undefined && next.atMs <= deadline) {
        superseded++;
        return;
      }
      // The server's clock is ours; its millisecond stamps may round below the write's.
      if (times.some((time) => time >= note.atMs - 5 && time <= deadline)) return;
      late.push({ note, laterMs: times.find((time) => time > deadline) });
    });
  }
  return { total: journal.length, superseded, late };
}

/**
 * Every write was reloaded within RELOAD_LIMIT_MS: the server logged its seed's path by then,
 * unless a later write to the same seed came first (one reload may then cover both).
 */
export function checkReloads(
  journal: readonly WriteNote[],
  server: RunningServer,
  failures: Failures,
): void {
  const { total, superseded, late } = auditReloads(journal, server.lines, RELOAD_LIMIT_MS);
  for (const { note, laterMs } of late) {
    failures.add(
      `write not reloaded within ${RELOAD_LIMIT_MS / 1000} s`,
      `${note.path} ${note.what} at ${new Date(note.atMs).toISOString()}, ${laterMs === undefined ? "not reloaded by the end of the run" : `its next reload came ${((laterMs - note.atMs) / 1000).toFixed(1)} s later`}`,
    );
  }
  console.log(
    `soak: reloads: ${total - superseded - late.length} of ${total} writes were published within ${RELOAD_LIMIT_MS / 1000} s, ${superseded} were replaced by a later write to the same seed first, ${late.length} were not`,
  );
}
