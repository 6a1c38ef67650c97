import { FEED_FORMATS, type FeedFormat, MAIN_FEED, paths } from "../../src/urls.ts";
import { MIB, number, ratio } from "./format.ts";
import { compareLoad, type LoadComparison, SERVERS, type ServerFigures } from "./load-summary.ts";
import type { BenchResults, ServerName, StartKind } from "./results.ts";
import { spreadOf } from "./spread.ts";

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
const COLOURS: Readonly<Record<ServerName, string>> = {
  node: "#2b6cb0",
  bare: "#805ad5",
  nginx: "#2f855a",
};
const SERVER_LABELS: Readonly<Record<ServerName, string>> = {
  node: "this server (Hono)",
  bare: "bare node:http",
  nginx: "nginx (static)",
};
const START_COLOURS: Readonly<Record<StartKind, string>> = { cold: "#c05621", warm: "#2b6cb0" };
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

/** Lines of values against corpus size on a log axis (1, 1k, 10k, 100k), one per kind of start. */
function sizeChart(
  out: string[],
  panel: Panel,
  lines: ReadonlyArray<{
    readonly colour: string;
    readonly points: ReadonlyArray<{ articles: number; value: number; label: string }>;
  }>,
  limits: ReadonlyArray<{ value: number; label: string }>,
): void {
  const points = lines.flatMap((line) => line.points);
  const scale = frame(
    out,
    panel,
    Math.max(...points.map((p) => p.value), ...limits.map((limit) => limit.value)),
  );
  const maxLog = Math.max(5, ...points.map((p) => Math.log10(p.articles)));
  const xOf = (articles: number) =>
    panel.x + 20 + (Math.log10(Math.max(1, articles)) / maxLog) * (panel.width - 40);
  for (const articles of new Set(points.map((p) => p.articles))) {
    out.push(
      `<text x="${xOf(articles)}" y="${panel.y + panel.height + 16}" font-size="10" text-anchor="middle" fill="#4a5568" ${FONT}>${short(articles)}</text>`,
    );
  }
  out.push(
    `<text x="${panel.x + panel.width / 2}" y="${panel.y + panel.height + 32}" font-size="10" text-anchor="middle" fill="#4a5568" ${FONT}>articles (log scale)</text>`,
  );
  for (const limit of limits) {
    const y = scale(limit.value);
    out.push(
      `<line x1="${panel.x}" x2="${panel.x + panel.width}" y1="${y}" y2="${y}" stroke="#c53030" stroke-dasharray="4 3"/>`,
      `<text x="${panel.x + panel.width - 2}" y="${y - 4}" font-size="10" text-anchor="end" fill="#c53030" ${FONT}>${escapeXml(limit.label)}</text>`,
    );
  }
  for (const line of lines) {
    const path = line.points.map(
      (p, i) => `${i === 0 ? "M" : "L"}${xOf(p.articles)},${scale(p.value)}`,
    );
    out.push(`<path d="${path.join(" ")}" fill="none" stroke="${line.colour}" stroke-width="2"/>`);
    for (const p of line.points) {
      out.push(
        `<circle cx="${xOf(p.articles)}" cy="${scale(p.value)}" r="3.5" fill="${line.colour}"/>`,
        `<text x="${xOf(p.articles)}" y="${scale(p.value) - 8}" font-size="10" text-anchor="middle" ${FONT}>${escapeXml(p.label)}</text>`,
      );
    }
  }
}

/**
 * This server, bare node:http and nginx side by side per path and request (medians of the
 * turns), this server's median turn-by-turn ratio to bare node:http above each group.
 */
