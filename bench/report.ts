/** The figures of one `npm run bench`, as bench/results.json stores them. */
export interface BenchResults {
  readonly createdAt: string;
  readonly isQuick: boolean;
  readonly machine: {
    readonly cpu: string;
    readonly cpuCount: number;
    readonly kernel: string;
    readonly node: string;
    readonly nginx: string;
    readonly wrk: string;
    readonly clockTicksPerSecond: number;
  };
  /** The commit measured, and whether src/ had uncommitted changes. */
  readonly code: { readonly commit: string; readonly isSrcChanged: boolean };
  /** Share of all cores busy in the second before the run started. */
  readonly busyBeforePercent: number;
  readonly load: LoadSection | undefined;
  readonly startup: readonly StartupRow[];
  readonly reload: ReloadResult | undefined;
  readonly targets: readonly TargetCheck[];
  /** What was skipped and why, and how the numbers were taken. */
  readonly notes: readonly string[];
}

export type RequestMode = "plain" | "gzip" | "conditional";
export type ServerName = "node" | "nginx";

export interface LoadSection {
  readonly articles: number;
  readonly wrk: {
    readonly threads: number;
    readonly connections: number;
    readonly seconds: number;
  };
  readonly rows: readonly LoadRow[];
}

export interface LoadRow {
  readonly path: string;
  readonly mode: RequestMode;
  readonly server: ServerName;
  /** What one request with these headers got before the run: status, coding and body size. */
  readonly status: number;
  readonly contentEncoding: string;
  readonly bodyBytes: number;
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly cpuMicrosPerRequest: number;
  readonly non2xx3xx: number;
  readonly socketErrors: number;
  /**
   * Share of core 0 that other processes used during the run (core 0's busy time minus the
   * server's): how far the figures are from a quiet machine.
   */
  readonly otherLoadCore0Percent: number;
  /** The same for core 1, wrk's core (its busy time minus wrk's). */
  readonly otherLoadCore1Percent: number;
  readonly wrkOutput: string;
}

export interface StartupRow {
  readonly articles: number;
  readonly corpusBytes: number;
  /** Median of the runs: spawn to the first 200 response headers of /feed.xml. */
  readonly firstByteMs: number;
  readonly firstByteRunsMs: readonly number[];
  /** Median of the runs: spawn to the server's "serving … on" line (listening). */
  readonly listeningMs: number | undefined;
  /** What the server logged as its own load time (`published N, skipped M (T ms)`). */
  readonly loadMs: number | undefined;
  readonly published: number | undefined;
  readonly skipped: number | undefined;
  /** VmHWM and VmRSS right after the first /feed.xml, largest of the runs. */
  readonly peakRssBytes: number;
  readonly rssBytes: number;
  /** Share of both cores that other processes took during the start (largest of the runs). */
  readonly otherLoadPercent: number;
}

export interface ReloadResult {
  readonly articles: number;
  readonly file: string;
  /** From the rename of the edited seed into place to the first /feed.xml with its new title. */
  readonly msToNewFeed: number | undefined;
  /** From the rename to the server's `updated FILE` log line (it has re-read the seed). */
  readonly msToUpdatedLog: number | undefined;
  readonly debounceMs: number;
  readonly untouched: ReadonlyArray<{
    readonly path: string;
    readonly before: string;
    readonly after: string;
  }>;
  /** What the server logged after the write. */
  readonly serverLog: readonly string[];
}

export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  /** undefined: not measured in this run. */
  readonly isMet: boolean | undefined;
}

const MIB = 1024 * 1024;

const number = (value: number, digits = 0) =>
  value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const mib = (bytes: number) => `${number(bytes / MIB, 1)} MiB`;
const seconds = (ms: number) => `${number(ms / 1000, 2)} s`;
const ratio = (value: number) => (Number.isFinite(value) ? `${number(value, 2)}×` : "–");

// "1,234", "0.50×", "12 %", "3.2 MiB", "200 gzip", "0.51, 0.47", "" or "–": a column to right-align.
const NUMERIC_CELL = /^(?:[-+–]?[\d.,]+(?:, [\d.,]+)*(?: ?[A-Za-zµ%×]+)?|–|\?|)$/u;

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  // Numbers right-aligned, words left-aligned; padded as Biome formats Markdown tables.
  const isRight = head.map((_, column) =>
    rows.every((row) => NUMERIC_CELL.test(row[column] ?? "")),
  );
  const widths = head.map((cell, column) =>
    Math.max(3, [...cell].length, ...rows.map((row) => [...(row[column] ?? "")].length)),
  );
  const pad = (cell: string, column: number) => {
    const fill = " ".repeat((widths[column] ?? 0) - [...cell].length);
    return isRight[column] ? fill + cell : cell + fill;
  };
  const rule = widths.map((width, column) =>
    isRight[column] ? `${"-".repeat(width - 1)}:` : "-".repeat(width),
  );
  return [head.map(pad), rule, ...rows.map((row) => row.map(pad))]
    .map((row) => `| ${row.join(" | ")} |`)
    .join("\n");
}

