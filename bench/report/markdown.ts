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
      `\`wrk -t${wrk.threads} -c${wrk.connections} -d${wrk.seconds}s --latency\` on core 1; the server under test alone on core 0 (one at a time). nginx serves the bytes our server sent as static files with gzip off: its gzip row is its identity response, so that row compares our gzip with nginx's plain bytes. CPU per request is the server's utime + stime from /proc/PID/stat over the run, divided by wrk's request count. "Others on core 0/1" is the share of the server's core and of wrk's core that other processes took during the run (from /proc/stat, minus the server's and wrk's own time): the further above 0 %, the noisier the row; a starved wrk also makes the server spend more CPU per response.`,
      "",
      loadTable(results.load),
    );
  }
  if (results.startup.length > 0) {
    parts.push(
      "",
      "## Start-up",
      "",
      `From spawning \`node --import tsx ${SERVER_ENTRY} ${SERVER_COMMAND}\` (not pinned: both cores) to the first 200 of \`/feed.xml\`; median of the runs. "Listening after" is when the server printed \`serving … on\`, "server's load time" the figure in its \`published N, skipped M (T ms)\` line. Peak RSS is VmHWM right after the first \`/feed.xml\`. "Others" is the share of both cores that other processes (not the server, not the benchmark) took meanwhile.`,
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
  parts.push("", "## Targets (issue 6)", "", targetTable(results.targets));
  if (results.notes.length > 0) {
    parts.push("", "## Notes", "", ...results.notes.map((note) => `- ${note}`));
  }
  return `${parts.join("\n")}\n`;
}
