import { LOAD_CORE, SERVER_CORE } from "../load/settings.ts";
import type { BenchResults, LoadSection } from "./results.ts";
import { loadTable, reloadTable, startupTable, targetTable } from "./tables.ts";

/**
 * What `npm run bench` prints at the end: the load, start-up, reload and target tables, then the
 * notes on what was skipped.
 */
export function summaryLines(results: BenchResults, load: LoadSection): string[] {
  const { wrk } = load;
  const lines = [
    "",
    `## Serving (${load.articles} articles; wrk -t${wrk.threads} -c${wrk.connections} -d${wrk.seconds}s on core ${LOAD_CORE}, servers on core ${SERVER_CORE}, ${load.repetitions} turns; median (range); nginx gzip off)`,
    loadTable(load),
    "",
    "## Start-up (spawn to first /feed.xml byte; not pinned; cold: empty CACHE_DIR, warm: a restart)",
    startupTable(results.startup),
  ];
  if (results.reload !== undefined) {
    lines.push("", "## Incremental reload", reloadTable(results.reload));
  }
  lines.push("", "## Targets", targetTable(results.targets));
  for (const note of results.notes.filter((note) => note.startsWith("skipped"))) {
    lines.push(`\n${note}`);
  }
  return lines;
}
