import { describe, expect, it } from "vitest";
import {
  judgeAtMost,
  pairedRatios,
  spreadOf,
  verdictText,
  widthOf,
} from "../../../bench/report/spread.ts";

describe("spreadOf", () => {
  it.each([
    [[3, 1, 2], { median: 2, min: 1, max: 3, count: 3 }],
    [[4, 1, 3, 2], { median: 2.5, min: 1, max: 4, count: 4 }],
    [[7], { median: 7, min: 7, max: 7, count: 1 }],
  ])("of %j is %j", (values, spread) => {
    expect(spreadOf(values)).toEqual(spread);
  });

  it.each([[[]], [[1, Number.NaN]], [[1, Number.POSITIVE_INFINITY]]])(
    "is undefined for %j",
    (values) => {
      expect(spreadOf(values)).toBeUndefined();
    },
  );

  it("leaves its input unsorted", () => {
    const values = [3, 1, 2];
    spreadOf(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe("pairedRatios", () => {
  it("divides turn by turn, up to the shorter list", () => {
    expect(pairedRatios([100, 120, 90], [80, 100])).toEqual([1.25, 1.2]);
  });
});

describe("judgeAtMost", () => {
  it.each([
    ["a median under the limit, the range narrower than the gap", [1.0, 1.02, 1.05], "met"],
    ["a median over the limit, the range narrower than the gap", [1.3, 1.32, 1.35], "not met"],
    ["a range wider than the gap to the limit", [1.0, 1.1, 1.3], "no verdict"],
    ["a single run, which has no range", [1.0], "no verdict"],
    ["nothing measured", [], "no verdict"],
  ] as const)("gives %s: %s (limit 1.15)", (_, ratios, kind) => {
    expect(judgeAtMost(ratios, 1.15).kind).toBe(kind);
  });

  it("gives no verdict when other processes took more than a quarter of a core", () => {
    expect(judgeAtMost([1.0, 1.02, 1.05], 1.15, 26).kind).toBe("no verdict");
    expect(judgeAtMost([1.0, 1.02, 1.05], 1.15, 25).kind).toBe("met");
    expect(verdictText(judgeAtMost([1.0, 1.02, 1.05], 1.15, 40))).toBe(
      "no verdict: others took up to 40 % of a core (over 25 %) (1.02×, 1.00–1.05×)",
    );
  });

  it("measures the gap from the median to the limit", () => {
    const verdict = judgeAtMost([1.0, 1.05, 1.1], 1.15);
    expect(verdict.gap).toBeCloseTo(0.1);
    expect(widthOf(verdict.measured ?? { median: 0, min: 0, max: 0, count: 0 })).toBeCloseTo(0.1);
  });
});

describe("verdictText", () => {
  it("states a verdict with the median, the range and the limit", () => {
    expect(verdictText(judgeAtMost([1.0, 1.02, 1.05], 1.15))).toBe(
      "met (1.02×, 1.00–1.05×; limit 1.15×)",
    );
  });

  it("says why there is no verdict when the range is wider than the gap", () => {
    expect(verdictText(judgeAtMost([1.0, 1.1, 1.3], 1.15))).toBe(
      "no verdict: spread 0.30× wider than the gap 0.05× to 1.15× (1.10×, 1.00–1.30×)",
    );
  });

  it("says a single run cannot be judged", () => {
    expect(verdictText(judgeAtMost([1.4], 1.15))).toBe("no verdict: one run (1.40×)");
  });
});
