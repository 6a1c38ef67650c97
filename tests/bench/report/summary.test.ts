import { describe, expect, it } from "vitest";
import { summaryLines } from "../../../bench/report/summary.ts";
import { makeResults } from "./builders.ts";

describe("summaryLines", () => {
  it("heads the load table with the wrk settings and the cores", () => {
    const lines = summaryLines(makeResults());
    expect(lines).toContain(
      "## Serving (1000 articles; wrk -t1 -c50 -d10s on core 1, servers on core 0, 3 turns; median (range); nginx gzip off)",
    );
  });

  it("prints the reload section only when a reload was measured", () => {
    expect(summaryLines(makeResults())).toContain("## Incremental reload");
    expect(summaryLines(makeResults({ reload: undefined }))).not.toContain("## Incremental reload");
  });

  it("ends with the notes on skipped corpora, each after an empty line", () => {
    const notes = ["skipped the 100000-article corpus: 1.0 GiB free", "nginx: one process"];
    const lines = summaryLines(makeResults({ notes }));
    expect(lines.at(-1)).toBe("\nskipped the 100000-article corpus: 1.0 GiB free");
    expect(lines.join("\n")).not.toContain("nginx: one process");
  });
});
