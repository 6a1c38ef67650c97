import { describe, expect, it } from "vitest";
import {
  loadTable,
  ratioCell,
  reloadTable,
  spreadCell,
  startupTable,
  targetTable,
} from "../../../bench/report/tables.ts";
import { makeLoad, makeReload, makeStartupRow } from "./builders.ts";

/** The cells of a Markdown table's body rows, trimmed. */
const bodyCells = (markdown: string) =>
  markdown
    .split("\n")
    .slice(2)
    .map((line) =>
      line
        .slice(1, -1)
        .split(" | ")
        .map((cell) => cell.trim()),
    );

describe("spreadCell", () => {
  it.each([
    [{ median: 54.26, min: 52.1, max: 58, count: 3 }, "54.3 (52.1–58.0)"],
    [{ median: 54.26, min: 54.26, max: 54.26, count: 1 }, "54.3"],
    [undefined, "–"],
  ])("writes %j as %s", (spread, cell) => {
    expect(spreadCell(spread, 1)).toBe(cell);
  });
});

describe("ratioCell", () => {
  it("writes the median ratio and its range", () => {
    expect(ratioCell([1.25, 1.375, 1.5])).toBe("1.38× (1.25–1.50×)");
  });
});

describe("loadTable", () => {
  const rows = bodyCells(loadTable(makeLoad()));

  it("puts this server, bare node:http and nginx side by side per path and request", () => {
    expect(rows.map((row) => row.slice(0, 3))).toEqual([
      ["/feed.xml", "GET", "200"],
      ["/feed.xml", "GET gzip", "200 gzip"],
      ["/feed.xml", "If-None-Match", "304"],
    ]);
    expect(rows[0]?.slice(4, 9)).toEqual([
      "104.0 (100.0–108.0)",
      "80.0 (80.0–80.0)",
      "50.0 (50.0–50.0)",
      "1.30× (1.25–1.35×)",
      "2.08× (2.00–2.16×)",
    ]);
  });

  it("judges the GET and the 304 against their limits, and the gzip GET not at all", () => {
    expect(rows.map((row) => row[9])).toEqual([
      "not met (1.30×, 1.25–1.35×; limit 1.15×)",
      "–",
      "no verdict: spread 0.10× wider than the gap 0.00× to 1.30× (1.30×, 1.25–1.35×)",
    ]);
  });

  it("shows nginx's gzip figures as not measured", () => {
    expect(rows[1]?.[6]).toBe("–");
  });
});

describe("startupTable", () => {
  it("states what each corpus adds to the 1-article start of the same kind", () => {
    const rows = bodyCells(
      startupTable([
        makeStartupRow(1, { firstByteMs: 500 }),
        makeStartupRow(1, { start: "warm", firstByteMs: 400 }),
        makeStartupRow(10_000, { firstByteMs: 1250 }),
        makeStartupRow(10_000, { start: "warm", firstByteMs: 600 }),
      ]),
    );
    expect(rows.map((row) => [row[1], row[5]])).toEqual([
      ["cold", ""],
      ["warm", ""],
      ["cold", "0.75 s"],
      ["warm", "0.20 s"],
    ]);
  });

  it("shows a question mark where the server printed no figure", () => {
    const [row] = bodyCells(
      startupTable([makeStartupRow(1, { listeningMs: undefined, loadMs: undefined })]),
    );
    expect(row?.slice(6, 8)).toEqual(["?", "?"]);
  });
});

describe("reloadTable", () => {
  it("says 'not seen' for a reload that never showed", () => {
    const [row] = bodyCells(reloadTable(makeReload({ msToNewFeed: undefined })));
    expect(row?.[3]).toBe("not seen");
  });
});

describe("targetTable", () => {
  it.each([
    [true, "yes"],
    [false, "**no**"],
    [undefined, "not measured"],
  ])("writes isMet %s as %s", (isMet, written) => {
    const [row] = bodyCells(targetTable([{ target: "t", measured: "m", isMet }]));
    expect(row?.[2]).toBe(written);
  });
});
