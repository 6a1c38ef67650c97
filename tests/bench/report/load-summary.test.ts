import { describe, expect, it } from "vitest";
import { compareLoad } from "../../../bench/report/load-summary.ts";
import { makeLoad, makeRow } from "./builders.ts";

describe("compareLoad", () => {
  it("gives one comparison per path and request, in the order measured", () => {
    const comparisons = compareLoad(makeLoad().rows);
    expect(comparisons.map(({ path, mode }) => `${path} ${mode}`)).toEqual([
      "/feed.xml plain",
      "/feed.xml gzip",
      "/feed.xml conditional",
    ]);
  });

  it("sums each server's turns up as median and range", () => {
    const [plain] = compareLoad(makeLoad().rows);
    expect(plain?.servers.node?.cpuMicrosPerRequest).toEqual({
      median: 104,
      min: 100,
      max: 108,
      count: 3,
    });
    expect(plain?.servers.bare?.requestsPerSecond.median).toBe(8_000);
  });

  it("divides this server's CPU by the others' turn by turn", () => {
    const [plain] = compareLoad(makeLoad().rows);
    expect(plain?.cpuVsBare).toEqual([1.25, 1.3, 1.35]);
    expect(plain?.cpuVsNginx).toEqual([2, 2.08, 2.16]);
  });

  it("pairs only turns both servers were measured in", () => {
    const rows = [
      makeRow("node", "plain", { repetition: 1, cpuMicrosPerRequest: 60 }),
      makeRow("node", "plain", { repetition: 2, cpuMicrosPerRequest: 90 }),
      makeRow("bare", "plain", { repetition: 2, cpuMicrosPerRequest: 45 }),
    ];
    expect(compareLoad(rows)[0]?.cpuVsBare).toEqual([2]);
  });

  it("has no nginx figures where nginx did not serve the request (gzip)", () => {
    const gzip = compareLoad(makeLoad().rows)[1];
    expect(gzip?.servers.nginx).toBeUndefined();
    expect(gzip?.cpuVsNginx).toEqual([]);
  });

  it("keeps the most other processes took in any run, and sums the errors", () => {
    const rows = [
      makeRow("node", "plain", { otherLoadCore0Percent: 3, non2xx3xx: 1 }),
      makeRow("node", "plain", { repetition: 2, otherLoadCore0Percent: 9, socketErrors: 2 }),
    ];
    expect(compareLoad(rows)[0]?.servers.node).toMatchObject({
      otherLoadCore0Percent: 9,
      errors: 3,
    });
  });
});
