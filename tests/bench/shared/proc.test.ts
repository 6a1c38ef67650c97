import { describe, expect, it } from "vitest";
import { cpuNanos, parseSchedstat } from "../../../bench/shared/proc.ts";

describe("parseSchedstat", () => {
  it.each([
    ["735464719 466578 15\n", 735_464_719],
    ["0 328020 1", 0],
  ])("reads the time on CPU from %j", (text, nanos) => {
    expect(parseSchedstat(text)).toBe(nanos);
  });

  it.each(["", "12 34", "a b c", "1 2 3 4"])("refuses %j", (text) => {
    expect(() => parseSchedstat(text)).toThrow("schedstat: expected three whole numbers");
  });
});

describe("cpuNanos", () => {
  it("grows with this process's own work, summed over its threads", () => {
    const before = cpuNanos(process.pid);
    const started = performance.now();
    let sum = 0;
    while (performance.now() - started < 50) sum += Math.sqrt(sum + 1);
    const spent = cpuNanos(process.pid) - before;
    expect(sum).toBeGreaterThan(0);
    // 50 ms of busy loop: at least 30 ms on a CPU, even with other processes about.
    expect(spent).toBeGreaterThan(30_000_000);
  });

  it("throws for a process that does not exist", () => {
    expect(() => cpuNanos(2 ** 22 + 1)).toThrow();
  });
});
