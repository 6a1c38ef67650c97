import { afterEach, describe, expect, it, vi } from "vitest";
import { Cleanups } from "../../../bench/run/cleanups.ts";

describe("Cleanups", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("runs its steps in the order they were set", () => {
    const cleanups = new Cleanups();
    const done: string[] = [];
    cleanups.set("a", () => done.push("a"));
    cleanups.set("b", () => done.push("b"));
    cleanups.runAll();
    expect(done).toEqual(["a", "b"]);
  });

  it("runs each step once however often it is asked", () => {
    const cleanups = new Cleanups();
    const step = vi.fn();
    cleanups.set("a", step);
    cleanups.runAll();
    cleanups.runAll();
    expect(step).toHaveBeenCalledTimes(1);
  });

  it("skips a step deleted before the end", () => {
    const cleanups = new Cleanups();
    const step = vi.fn();
    cleanups.set("restore", step);
    cleanups.delete("restore");
    cleanups.runAll();
    expect(step).not.toHaveBeenCalled();
  });

  it("runs the remaining steps after one fails, and says which failed", () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const cleanups = new Cleanups();
    const after = vi.fn();
    cleanups.set("broken", () => {
      throw new Error("disk gone");
    });
    cleanups.set("after", after);
    cleanups.runAll();
    expect(after).toHaveBeenCalled();
    expect(error).toHaveBeenCalledWith('bench: cleanup "broken" failed: Error: disk gone');
  });
});
