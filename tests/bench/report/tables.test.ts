import { describe, expect, it } from "vitest";
import {
  loadTable,
  nginxRowFor,
  reloadTable,
  startupTable,
  targetTable,
} from "../../../bench/report/tables.ts";
import { makeLoad, makeReload, makeRow, makeStartupRow } from "./builders.ts";

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

describe("nginxRowFor", () => {
  it("finds nginx's row of the same path and mode", () => {
    const nginx = makeRow("nginx", "gzip");
    const rows = [makeRow("nginx", "plain"), nginx, makeRow("node", "gzip")];
    expect(nginxRowFor(rows, makeRow("node", "gzip"))).toBe(nginx);
  });

  it("finds nothing for a path nginx did not serve", () => {
    const rows = [makeRow("nginx", "plain")];
    expect(nginxRowFor(rows, makeRow("node", "plain", { path: "/atom.xml" }))).toBeUndefined();
  });
});

describe("loadTable", () => {
  it("gives Node's rows their ratios to nginx and nginx's rows none", () => {
    const [node, nginx] = bodyCells(loadTable(makeLoad()));
    expect(node?.slice(9, 11)).toEqual(["0.50×", "2.00×"]);
    expect(nginx?.slice(9, 11)).toEqual(["", ""]);
  });

  it.each([
    ["plain", "plain", "200"],
    ["gzip", "gzip", "200 gzip"],
    ["conditional", "If-None-Match", "304"],
  ] as const)("names the %s request %s with status %s", (mode, request, status) => {
    const [row] = bodyCells(loadTable(makeLoad([makeRow("node", mode)])));
    expect(row?.slice(1, 4)).toEqual([request, "node", status]);
  });
});

describe("startupTable", () => {
  it("states what each corpus adds to the 1-article start", () => {
    const rows = bodyCells(
      startupTable([
        makeStartupRow(1, { firstByteMs: 500 }),
        makeStartupRow(10_000, { firstByteMs: 1250 }),
      ]),
    );
    expect(rows.map((row) => row[4])).toEqual(["", "0.75 s"]);
  });

  it("shows a question mark where the server printed no figure", () => {
    const [row] = bodyCells(
      startupTable([makeStartupRow(1, { listeningMs: undefined, loadMs: undefined })]),
    );
    expect(row?.slice(5, 7)).toEqual(["?", "?"]);
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