/** The nginx row that a Node row is compared with. */
export function nginxRowFor(rows: readonly LoadRow[], row: LoadRow): LoadRow | undefined {
  return rows.find(
    (candidate) =>
      candidate.server === "nginx" && candidate.path === row.path && candidate.mode === row.mode,
  );
}

/** The load table: one row per server, path and request, with Node's ratios to nginx. */
export function loadTable(load: LoadSection): string {
  const rows = load.rows.map((row) => {
    const reference = row.server === "node" ? nginxRowFor(load.rows, row) : undefined;
    return [
      row.path,
      row.mode === "conditional" ? "If-None-Match" : row.mode === "gzip" ? "gzip" : "plain",
      row.server,
      `${row.status}${row.contentEncoding === "identity" ? "" : ` ${row.contentEncoding}`}`,
      number(row.bodyBytes),
      number(row.requestsPerSecond),
      number(row.p50Ms, 2),
      number(row.p99Ms, 2),
      number(row.cpuMicrosPerRequest, 1),
      reference === undefined ? "" : ratio(row.requestsPerSecond / reference.requestsPerSecond),
      reference === undefined ? "" : ratio(row.cpuMicrosPerRequest / reference.cpuMicrosPerRequest),
      `${number(row.otherLoadCore0Percent)} %`,
      `${number(row.otherLoadCore1Percent)} %`,
    ];
  });
  return table(
    [
      "document",
      "request",
      "server",
      "status",
      "body bytes",
      "req/s",
      "p50 ms",
      "p99 ms",
      "CPU µs/req",
      "req/s ÷ nginx",
      "CPU ÷ nginx",
      "others on core 0",
      "others on core 1",
    ],
    rows,
  );
}

/** The start-up table: time to the first feed byte and memory per corpus size. */
export function startupTable(startup: readonly StartupRow[]): string {
  const baseline = startup.find((row) => row.articles === 1);
  return table(
    [
      "articles",
      "seeds",
      "first /feed.xml byte",
      "runs",
      "added vs 1 article",
      "listening after",
      "server's load time",
      "peak RSS",
      "RSS after start",
      "others on cores 0+1",
    ],
    startup.map((row) => [
      number(row.articles),
      mib(row.corpusBytes),
      seconds(row.firstByteMs),
      row.firstByteRunsMs.map((ms) => number(ms / 1000, 2)).join(", "),
      baseline === undefined || row === baseline
        ? ""
        : seconds(row.firstByteMs - baseline.firstByteMs),
      row.listeningMs === undefined ? "?" : seconds(row.listeningMs),
      row.loadMs === undefined ? "?" : seconds(row.loadMs),
      mib(row.peakRssBytes),
      mib(row.rssBytes),
      `${number(row.otherLoadPercent)} %`,
    ]),
  );
}

export function reloadTable(reload: ReloadResult): string {
  const unchanged = reload.untouched.filter(({ before, after }) => before === after).length;
  return table(
    [
      "articles",
      "edited seed",
      "write → server logs `updated`",
      "write → new /feed.xml",
      "untouched archive pages, ETag unchanged",
    ],
    [
      [
        number(reload.articles),
        reload.file,
        reload.msToUpdatedLog === undefined ? "not seen" : `${number(reload.msToUpdatedLog)} ms`,
        reload.msToNewFeed === undefined ? "not seen" : `${number(reload.msToNewFeed)} ms`,
        `${unchanged} of ${reload.untouched.length} (${reload.untouched.map(({ path }) => path).join(", ")})`,
      ],
    ],
  );
}

export function targetTable(targets: readonly TargetCheck[]): string {
  return table(
    ["target", "measured", "met"],
    targets.map(({ target, measured, isMet }) => [
      target,
      measured,
      isMet === undefined ? "not measured" : isMet ? "yes" : "**no**",
    ]),
  );
}

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
      'From spawning `node --import tsx src/runtime/node.ts` (not pinned: both cores) to the first 200 of `/feed.xml`; median of the runs. "Listening after" is when the server printed `serving … on`, "server\'s load time" the figure in its `published N, skipped M (T ms)` line. Peak RSS is VmHWM right after the first `/feed.xml`. "Others" is the share of both cores that other processes (not the server, not the benchmark) took meanwhile.',
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

// ---- SVG chart -------------------------------------------------------------------------------

