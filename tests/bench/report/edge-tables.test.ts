import { describe, expect, it } from "vitest";
import { edgeCpuTable, edgeSiteTable, exportTable } from "../../../bench/report/edge-tables.ts";
import { makeSizeRow } from "./edge-builders.ts";

const edge = (sizes = [makeSizeRow(1), makeSizeRow(10_000)]) => ({
  runs: 3,
  warmRequests: 5,
  sizes,
});

describe("edgeCpuTable", () => {
  it("has a row per size and kind with cold and warm medians and ranges", () => {
    const lines = edgeCpuTable(edge()).split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[2]).toContain("| 3.2 (3.0–3.4) |");
    expect(lines[2]).toContain("| 0.60 (0.50–0.70) |");
    expect(lines[3]).toMatch(/^\| +10,000 \| feed /u);
  });

  it("judges the 1-article row only against 10 ms", () => {
    const [baseline, tenK] = edgeCpuTable(edge()).split("\n").slice(2);
    expect(baseline).toMatch(/\| – +\|$/u);
    expect(tenK).toContain("limit 8.2 ms");
  });
});

describe("edgeSiteTable", () => {
  it("shows files, bytes, script sizes, build time and both plans", () => {
    const row = edgeSiteTable(edge()).split("\n")[2];
    for (const cell of ["1,000", "10.0 MiB", "140.0 KiB", "12.30 s"]) {
      expect(row).toMatch(new RegExp(`\\| +${cell.replace(".", "\\.")} \\|`, "u"));
    }
    expect(row).toMatch(/fits +\| fits +\|$/u);
  });
});

describe("exportTable", () => {
  it("marks the target only where the issue sets one", () => {
    const lines = exportTable([
      { articles: 1000, start: "cold", wallMs: [2000, 2100, 1900], files: 3000 },
      { articles: 10_000, start: "warm", wallMs: [5000, 5200, 4900], files: 30_000 },
    ]).split("\n");
    expect(lines[2]).toMatch(/\| – +\|$/u);
    expect(lines[3]).toContain("< 8 s: met (5.0 s, 4.9–5.2 s; limit 8.0 s)");
  });

  it("shows the median and range of the runs, and each run", () => {
    const [, , row] = exportTable([
      { articles: 100_000, start: "cold", wallMs: [61_000, 58_500, 59_000], files: 109_368 },
    ]).split("\n");
    expect(row).toContain("59.00 (58.50–61.00)");
    expect(row).toContain("61.00, 58.50, 59.00");
    expect(row).toContain("no verdict: spread 2.5 s wider than the gap 1.0 s to 60.0 s");
  });
});
