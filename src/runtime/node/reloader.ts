import { describeError } from "../describe-error.ts";
import { log, logProblem } from "./log.ts";
import { type ScanReport, type SeedLibrary, SeedsFolderError } from "./seed-library.ts";

// While the seeds folder is gone, look for it again this often.
const FOLDER_RETRY_MS = 1_000;

/** How a rescan ended, with how long it took: for /metrics. */
export type OnScanned = (outcome: "changed" | "unchanged" | "failed", seconds: number) => void;

/**
 * Serialises rescans: one at a time, and one more if changes arrived during it. Paths a watcher
 * named are re-read alone; anything else (a folder, an unnamed event) rescans the whole folder.
 */
export function createReloader(
  library: SeedLibrary,
  onChange: (report: ScanReport) => void,
  onScanned?: OnScanned,
): (changed: ReadonlySet<string> | "all") => void {
  let isRunning = false;
  let pending: Set<string> | "all" | undefined;
  let wasFolderMissing = false;
  const run = async (changed: ReadonlySet<string> | "all") => {
    if (isRunning) {
      pending =
        pending === "all" || changed === "all" ? "all" : new Set([...(pending ?? []), ...changed]);
      return;
    }
    isRunning = true;
    const started = performance.now();
    try {
      const report = await library.scan(undefined, changed === "all" ? undefined : changed);
      onScanned?.(report.isChanged ? "changed" : "unchanged", (performance.now() - started) / 1000);
      if (wasFolderMissing) log(`the seeds folder ${library.folder} is readable again`);
      wasFolderMissing = false;
      if (report.isChanged) onChange(report);
    } catch (error) {
      onScanned?.("failed", (performance.now() - started) / 1000);
      // A bug of ours during a reload is logged, but it must not take the server down either.
      if (!(error instanceof SeedsFolderError)) {
        logProblem(`reload failed: ${describeError(error)}; still serving the last good articles`);
      } else {
        if (!wasFolderMissing) logProblem(`${error.message}; still serving the last good articles`);
        wasFolderMissing = true;
        // Try again until the folder is back (a watcher may never say so), then read everything.
        setTimeout(() => void run("all"), FOLDER_RETRY_MS).unref();
      }
    } finally {
      isRunning = false;
      const next = pending;
      pending = undefined;
      if (next !== undefined && !wasFolderMissing) void run(next);
    }
  };
  return (changed) => void run(changed);
}
