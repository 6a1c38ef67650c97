import { describe, expect, it } from "vitest";
import { Failures } from "../../../bench/soak/failures.ts";

describe("Failures", () => {
  it("has no lines when nothing failed", () => {
    expect(new Failures().lines()).toEqual([]);
  });

  it("groups failures by reason with a count and the first three examples", () => {
    const failures = new Failures();
    for (const example of ["a", "b", "c", "d"]) failures.add("5xx response", example);
    failures.add("HEAD with a body", "HEAD /");
    expect(failures.total).toBe(5);
    expect(failures.lines()).toEqual([
      "soak: FAIL: 4 × 5xx response (first: a; b; c)",
      "soak: FAIL: 1 × HEAD with a body (first: HEAD /)",
    ]);
  });
});
