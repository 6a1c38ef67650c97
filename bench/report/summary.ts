import { LOAD_CORE, SERVER_CORE } from "../load/settings.ts";
import { edgeCpuTable, edgeSiteTable, exportTable } from "./edge-tables.ts";
import type { BenchResults } from "./results.ts";
import { loadTable, reloadTable, startupTable, targetTable } from "./tables.ts";

/**
 * What `npm run bench` prints at the end: the load, start-up, reload and target tables, then the
 * notes on what was skipped.
 */
export function summaryLines(results: BenchResults): string[] {
  const { load } = results;
  const lines: string[] = [];
  if (load !== undefined) {
    const { wrk } = load;
    lines.push(
      "",
      `## Serving (${load.articles} articles; wrk -t${wrk.threads} -c${wrk.connections} -d${wrk.seconds}s on core ${LOAD_CORE}, servers on core ${SERVER_CORE}, ${load.repetitions} turns; median (range); nginx gzip off)`,
      loadTable(load),
    );
  }
  if (results.startup.length > 0) {
    lines.push(
      "",
      "## Start-up (spawn to first /feed.xml byte; not pinned; cold: empty CACHE_DIR, warm: a restart)",
      startupTable(results.startup),
    );
  }
  if (results.reload !== undefined) {
    lines.push("", "## Incremental reload", reloadTable(results.reload));
  }
  if (results.edge !== undefined) {
    lines.push(
      "",
      `## Edge: workerd CPU per request (fresh wrangler dev per run, ${results.edge.runs} runs; median (range) ms)`,
      edgeCpuTable(results.edge),
      "",
      "## Edge: the built Worker site (script gzip: node:zlib default level)",
      edgeSiteTable(results.edge),
    );
  }
  if (results.staticExport !== undefined) {
    lines.push(
      "",
      "## Static export (cold: empty CACHE_DIR; warm: its cache)",
      exportTable(results.staticExport),
    );
  }
  lines.push("", "## Targets", targetTable(results.targets));
  for (const note of results.notes.filter((note) => note.startsWith("skipped"))) {
    lines.push(`\n${note}`);
  }
  return lines;
}
