import { FEED_FORMATS, type FeedFormat, MAIN_FEED, paths } from "../../src/urls.ts";
import { MIB, number, ratio } from "./format.ts";
import type { BenchResults, LoadRow, ServerName } from "./results.ts";
import { nginxRowFor } from "./tables.ts";

/** bench/chart.svg: the start-up and serving figures of one run as four small charts. */

// Short enough to stand under a pair of bars.
const FORMAT_NAMES: Readonly<Record<FeedFormat, string>> = {
  rss: "RSS",
  atom: "Atom",
  json: "JSON",
};
const FORMAT_LABELS: ReadonlyMap<string, string> = new Map(
  FEED_FORMATS.map((format) => [paths.feed(MAIN_FEED, format), FORMAT_NAMES[format]]),
);
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
      `<text x="${centre}" y="${panel.y + panel.height + 14}" font-size="10" text-anchor="middle" fill="#4a5568" ${FONT}>${escapeXml(FORMAT_LABELS.get(node.path) ?? node.path)}</text>`,
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
