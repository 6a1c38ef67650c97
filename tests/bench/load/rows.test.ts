import { describe, expect, it } from "vitest";
import { loadRowLine, requestHeaders } from "../../../bench/load/rows.ts";
import { makeRow } from "../report/builders.ts";

describe("requestHeaders", () => {
  it.each([
    ["plain", {}],
    ["gzip", { "Accept-Encoding": "gzip" }],
    ["conditional", { "If-None-Match": '"e"' }],
  ] as const)("sends %s as %j", (mode, headers) => {
    expect(requestHeaders(mode, '"e"')).toEqual(headers);
  });
});

describe("loadRowLine", () => {
  it("states rate, latency, CPU and noise in one aligned line", () => {
    const row = makeRow("node", "plain", { requestsPerSecond: 4674.4, p99Ms: 294.375 });
    expect(loadRowLine(row)).toBe(
      "  node  /feed.xml  plain       turn 1 200   4674 req/s  p50 1.00 ms  p99 294.38 ms  50.0 µs CPU/req  others on cores 0/1 0/0 %",
    );
  });

  it("adds wrk's errors only when there were some", () => {
    const row = makeRow("nginx", "gzip", { non2xx3xx: 2, socketErrors: 1 });
    expect(loadRowLine(row)).toMatch(/ \(2 non-2xx\/3xx, 1 socket errors\)$/u);
    expect(loadRowLine(makeRow("nginx", "gzip"))).not.toContain("errors");
  });
});
