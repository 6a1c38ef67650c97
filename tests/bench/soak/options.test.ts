import { describe, expect, it } from "vitest";
import { UsageError } from "../../../bench/soak/errors.ts";
import { parseSoakOptions } from "../../../bench/soak/options.ts";

describe("parseSoakOptions", () => {
  it.each([
    [[], 60],
    [["--quick"], 15],
    [["--seconds", "90"], 90],
    [["--quick", "--seconds", "5"], 5],
  ])("with %j soaks for %d s", (args, seconds) => {
    expect(parseSoakOptions(args)).toEqual({ seconds });
  });

  it.each([
    [["--seconds", "0"]],
    [["--seconds", "3601"]],
    [["--seconds", "2.5"]],
    [["--minutes", "2"]],
  ])("rejects %j as a usage error", (args) => {
    expect(() => parseSoakOptions(args)).toThrow(UsageError);
  });
});
