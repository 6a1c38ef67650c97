import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { startChild } from "../../harness/child.ts";
import { BUILT_ENTRY, REPO_ROOT } from "../../harness/server.ts";
import type { ExportRow } from "../report/results.ts";
import { BenchError } from "../run/bench-error.ts";
import { FOLDERS } from "../run/environment.ts";
import { flushDirtyPages, waitForQuiet } from "../run/quiet.ts";
import { ensureCorpus } from "../startup/corpus-cache.ts";

/** The static export of a corpus, timed: `feed-publisher export` as a child process. */

/** A fixed BASE_URL: the cache is keyed by it, and an export must not depend on a port. */
export const EXPORT_BASE_URL = "http://bench.invalid";
const EXPORT_TIMEOUT_MS = 15 * 60_000;

/** One timed export. */
export interface ExportRun {
  /** From spawning the command to its exit. */
  readonly wallMs: number;
  /** Files under the output folder when it ended (`_headers` included). */
  readonly files: number;
  /** Its own summary line (`exported N files and _headers …`), when it printed one. */
  readonly summary: string | undefined;
}

/**
 * Runs the compiled program, `node dist/node/runtime/cli/feed-publisher.js export --out OUT
 * --allow-default-id-authority` with SEEDS_DIR and CACHE_DIR, into `outDir` (which should not
 * exist yet: see runExportSection).
 * @throws {BenchError} when it exits with anything but 0, or runs longer than `timeoutMs`.
 */
export async function runExport(
  seedsDir: string,
  outDir: string,
  cacheDir: string,
  timeoutMs: number,
): Promise<ExportRun> {
  const args = [BUILT_ENTRY, "export", "--out", outDir];
  const started = performance.now();
  const child = startChild("export", process.execPath, [...args, "--allow-default-id-authority"], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: process.env.HOME ?? "/tmp",
      TMPDIR: process.env.TMPDIR ?? "/tmp",
      SEEDS_DIR: seedsDir,
      CACHE_DIR: cacheDir,
      BASE_URL: EXPORT_BASE_URL,
    },
  });
  const timer = setTimeout(() => void child.stop(), timeoutMs);
  const code = await child.exited;
  clearTimeout(timer);
  const wallMs = performance.now() - started;
  if (code !== 0) {
    throw new BenchError(
      `export of ${seedsDir} ended with ${code} after ${(wallMs / 1000).toFixed(1)} s (limit ${timeoutMs / 1000} s): ${child.lines.slice(-10).join("\n  ")}`,
    );
  }
  const listing = await readdir(outDir, { recursive: true, withFileTypes: true });
  return {
    wallMs,
    files: listing.filter((entry) => entry.isFile()).length,
    summary: child.lines.find((line) => line.startsWith("exported ")),
  };
}

/** The files of a rendered site, relative to its root and `/` separated. */
export async function siteFiles(dir: string): Promise<string[]> {
  const listing = await readdir(dir, { recursive: true, withFileTypes: true });
  return listing
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1));
}

/**
 * Issue 11's export rows: per size, `runs` times a cold export (an empty CACHE_DIR of its own)
 * and a warm one on the cache it left, each after waiting (within the run's budget) for quiet
 * cores. One run says little here: the same export's wall time varied by a tenth from one run
 * to the next on this machine. Corpora come from the bench's cache.
 *
 * Every export writes into a folder of its own, and all of them are removed only when the last
 * row is measured. On an ext4 without a journal (this machine's disk), creating a file scans the
 * inodes freed in the last minute or more; an export started right after 100,000 files were
 * removed spent seconds of system time in that scan, which is the kernel's cost, not the
 * export's (bench/README.md).
 */
export async function runExportSection(
  sizes: readonly number[],
  seed: number,
  runs: number,
  notes: string[],
  quietBudget: { remainingMs: number },
): Promise<ExportRow[]> {
  const rows: ExportRow[] = [];
  const scratch = join(FOLDERS.workDir, "export");
  // Left over from an interrupted run: removed before anything is timed.
  await rm(scratch, { recursive: true, force: true });
  try {
    for (const articles of [1, ...sizes.filter((size) => size !== 1)]) {
      const corpus = await ensureCorpus(articles, seed, notes);
      if (corpus === undefined) continue;
      const wallMs = { cold: [] as number[], warm: [] as number[] };
      let files = 0;
      for (let run = 1; run <= runs; run++) {
        const cacheDir = join(scratch, `cache-${articles}-${run}`);
        for (const start of ["cold", "warm"] as const) {
          const outDir = join(scratch, `out-${articles}-${run}-${start}`);
          // A wall time: other processes on the cores, and the earlier runs' files still being
          // written back to the disk, lengthen it.
          flushDirtyPages();
          await waitForQuiet(quietBudget);
          const measured = await runExport(corpus.dir, outDir, cacheDir, EXPORT_TIMEOUT_MS);
          console.log(
            `export: ${articles} articles, ${start} cache, run ${run} of ${runs}: ${(measured.wallMs / 1000).toFixed(2)} s, ${measured.files} files`,
          );
          wallMs[start].push(measured.wallMs);
          files = measured.files;
        }
      }
      for (const start of ["cold", "warm"] as const) {
        rows.push({ articles, start, wallMs: wallMs[start], files });
      }
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return rows;
}
