import { describe, expect, it } from "vitest";
import { renderChart } from "../../../bench/report/chart.ts";
import { makeResults } from "./builders.ts";

describe("renderChart", () => {
  it("escapes text and closes the SVG", () => {
    const svg = renderChart(makeResults());
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    expect(svg).not.toMatch(/&(?!amp;|lt;|gt;|quot;)/u);
  });

  it("draws one bar per server, path and request, twice (req/s and CPU)", () => {
    // Bars carry a tooltip; the legend's squares do not. nginx has no gzip bar.
    expect(renderChart(makeResults()).match(/<rect [^>]*><title>/gu)).toHaveLength(2 * 8);
  });

  it("draws a cold and a warm start-up line in each start-up chart", () => {
    expect(renderChart(makeResults()).match(/<path d="M/gu)).toHaveLength(4);
  });
});
