import { describe, expect, it } from "vitest";
import { isQuiet, requestCpuNs } from "../../../bench/edge/cpu-window.ts";

const reading = (ms: number, atMs: number) => ({ ns: ms * 1e6, atMs });

describe("isQuiet", () => {
  it.each([
    [0, true],
    [0.99, true],
    [1, false],
    [12, false],
  ])("calls a window with %d ms of CPU quiet: %s", (ms, quiet) => {
    expect(isQuiet({ start: reading(100, 0), end: reading(100 + ms, 200) })).toBe(quiet);
  });
});

describe("requestCpuNs", () => {
  it("is the CPU between the readings when the idle window used none", () => {
    const idle = { start: reading(100, 0), end: reading(100, 200) };
    expect(requestCpuNs(reading(100, 200), reading(112, 800), idle)).toBe(12e6);
  });

  it("takes off the idle rate over the request's window", () => {
    // 0.5 ms per 200 ms idle; the request's window is 600 ms long: 1.5 ms of drift.
    const idle = { start: reading(100, 0), end: reading(100.5, 200) };
    expect(requestCpuNs(reading(100.5, 200), reading(112.5, 800), idle)).toBeCloseTo(10.5e6);
  });

  it("never goes below zero", () => {
    const idle = { start: reading(100, 0), end: reading(100.9, 200) };
    expect(requestCpuNs(reading(100.9, 200), reading(101, 800), idle)).toBe(0);
  });
});
