import { describe, expect, it } from "vitest";
import type { TargetCheck } from "../../../bench/report/results.ts";
import { evaluateTargets } from "../../../bench/report/targets.ts";
import { makeLoad, makeReload, makeRow, makeStartupRow } from "./builders.ts";

const MIB = 1024 * 1024;

/** The check whose target starts with `start`. */
function checkOf(checks: readonly TargetCheck[], start: string): TargetCheck {
  const found = checks.find(({ target }) => target.startsWith(start));
  if (found === undefined) throw new Error(`no target starts with "${start}"`);
  return found;
}

/** Node's and nginx's plain /feed.xml rows, the rest of the load as makeLoad has it. */
function loadWithPlain(node: { rps: number; cpu: number }, nginx: { rps: number; cpu: number }) {
  return makeLoad([
    makeRow("node", "plain", { requestsPerSecond: node.rps, cpuMicrosPerRequest: node.cpu }),
    makeRow("nginx", "plain", { requestsPerSecond: nginx.rps, cpuMicrosPerRequest: nginx.cpu }),
  ]);
}

describe("evaluateTargets", () => {
  it("marks every target not measured when the run measured nothing", () => {
    const checks = evaluateTargets(undefined, [], undefined);
    expect(checks).toHaveLength(10);
    for (const check of checks) expect(check).toMatchObject({ measured: "–", isMet: undefined });
  });

  it.each([
    [75, true],
    [76, false],
  ])("meets the CPU target at %d µs against nginx's 50 µs: %s", (cpu, isMet) => {
    const checks = evaluateTargets(
      loadWithPlain({ rps: 10_000, cpu }, { rps: 10_000, cpu: 50 }),
      [],
      undefined,
    );
    expect(checkOf(checks, "GET /feed.xml: CPU per request").isMet).toBe(isMet);
  });

  it.each([
    [8_500, true, "0.85×"],
    [8_400, false, "0.84×"],
  ])("meets the req/s target at %d against nginx's 10000: %s", (rps, isMet, measured) => {
    const checks = evaluateTargets(
      loadWithPlain({ rps, cpu: 50 }, { rps: 10_000, cpu: 50 }),
      [],
      undefined,
    );
    expect(checkOf(checks, "GET /feed.xml: req/s")).toMatchObject({ measured, isMet });
  });

  it("leaves the nginx ratios unmeasured when nginx has no matching row", () => {
    const load = makeLoad([makeRow("node", "plain")]);
    const checks = evaluateTargets(load, [], undefined);
    expect(checkOf(checks, "GET /feed.xml: req/s").isMet).toBeUndefined();
  });

  it.each([
    ["a 304 with no body and p99 9.9 ms", {}, true],
    ["a 200", { status: 200 }, false],
    ["a body", { bodyBytes: 12 }, false],
    ["p99 10 ms", { p99Ms: 10 }, false],
  ])("judges the 304 target on %s", (_name, overrides, isMet) => {
    const load = makeLoad([makeRow("node", "conditional", { p99Ms: 9.9, ...overrides })]);
    const checks = evaluateTargets(load, [], undefined);
    expect(checkOf(checks, "304: status 304").isMet).toBe(isMet);
  });

  it.each([
    [1_499, true],
    [1_500, false],
  ])(
    "meets the 10k start-up target when the first byte comes %d ms after 1 article's 500 ms",
    (firstByteMs, isMet) => {
      const startup = [
        makeStartupRow(1, { firstByteMs: 500 }),
        makeStartupRow(10_000, { firstByteMs }),
      ];
      const checks = evaluateTargets(undefined, startup, undefined);
      expect(checkOf(checks, "10k articles add").isMet).toBe(isMet);
    },
  );

  it("measures the 10k and 100k memory targets in MiB", () => {
    const startup = [
      makeStartupRow(10_000, { peakRssBytes: 299 * MIB }),
      makeStartupRow(100_000, { peakRssBytes: 1024 * MIB }),
    ];
    const checks = evaluateTargets(undefined, startup, undefined);
    expect(checkOf(checks, "10k articles: peak RSS")).toMatchObject({
      measured: "299 MiB",
      isMet: true,
    });
    expect(checkOf(checks, "100k articles: peak RSS")).toMatchObject({
      measured: "1024 MiB",
      isMet: false,
    });
  });

  it("judges the reload target only on a 100k corpus", () => {
    const small = evaluateTargets(undefined, [], makeReload({ articles: 1000, msToNewFeed: 10 }));
    expect(checkOf(small, "one changed seed")).toMatchObject({
      measured: "10 ms (1000 articles)",
      isMet: undefined,
    });
    const never = evaluateTargets(undefined, [], makeReload({ msToNewFeed: undefined }));
    expect(checkOf(never, "one changed seed")).toMatchObject({
      measured: "never (100000 articles)",
      isMet: false,
    });
  });

  it("fails the archive target when an untouched page's ETag changed", () => {
    const untouched = [
      { path: "/archive/1/feed.xml", before: '"a"', after: '"a"' },
      { path: "/archive/5/feed.xml", before: '"b"', after: '"c"' },
    ];
    const checks = evaluateTargets(undefined, [], makeReload({ untouched }));
    expect(checkOf(checks, "untouched archive pages")).toMatchObject({
      measured: "1 of 2",
      isMet: false,
    });
  });

  it("leaves the archive target unmeasured when no page was watched", () => {
    const checks = evaluateTargets(undefined, [], makeReload({ untouched: [] }));
    expect(checkOf(checks, "untouched archive pages").isMet).toBeUndefined();
  });
});