// Short enough to stand under a pair of bars.
const FORMAT_LABELS: Readonly<Record<string, string>> = {
  "/feed.xml": "RSS",
  "/atom.xml": "Atom",
  "/feed.json": "JSON",
};
const COLOURS: Readonly<Record<ServerName, string>> = { node: "#2b6cb0", nginx: "#2f855a" };
const FONT = 'font-family="system-ui, sans-serif"';

const escapeXml = (text: string) =>
  text
    .replace(/&/gu, "&amp;")
    .replace(/</gu, "&lt;")
    .replace(/>/gu, "&gt;")
    .replace(/"/gu, "&quot;");

/** The smallest 1, 2 or 5 × 10^k at or above `value`. */
function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/** An axis label: 1, 2.5, 500, 1.5k, 100k, 2M (no trailing ".0"). */
const short = (value: number) => {
  const [scaled, suffix] =
    value >= 1e6 ? [value / 1e6, "M"] : value >= 1e3 ? [value / 1e3, "k"] : [value, ""];
  return `${number(scaled, scaled < 10 && !Number.isInteger(scaled) ? 1 : 0)}${suffix}`;
};

interface Panel {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly title: string;
}

/** Frame, title and y grid of a panel; returns the y scale. */
function frame(out: string[], panel: Panel, maxValue: number): (value: number) => number {
  const top = niceCeiling(maxValue * 1.1);
  const scale = (value: number) => panel.y + panel.height - (value / top) * panel.height;
  out.push(
    `<text x="${panel.x}" y="${panel.y - 14}" font-size="13" font-weight="600" ${FONT}>${escapeXml(panel.title)}</text>`,
  );
  for (let step = 0; step <= 4; step++) {
    const value = (top * step) / 4;
    const y = scale(value);
    out.push(
      `<line x1="${panel.x}" x2="${panel.x + panel.width}" y1="${y}" y2="${y}" stroke="#e2e8f0"/>`,
      `<text x="${panel.x - 6}" y="${y + 4}" font-size="10" text-anchor="end" fill="#4a5568" ${FONT}>${short(value)}</text>`,
    );
  }
  out.push(
    `<line x1="${panel.x}" x2="${panel.x}" y1="${panel.y}" y2="${panel.y + panel.height}" stroke="#a0aec0"/>`,
  );
  return scale;
}

/** Values against corpus size on a log axis (1, 1k, 10k, 100k). */
function sizeChart(
  out: string[],
  panel: Panel,
  points: ReadonlyArray<{ articles: number; value: number; label: string }>,
  limit?: { value: number; label: string },
): void {
  const scale = frame(out, panel, Math.max(...points.map((p) => p.value), limit?.value ?? 0));
  const maxLog = Math.max(5, ...points.map((p) => Math.log10(p.articles)));
  const xOf = (articles: number) =>
    panel.x + 20 + (Math.log10(Math.max(1, articles)) / maxLog) * (panel.width - 40);
  for (const { articles } of points) {
    out.push(
      `<text x="${xOf(articles)}" y="${panel.y + panel.height + 16}" font-size="10" text-anchor="middle" fill="#4a5568" ${FONT}>${short(articles)}</text>`,
    );
  }
  out.push(
    `<text x="${panel.x + panel.width / 2}" y="${panel.y + panel.height + 32}" font-size="10" text-anchor="middle" fill="#4a5568" ${FONT}>articles (log scale)</text>`,
  );
  if (limit !== undefined) {
    const y = scale(limit.value);
    out.push(
      `<line x1="${panel.x}" x2="${panel.x + panel.width}" y1="${y}" y2="${y}" stroke="#c53030" stroke-dasharray="4 3"/>`,
      `<text x="${panel.x + panel.width - 2}" y="${y - 4}" font-size="10" text-anchor="end" fill="#c53030" ${FONT}>${escapeXml(limit.label)}</text>`,
    );
  }
  const path = points.map((p, i) => `${i === 0 ? "M" : "L"}${xOf(p.articles)},${scale(p.value)}`);
  out.push(`<path d="${path.join(" ")}" fill="none" stroke="${COLOURS.node}" stroke-width="2"/>`);
  for (const p of points) {
    out.push(
      `<circle cx="${xOf(p.articles)}" cy="${scale(p.value)}" r="3.5" fill="${COLOURS.node}"/>`,
      `<text x="${xOf(p.articles)}" y="${scale(p.value) - 8}" font-size="10" text-anchor="middle" ${FONT}>${escapeXml(p.label)}</text>`,
    );
  }
}

/** Node and nginx side by side per path and request, with Node's ratio above each pair. */
function pairChart(
  out: string[],
  panel: Panel,
  rows: readonly LoadRow[],
  value: (row: LoadRow) => number,
): void {
  const nodeRows = rows.filter((row) => row.server === "node");
  const pairs = nodeRows.map((row) => [row, nginxRowFor(rows, row)] as const);
  const scale = frame(
    out,
    panel,
    Math.max(...pairs.flatMap(([a, b]) => [value(a), b === undefined ? 0 : value(b)])),
  );
  const groupWidth = panel.width / Math.max(1, pairs.length);
  const barWidth = Math.min(28, groupWidth * 0.34);
  pairs.forEach(([node, nginx], index) => {
    const centre = panel.x + groupWidth * (index + 0.5);
    for (const [row, offset] of [
      [node, -barWidth],
      [nginx, 0],
    ] as const) {
      if (row === undefined) continue;
      const y = scale(value(row));
      out.push(
        `<rect x="${centre + offset}" y="${y}" width="${barWidth}" height="${panel.y + panel.height - y}" fill="${COLOURS[row.server]}"><title>${escapeXml(`${row.server} ${row.path} ${row.mode}: ${number(value(row), 1)}`)}</title></rect>`,
      );
    }
    if (nginx !== undefined) {
      const top = Math.min(scale(value(node)), scale(value(nginx)));
      out.push(
        `<text x="${centre}" y="${top - 5}" font-size="10" text-anchor="middle" ${FONT}>${ratio(value(node) / value(nginx))}</text>`,
      );
    }
    const mode = node.mode === "conditional" ? "304" : node.mode;
    out.push(
      `<text x="${centre}" y="${panel.y + panel.height + 14}" font-size="10" text-anchor="middle" fill="#4a5568" ${FONT}>${escapeXml(FORMAT_LABELS[node.path] ?? node.path)}</text>`,
      `<text x="${centre}" y="${panel.y + panel.height + 26}" font-size="10" text-anchor="middle" fill="#4a5568" ${FONT}>${mode}</text>`,
    );
  });
}

/** bench/chart.svg: start-up time and peak memory against corpus size; req/s and CPU per request against nginx. */
export function renderChart(results: BenchResults): string {
  const width = 980;
  const height = 720;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="title">`,
    `<title id="title">Start-up time and peak memory against corpus size; requests per second and CPU per request of the Node server against nginx</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="24" y="30" font-size="16" font-weight="700" ${FONT}>feed-publisher: npm run bench, ${escapeXml(results.createdAt.slice(0, 10))}${results.isQuick ? " (quick smoke run)" : ""}</text>`,
    `<rect x="${width - 250}" y="18" width="12" height="12" fill="${COLOURS.node}"/><text x="${width - 233}" y="29" font-size="12" ${FONT}>Node (Hono)</text>`,
    `<rect x="${width - 140}" y="18" width="12" height="12" fill="${COLOURS.nginx}"/><text x="${width - 123}" y="29" font-size="12" ${FONT}>nginx (static)</text>`,
  ];
  const left = { x: 70, width: 380 };
  const right = { x: 570, width: 380 };
  const startup = results.startup;
  if (startup.length > 0) {
    sizeChart(
      out,
      { ...left, y: 80, height: 220, title: "Start-up: spawn to first /feed.xml byte (s)" },
      startup.map((row) => ({
        articles: row.articles,
        value: row.firstByteMs / 1000,
        label: `${number(row.firstByteMs / 1000, 2)} s`,
      })),
      { value: 10, label: "100k target: 10 s" },
    );
    sizeChart(
      out,
      { ...right, y: 80, height: 220, title: "Peak RSS after start-up (MiB)" },
      startup.map((row) => ({
        articles: row.articles,
        value: row.peakRssBytes / MIB,
        label: `${number(row.peakRssBytes / MIB)} MiB`,
      })),
      { value: 1024, label: "100k target: 1 GiB" },
    );
  }
  if (results.load !== undefined) {
    const rows = results.load.rows;
    pairChart(
      out,
      { ...left, y: 420, height: 220, title: "Requests per second (Node ÷ nginx above)" },
      rows,
      (row) => row.requestsPerSecond,
    );
    pairChart(
      out,
      { ...right, y: 420, height: 220, title: "Server CPU per request, µs (Node ÷ nginx above)" },
      rows,
      (row) => row.cpuMicrosPerRequest,
    );
    out.push(
      `<text x="24" y="${height - 20}" font-size="10" fill="#4a5568" ${FONT}>${escapeXml(
        `${number(results.load.articles)}-article corpus; wrk -t${results.load.wrk.threads} -c${results.load.wrk.connections} -d${results.load.wrk.seconds}s on core 1, server on core 0. nginx has gzip off: its gzip bars are its identity response.`,
      )}</text>`,
    );
  }
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}