function groupChart(
  out: string[],
  panel: Panel,
  comparisons: readonly LoadComparison[],
  value: (figures: ServerFigures) => number,
  ratios: (comparison: LoadComparison) => readonly number[],
): void {
  const values = comparisons.flatMap((comparison) =>
    SERVERS.flatMap((server) => {
      const figures = comparison.servers[server];
      return figures === undefined ? [] : [value(figures)];
    }),
  );
  const scale = frame(out, panel, Math.max(0, ...values));
  const groupWidth = panel.width / Math.max(1, comparisons.length);
  const barWidth = Math.min(20, groupWidth * 0.28);
  comparisons.forEach((comparison, index) => {
    const centre = panel.x + groupWidth * (index + 0.5);
    let top = panel.y + panel.height;
    SERVERS.forEach((server, slot) => {
      const figures = comparison.servers[server];
      if (figures === undefined) return;
      const y = scale(value(figures));
      top = Math.min(top, y);
      out.push(
        `<rect x="${centre + (slot - 1.5) * barWidth}" y="${y}" width="${barWidth}" height="${panel.y + panel.height - y}" fill="${COLOURS[server]}"><title>${escapeXml(`${SERVER_LABELS[server]} ${comparison.path} ${comparison.mode}: ${number(value(figures), 1)}`)}</title></rect>`,
      );
    });
    const ratioToBare = spreadOf(ratios(comparison));
    if (ratioToBare !== undefined) {
      out.push(
        `<text x="${centre}" y="${top - 5}" font-size="10" text-anchor="middle" ${FONT}>${ratio(ratioToBare.median)}</text>`,
      );
    }
    const mode = comparison.mode === "conditional" ? "304" : comparison.mode;
    out.push(
      `<text x="${centre}" y="${panel.y + panel.height + 14}" font-size="10" text-anchor="middle" fill="#4a5568" ${FONT}>${escapeXml(FORMAT_LABELS.get(comparison.path) ?? comparison.path)}</text>`,
      `<text x="${centre}" y="${panel.y + panel.height + 26}" font-size="10" text-anchor="middle" fill="#4a5568" ${FONT}>${mode}</text>`,
    );
  });
}

/** bench/chart.svg: start-up time and peak memory against corpus size; req/s and CPU per request on three servers. */
export function renderChart(results: BenchResults): string {
  const width = 980;
  const height = 720;
  const legend = SERVERS.map(
    (server, index) =>
      `<rect x="${width - 420 + index * 140}" y="18" width="12" height="12" fill="${COLOURS[server]}"/><text x="${width - 403 + index * 140}" y="29" font-size="12" ${FONT}>${escapeXml(SERVER_LABELS[server])}</text>`,
  );
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="title">`,
    `<title id="title">Start-up time and peak memory against corpus size, cold and warm; requests per second and CPU per request of this server, bare node:http and nginx</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="24" y="30" font-size="16" font-weight="700" ${FONT}>feed-publisher: npm run bench, ${escapeXml(results.createdAt.slice(0, 10))}${results.isQuick ? " (quick smoke run)" : ""}</text>`,
    ...legend,
  ];
  const left = { x: 70, width: 380 };
  const right = { x: 570, width: 380 };
  const startup = results.startup;
  if (startup.length > 0) {
    const lines = (value: (row: (typeof startup)[number]) => number, unit: (v: number) => string) =>
      (["cold", "warm"] as const).map((start) => ({
        colour: START_COLOURS[start],
        points: startup
          .filter((row) => row.start === start)
          .map((row) => ({ articles: row.articles, value: value(row), label: unit(value(row)) })),
      }));
    sizeChart(
      out,
      {
        ...left,
        y: 80,
        height: 220,
        title: "Start-up: first /feed.xml byte (s), cold (orange) and warm (blue)",
      },
      lines(
        (row) => row.firstByteMs / 1000,
        (v) => `${number(v, 2)} s`,
      ),
      [
        { value: 10, label: "100k cold: 10 s" },
        { value: 4, label: "100k warm: 4 s" },
      ],
    );
    sizeChart(
      out,
      { ...right, y: 80, height: 220, title: "Peak RSS after start-up (MiB)" },
      lines(
        (row) => row.peakRssBytes / MIB,
        (v) => `${number(v)} MiB`,
      ),
      [{ value: 400, label: "100k: 400 MiB" }],
    );
  }
  if (results.load !== undefined) {
    const comparisons = compareLoad(results.load.rows);
    groupChart(
      out,
      { ...left, y: 420, height: 220, title: "Requests per second (medians)" },
      comparisons,
      (figures) => figures.requestsPerSecond.median,
      () => [],
    );
    groupChart(
      out,
      {
        ...right,
        y: 420,
        height: 220,
        title: "Server CPU per request, µs (this ÷ bare node:http above)",
      },
      comparisons,
      (figures) => figures.cpuMicrosPerRequest.median,
      (comparison) => comparison.cpuVsBare,
    );
    out.push(
      `<text x="24" y="${height - 20}" font-size="10" fill="#4a5568" ${FONT}>${escapeXml(
        `${number(results.load.articles)}-article corpus; wrk -t${results.load.wrk.threads} -c${results.load.wrk.connections} -d${results.load.wrk.seconds}s on core 1, servers on core 0, ${results.load.repetitions} turns. nginx has gzip off: no gzip bar.`,
      )}</text>`,
    );
  }
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}
