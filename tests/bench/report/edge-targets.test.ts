import { describe, expect, it } from "vitest";
import {
  baselineLimitMs,
  evaluateEdgeTargets,
  evaluateExportTargets,
  judgeCpu,
  msVerdictText,
  planText,
  WORKER_PLANS,
} from "../../../bench/report/edge-targets.ts";
import { makeKindRow, makeSizeRow } from "./edge-builders.ts";

const [FREE, PAID] = WORKER_PLANS;

describe("msVerdictText", () => {
  it.each([
    [[3, 3.2, 3.4], 10, "met (3.2 ms, 3.0–3.4 ms; limit 10.0 ms)"],
    [[30, 31, 32], 10, "not met (31.0 ms, 30.0–32.0 ms; limit 10.0 ms)"],
    [
      [6, 9, 14],
      10,
      "no verdict: spread 8.0 ms wider than the gap 1.0 ms to 10.0 ms (9.0 ms, 6.0–14.0 ms)",
    ],
    [[4], 10, "no verdict: one run (4.0 ms; limit 10.0 ms)"],
    [[], 10, "no verdict: not measured"],
  ])("judges %j against %d ms as %j", (coldMs, limit, text) => {
    expect(msVerdictText(judgeCpu(coldMs, limit))).toBe(text);
  });
});

describe("baselineLimitMs", () => {
  it("is the 1-article site's median for the kind plus 5 ms", () => {
    expect(baselineLimitMs(makeSizeRow(1), "feed")).toBeCloseTo(8.2);
  });

  it("is undefined without that kind on the 1-article site", () => {
    expect(baselineLimitMs(makeSizeRow(1), "archive page")).toBeUndefined();
    expect(baselineLimitMs(undefined, "feed")).toBeUndefined();
  });
});

describe("planText", () => {
  it("says a small site fits both plans", () => {
    expect(planText(makeSizeRow(1000), FREE)).toBe("fits");
    expect(planText(makeSizeRow(1000), PAID)).toBe("fits");
  });

  it("names every limit a site exceeds", () => {
    const size = makeSizeRow(100_000, { assetFiles: 300_123, scriptGzipBytes: 4 * 1024 ** 2 });
    expect(planText(size, FREE)).toBe(
      "does not fit: 300123 files > 20000, script 4.00 MiB gzip > 3 MiB",
    );
    expect(planText(size, PAID)).toBe("does not fit: 300123 files > 100000");
  });
});

describe("evaluateEdgeTargets", () => {
  it("judges each kind at 10k against 10 ms and against the 1-article figure + 5 ms", () => {
    const checks = evaluateEdgeTargets([
      makeSizeRow(1),
      makeSizeRow(10_000, { kinds: [makeKindRow({ coldMs: [9, 9.2, 9.4] })] }),
    ]);
    const cpu = checks.filter((check) => check.target.startsWith("10000 articles, feed"));
    expect(cpu.map((check) => check.isMet)).toEqual([true, false]);
  });

  it("does not judge the CPU of sizes the issue sets no limit for", () => {
    const checks = evaluateEdgeTargets([makeSizeRow(1), makeSizeRow(1000)]);
    expect(checks.some((check) => check.target.includes("CPU"))).toBe(false);
    expect(checks.filter((check) => check.target.includes("plan"))).toHaveLength(4);
  });

  it("gives no verdict when the cold runs spread across the limit", () => {
    const size = makeSizeRow(100_000, { kinds: [makeKindRow({ coldMs: [5, 9, 15] })] });
    const [absolute] = evaluateEdgeTargets([size]);
    expect(absolute?.isMet).toBeUndefined();
    expect(absolute?.measured).toMatch(/^no verdict: spread/u);
  });
});

describe("evaluateExportTargets", () => {
  it("checks 10k against 8 s and 100k against 60 s, each cache state", () => {
    const checks = evaluateExportTargets([
      { articles: 1000, start: "cold", wallMs: [2000, 2000], files: 3000 },
      { articles: 10_000, start: "cold", wallMs: [9000, 9100], files: 30_000 },
      { articles: 10_000, start: "warm", wallMs: [5000, 5100], files: 30_000 },
      { articles: 100_000, start: "cold", wallMs: [55_000, 56_000], files: 300_000 },
    ]);
    expect(checks.map((check) => [check.target, check.isMet])).toEqual([
      ["export of 10000 articles < 8 s (cold cache)", false],
      ["export of 10000 articles < 8 s (warm cache)", true],
      ["export of 100000 articles < 60 s (cold cache)", true],
    ]);
  });

  it("gives no verdict on one run, or on runs on both sides of the limit", () => {
    const checks = evaluateExportTargets([
      { articles: 100_000, start: "cold", wallMs: [59_000], files: 300_000 },
      { articles: 100_000, start: "warm", wallMs: [58_000, 59_500, 61_000], files: 300_000 },
    ]);
    expect(checks.map((check) => check.isMet)).toEqual([undefined, undefined]);
    expect(checks[0]?.measured).toBe("no verdict: one run (59.0 s; limit 60.0 s), 300000 files");
  });
});
