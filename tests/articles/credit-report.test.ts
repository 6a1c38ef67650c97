import { describe, expect, it } from "vitest";
import { creditMarkerLines, creditMarkerSummary } from "../../src/articles/credit-report.ts";
import { makeArticle } from "../support/builders.ts";

const ARTICLES = [
  makeArticle({ id: "b", creditMarkers: ["Photo", "Source"] }),
  makeArticle({ id: "a", creditMarkers: ["Quelle"] }),
  makeArticle({ id: "c", creditMarkers: [] }),
  makeArticle({ id: "d", creditMarkers: ["Source"] }),
];

describe("creditMarkerLines", () => {
  it("names each seed's markers, by file", () => {
    expect(creditMarkerLines(ARTICLES)).toEqual([
      "a.txt: credit marker Quelle",
      "b.txt: credit marker Photo, Source",
      "c.txt: no credit",
      "d.txt: credit marker Source",
    ]);
  });
});

describe("creditMarkerSummary", () => {
  it.each([
    [
      ["Quelle", "Source", "Photo", "Foto"],
      "credit markers: Quelle in 1 seed, Source in 2 seeds, Photo in 1 seed, Foto in 0 seeds; no credit in 1 seed",
    ],
    [["Quelle"], "credit markers: Quelle in 1 seed; no credit in 1 seed"],
  ])("counts the seeds of CREDIT_MARKERS=%j", (markers, summary) => {
    expect(creditMarkerSummary(ARTICLES, markers)).toBe(summary);
  });
});
