import { describe, expect, it } from "vitest";
import { between, chance, mulberry32, pick, rngFor } from "../../src/corpus/rng.ts";

describe("mulberry32", () => {
  it("gives the same numbers for the same seed, in [0, 1)", () => {
    const first = mulberry32(42);
    const second = mulberry32(42);
    for (let i = 0; i < 1_000; i++) {
      const value = first();
      expect(value).toBe(second());
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });
});

describe("rngFor", () => {
  it("gives each seed of a corpus its own numbers", () => {
    expect(rngFor(1, 0)()).not.toBe(rngFor(1, 1)());
    expect(rngFor(1, 0)()).not.toBe(rngFor(2, 0)());
    expect(rngFor(1, 5)()).toBe(rngFor(1, 5)());
  });
});

describe("pick, chance and between", () => {
  it.each([
    [0, "a", true, 3],
    [0.999, "c", false, 7],
  ])("at a roll of %d give %s, %s and %d", (roll, picked, isChance, number) => {
    const rng = () => roll;
    expect(pick(rng, ["a", "b", "c"])).toBe(picked);
    expect(chance(rng, 0.5)).toBe(isChance);
    expect(between(rng, 3, 7)).toBe(number);
  });
});
