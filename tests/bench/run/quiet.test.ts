import { describe, expect, it } from "vitest";
import { busyPercent } from "../../../bench/run/quiet.ts";

describe("busyPercent", () => {
  it.each([
    [{ busy: 100, total: 1000 }, { busy: 150, total: 1100 }, 50],
    [{ busy: 0, total: 0 }, { busy: 0, total: 100 }, 0],
    [{ busy: 10, total: 10 }, { busy: 110, total: 110 }, 100],
  ])("is the busy share of the ticks between %j and %j", (before, after, percent) => {
    expect(busyPercent(before, after)).toBe(percent);
  });

  it("does not divide by zero when no tick passed", () => {
    expect(busyPercent({ busy: 5, total: 5 }, { busy: 5, total: 5 })).toBe(0);
  });
});
