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

  it("draws one bar per server, path and request", () => {
    // Bars carry a tooltip; the legend's squares do not.
    expect(renderChart(makeResults()).match(/<rect [^>]*><title>/gu)).toHaveLength(12);
  });
});
