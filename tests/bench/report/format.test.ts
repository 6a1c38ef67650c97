import { describe, expect, it } from "vitest";
import { mib, number, ratio, seconds, table } from "../../../bench/report/format.ts";

describe("number formats", () => {
  it.each([
    [number(1234567), "1,234,567"],
    [number(0.5, 2), "0.50"],
    [mib(3.25 * 1024 * 1024), "3.3 MiB"],
    [seconds(1500), "1.50 s"],
    [ratio(0.5), "0.50×"],
    [ratio(Number.POSITIVE_INFINITY), "–"],
    [ratio(Number.NaN), "–"],
  ])("writes %s", (written, expected) => {
    expect(written).toBe(expected);
  });
});

describe("table", () => {
  it("right-aligns a column of numbers and left-aligns a column of words", () => {
    expect(
      table(
        ["name", "count"],
        [
          ["a", "1,000"],
          ["bb", "7 %"],
        ],
      ),
    ).toBe(
      ["| name | count |", "| ---- | ----: |", "| a    | 1,000 |", "| bb   |   7 % |"].join("\n"),
    );
  });

  it("left-aligns a column as soon as one cell is not a number", () => {
    const lines = table(["v"], [["1"], ["n/a"]]).split("\n");
    expect(lines[1]).toBe("| --- |");
    expect(lines[2]).toBe("| 1   |");
  });

  it("pads by characters, not bytes", () => {
    const lines = table(["µs"], [["Zürich"]]).split("\n");
    expect(lines.map((line) => [...line].length)).toEqual([10, 10, 10]);
  });
});
