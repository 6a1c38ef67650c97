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

/** Three turns of /feed.xml in `mode`: this server and bare node:http at these CPU figures. */
function loadOf(mode: "plain" | "conditional", node: number[], bare: number[]) {
  return makeLoad(
    node.flatMap((cpu, index) => [
      makeRow("node", mode, { repetition: index + 1, cpuMicrosPerRequest: cpu }),
      makeRow("bare", mode, { repetition: index + 1, cpuMicrosPerRequest: bare[index] ?? 0 }),
    ]),
  );
}

describe("evaluateTargets", () => {
  it("marks every target not measured when the run measured nothing", () => {
    const checks = evaluateTargets(undefined, [], undefined);
    expect(checks).toHaveLength(10);
    for (const check of checks) expect(check).toMatchObject({ measured: "–", isMet: undefined });
  });

  it.each([
    ["within 1.15×, narrowly spread", [52, 53, 54], true],
    ["over 1.15×, narrowly spread", [60, 61, 62], false],
    ["spread wider than the gap", [45, 57, 66], undefined],
  ])("judges the GET CPU target %s against bare's 50 µs", (_, node, isMet) => {
    const checks = evaluateTargets(loadOf("plain", node, [50, 50, 50]), [], undefined);
    expect(checkOf(checks, "GET /feed.xml: CPU per request ≤ 1.15×").isMet).toBe(isMet);
  });

  it("judges the 304 CPU target against 1.3×", () => {
    const checks = evaluateTargets(
      loadOf("conditional", [24, 24.2, 24.4], [20, 20, 20]),
      [],
      undefined,
    );
    expect(checkOf(checks, "304 for /feed.xml: CPU per request ≤ 1.3×")).toMatchObject({
      measured: "met (1.21×, 1.20–1.22×; limit 1.30×)",
      isMet: true,
    });
  });

  it("refuses the CPU verdict when other processes took over a quarter of a core", () => {
    const load = loadOf("plain", [52, 53, 54], [50, 50, 50]);
    const noisy = makeLoad(load.rows.map((row) => ({ ...row, otherLoadCore1Percent: 30 })));
    const check = checkOf(evaluateTargets(noisy, [], undefined), "GET /feed.xml: CPU");
    expect(check).toMatchObject({ isMet: undefined });
    expect(check.measured).toMatch(/^no verdict: others took up to 30 % of a core/u);
  });

  it("leaves the CPU targets unmeasured without a bare node:http row", () => {
    const checks = evaluateTargets(makeLoad([makeRow("node", "plain")]), [], undefined);
    expect(checkOf(checks, "GET /feed.xml: CPU").isMet).toBeUndefined();
  });

  it.each([
    ["a 304 with no body and p99 9.9 ms", {}, true],
    ["a 200", { status: 200 }, false],
    ["a body", { bodyBytes: 12 }, false],
    ["p99 10 ms", { p99Ms: 10 }, false],
    ["others taking 30 % of a core", { otherLoadCore0Percent: 30 }, undefined],
  ])("judges the 304 target on %s", (_name, overrides, isMet) => {
    const load = makeLoad([makeRow("node", "conditional", { p99Ms: 9.9, ...overrides })]);
    const checks = evaluateTargets(load, [], undefined);
    expect(checkOf(checks, "304: status 304").isMet).toBe(isMet);
  });

  it.each([
    ["warm", 899, true],
    ["warm", 900, false],
    ["cold", 899, true],
  ] as const)(
    "judges the 10k start-up target of a %s start whose first byte comes %d ms after 1 article's 400 ms",
    (start, firstByteMs, isMet) => {
      const startup = [
        makeStartupRow(1, { start, firstByteMs: 400 }),
        makeStartupRow(10_000, { start, firstByteMs }),
      ];
      const checks = evaluateTargets(undefined, startup, undefined);
      const which = start === "warm" ? "restart, warm cache" : "first start, empty cache";
      expect(
        checkOf(checks, `10k articles add < 0.5 s to the first feed byte vs 1 article (${which})`)
          .isMet,
      ).toBe(isMet);
    },
  );

  it.each([
    ["warm", 3_999, "on a restart", true],
    ["warm", 4_000, "on a restart", false],
    ["cold", 9_999, "on a cold first start", true],
    ["cold", 10_000, "on a cold first start", false],
  ] as const)("judges a %s 100k start at %d ms %s: %s", (start, firstByteMs, which, isMet) => {
    const checks = evaluateTargets(
      undefined,
      [makeStartupRow(100_000, { start, firstByteMs })],
      undefined,
    );
    const target = checks.find(
      ({ target }) => target.startsWith("100k articles: first feed byte") && target.includes(which),
    );
    expect(target?.isMet).toBe(isMet);
  });

  it("judges 100k memory on the larger peak of the cold and warm starts", () => {
    const startup = [
      makeStartupRow(100_000, { peakRssBytes: 399 * MIB }),
      makeStartupRow(100_000, { start: "warm", peakRssBytes: 401 * MIB }),
    ];
    const checks = evaluateTargets(undefined, startup, undefined);
    expect(checkOf(checks, "100k articles: peak RSS")).toMatchObject({
      measured: "401 MiB",
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
