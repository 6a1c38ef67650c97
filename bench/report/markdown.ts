import { BUILT_ENTRY, SERVER_COMMAND } from "../../harness/server.ts";
import { edgeCpuTable, edgeSiteTable, exportTable } from "./edge-tables.ts";
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
      `Three servers, each pinned alone to core 0, loaded with \`wrk -t${wrk.threads} -c${wrk.connections} -d${wrk.seconds}s --latency\` from core 1: this server, compiled (\`npm run build\`, run as \`node ${BUILT_ENTRY} serve\` as in production); **bare node:http**, a few lines of \`node:http\` (bench/load/bare-server.ts, the same Node; run through tsx, whose only per-request cost, a wrapper around each function created, its request path never pays) sending the status, headers (names, case and order) and bytes this server sent, checked byte for byte before the runs: the Node floor; and nginx serving the same bytes as static files (gzip off, so it has no gzip row). Each path and request is measured on the three servers in turns, one right after the other, ${results.load.repetitions} turns, the first server of each turn rotating; each turn has its own process of each server (two processes of the same code can differ by microseconds per request for as long as they run, and a range over one process would hide that). A figure is the median of the turns with their range in brackets; a ratio is taken turn by turn (both servers measured within seconds of each other) and its median and range shown. A verdict against the issue's limit (CPU ≤ 1.15× bare node:http for a GET, ≤ 1.3× for a 304) is refused when the ratios' range is wider than the gap between their median and the limit. CPU per request is the server's utime + stime from /proc/PID/stat over the run, divided by wrk's request count. "Others' load" is the most of the server's core (0) and of wrk's core (1) that other processes took in any run of the row (from /proc/stat, minus the server's and wrk's own time): the further above 0 %, the noisier the row.`,
      "",
      loadTable(results.load),
    );
  }
  if (results.startup.length > 0) {
    parts.push(
      "",
      "## Start-up",
      "",
      `From spawning \`node ${BUILT_ENTRY} ${SERVER_COMMAND}\` (the compiled build, as in production; not pinned: both cores) to the first 200 of \`/feed.xml\`; median of the runs. Each run is a pair: a **cold** start with an empty CACHE_DIR (a first start: every seed read and parsed, the cache written after the first byte), then a **warm** start on the cache the cold one left (a restart). "Listening after" is when the server printed \`serving … on\`, "server's load time" the figure in its \`published N, skipped M (T ms)\` line. Peak RSS is VmHWM once the start is over: right after the first \`/feed.xml\` on a warm start, after the cache snapshot is on disk (\`cache: saved N seeds\`) on a cold one, which writes it after the first byte; "RSS after start" is VmRSS at the first byte. "Others" is the share of both cores that other processes (not the server, not the benchmark) took meanwhile.`,
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
  if (results.edge !== undefined) {
    const { edge } = results;
    parts.push(
      "",
      "## Edge: workerd CPU per request (issue 11)",
      "",
      `Each route kind on a freshly started \`wrangler dev\` (${results.machine.wrangler ?? "wrangler"}, --ip 127.0.0.1), ${edge.runs} fresh start(s) per size and kind, one wrangler at a time. wrangler is polled on an asset the platform serves without running the Worker (\`/robots.txt\`) until it answers; then the CPU time of the workerd that runs the Worker (not wrangler's second workerd, its dev proxy, which has no part on the edge; the first field of /proc/PID/task/*/schedstat, nanoseconds on a CPU, summed over its threads) is read until two readings 200 ms apart differ by less than 1 ms; one GET is sent and its body read; after 300 ms the same quiet check, and the difference minus the idle rate of the quiet window before it is the request's CPU. Cold: the first request of the fresh start (median and range of the starts); warm: the same request ${edge.warmRequests} more times on that start, each measured alike (median of each start's medians). A verdict is refused when the range is wider than the gap to the limit, or with one run; "≤ 1 article's + 5 ms" is against the 1-article site's median for the same kind.`,
      "",
      edgeCpuTable(edge),
      "",
      "### The built Worker site",
      "",
      "Asset files and bytes counted in the assets folder (`_headers` not counted); the script gzipped with node:zlib at its default level (6), which is close to, not the same as, what wrangler reports; build: the wall time of the build command(s) (bench/edge/build.ts). Cloudflare's limits: 20,000 asset files and 3 MiB script gzip on the free plan, 100,000 and 10 MiB on the paid one.",
      "",
      edgeSiteTable(edge),
    );
    const lines = edge.sizes.flatMap((size) =>
      size.buildLine === undefined ? [] : [size.buildLine],
    );
    if (lines.length > 0) parts.push("", "What the build printed:", "", "```", ...lines, "```");
  }
  if (results.staticExport !== undefined) {
    parts.push(
      "",
      "## Static export (issue 11)",
      "",
      `\`node ${BUILT_ENTRY} export --out DIR --allow-default-id-authority\` with SEEDS_DIR the corpus and CACHE_DIR a bench folder: cold on an empty CACHE_DIR, then warm on the cache it left, each pair repeated (a new cache each time); wall time from spawn to exit, median (range) and each run; files written (\`_headers\` included). A verdict only when the range is narrower than the gap to the limit.`,
      "",
      exportTable(results.staticExport),
    );
  }
  parts.push("", "## Targets (issues 13 and 11)", "", targetTable(results.targets));
  if (results.notes.length > 0) {
    parts.push("", "## Notes", "", ...results.notes.map((note) => `- ${note}`));
  }
  return `${parts.join("\n")}\n`;
}
