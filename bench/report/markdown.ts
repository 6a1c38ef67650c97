import { SERVER_COMMAND, SERVER_ENTRY } from "../../harness/server.ts";
import { number } from "./format.ts";
import type { BenchResults } from "./results.ts";
import { loadTable, reloadTable, startupTable, targetTable } from "./tables.ts";

/** bench/results.md: the tables with a line on how they were taken. */
export function renderMarkdown(results: BenchResults): string {
  const { machine } = results;
  const parts = [
    `# Benchmark results${results.isQuick ? " (quick smoke run: not for quoting)" : ""}`,
    "",
    `\`npm run bench\` on ${results.createdAt.slice(0, 10)}: ${machine.cpuCount} × ${machine.cpu}, Linux ${machine.kernel}, Node ${machine.node}, ${machine.nginx}, ${machine.wrk}; code at ${results.code.commit.slice(0, 7)}${results.code.isSrcChanged ? " with uncommitted changes in src/" : ""}. Chart: [chart.svg](chart.svg).`,
  ];
  if (results.load !== undefined) {
    const { wrk } = results.load;
    parts.push(
      "",
      `## Serving the feeds (${number(results.load.articles)} articles, newest 50 in each feed)`,
      "",
      `Three servers, each pinned alone to core 0, loaded with \`wrk -t${wrk.threads} -c${wrk.connections} -d${wrk.seconds}s --latency\` from core 1: this server; **bare node:http**, a few lines of \`node:http\` (bench/load/bare-server.ts, the same Node and loader) sending the status, headers (names, case and order) and bytes this server sent, checked byte for byte before the runs: the Node floor; and nginx serving the same bytes as static files (gzip off, so it has no gzip row). Each path and request is measured on the three servers in turns, one right after the other, ${results.load.repetitions} turns, the first server of each turn rotating. A figure is the median of the turns with their range in brackets; a ratio is taken turn by turn (both servers measured within seconds of each other) and its median and range shown. A verdict against the issue's limit (CPU ≤ 1.15× bare node:http for a GET, ≤ 1.3× for a 304) is refused when the ratios' range is wider than the gap between their median and the limit. CPU per request is the server's utime + stime from /proc/PID/stat over the run, divided by wrk's request count. "Others' load" is the most of the server's core (0) and of wrk's core (1) that other processes took in any run of the row (from /proc/stat, minus the server's and wrk's own time): the further above 0 %, the noisier the row.`,
      "",
      loadTable(results.load),
    );
  }
  if (results.startup.length > 0) {
    parts.push(
      "",
      "## Start-up",
      "",
      `From spawning \`node --import tsx ${SERVER_ENTRY} ${SERVER_COMMAND}\` (not pinned: both cores) to the first 200 of \`/feed.xml\`; median of the runs. Each run is a pair: a **cold** start with an empty CACHE_DIR (a first start: every seed read and parsed, the cache written after the first byte), then a **warm** start on the cache the cold one left (a restart). "Listening after" is when the server printed \`serving … on\`, "server's load time" the figure in its \`published N, skipped M (T ms)\` line. Peak RSS is VmHWM right after the first \`/feed.xml\`. "Others" is the share of both cores that other processes (not the server, not the benchmark) took meanwhile.`,
      "",
      startupTable(results.startup),
    );
  }
  if (results.reload !== undefined) {
    parts.push(
      "",
      "## Incremental reload",
      "",
      `One seed's title rewritten (written to a temporary name, renamed into place); /feed.xml polled every 10 ms. The server waits RELOAD_DEBOUNCE_MS = ${results.reload.debounceMs} ms of quiet before it re-reads.`,
      "",
      reloadTable(results.reload),
      "",
      "What the server logged after the write:",
      "",
      "```",
      ...results.reload.serverLog,
      "```",
    );
  }
  parts.push("", "## Targets (issue 13)", "", targetTable(results.targets));
  if (results.notes.length > 0) {
    parts.push("", "## Notes", "", ...results.notes.map((note) => `- ${note}`));
  }
  return `${parts.join("\n")}\n`;
}
