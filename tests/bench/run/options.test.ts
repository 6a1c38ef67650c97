import { describe, expect, it } from "vitest";
import { parseRunOptions, UsageError } from "../../../bench/run/options.ts";

const FOLDERS = { workDir: "/repo/bench/.work", benchDir: "/repo/bench" };

describe("parseRunOptions", () => {
  it("runs the full benchmark without options", () => {
    const options = parseRunOptions([], FOLDERS);
    expect(options).toMatchObject({
      isQuick: false,
      loadArticles: 1000,
      sizes: [1000, 10_000, 100_000],
      seed: 1,
      wrkSeconds: 5,
      repetitions: 3,
      warmupSeconds: 2,
      paths: ["/feed.xml", "/atom.xml", "/feed.json"],
      timeoutMs: 6_300_000,
      resultsDir: "/repo/bench",
    });
    expect(options.startupRuns(10_000)).toBe(3);
    expect(options.startupRuns(100_000)).toBe(3);
    expect(options.exportRuns).toBe(3);
  });

  it("makes --quick a short smoke run that writes its results apart", () => {
    const options = parseRunOptions(["--quick"], FOLDERS);
    expect(options).toMatchObject({
      isQuick: true,
      loadArticles: 200,
      sizes: [1000],
      wrkSeconds: 1,
      repetitions: 2,
      warmupSeconds: 0,
      paths: ["/feed.xml"],
      timeoutMs: 1_020_000,
      resultsDir: "/repo/bench/.work/quick",
      quietBudget: { remainingMs: 3_000 },
    });
    expect(options.startupRuns(1)).toBe(1);
    expect(options.exportRuns).toBe(1);
  });

  it("sorts the sizes and drops repeats", () => {
    expect(parseRunOptions(["--sizes", "10000, 1,10000"], FOLDERS).sizes).toEqual([1, 10_000]);
  });

  it("gives every run its own waiting budget", () => {
    const first = parseRunOptions([], FOLDERS);
    first.quietBudget.remainingMs = 0;
    expect(parseRunOptions([], FOLDERS).quietBudget.remainingMs).toBe(180_000);
  });

  it.each([
    [["--sizes", "0"], "--sizes must be whole numbers"],
    [["--sizes", "1.5"], "--sizes must be whole numbers"],
    [["--seed=-1"], "--seed must be a whole number"],
    [["--seed", "4294967296"], "--seed must be a whole number"],
    [["--duration", "121"], "--duration must be whole seconds from 1 to 120"],
    [["--timeout", "9"], "--timeout must be whole seconds, at least 10"],
    [["--repeat", "0"], "--repeat must be a whole number from 1 to 20"],
  ])("rejects %j", (args, message) => {
    expect(() => parseRunOptions(args, FOLDERS)).toThrow(UsageError);
    expect(() => parseRunOptions(args, FOLDERS)).toThrow(message);
  });

  it("lets parseArgs reject an unknown option", () => {
    expect(() => parseRunOptions(["--fast"], FOLDERS)).toThrow(/Unknown option '--fast'/u);
  });

  it("runs every section without --only, and the chosen ones with it", () => {
    expect([...parseRunOptions([], FOLDERS).sections]).toEqual([
      "load",
      "startup",
      "edge",
      "export",
    ]);
    expect([...parseRunOptions(["--only", "edge,export"], FOLDERS).sections]).toEqual([
      "edge",
      "export",
    ]);
  });

  it("refuses an unknown section", () => {
    expect(() => parseRunOptions(["--only", "edge,nginx"], FOLDERS)).toThrow(
      "--only takes some of load,startup,edge,export; got nginx",
    );
  });

  it.each([
    [[], 3],
    [["--quick"], 1],
    [["--quick", "--repeat", "2"], 2],
  ])("starts wrangler dev per kind and size as often as %j says: %d", (args, runs) => {
    expect(parseRunOptions(args, FOLDERS).edgeRuns).toBe(runs);
  });

  it.each([
    [["--only", "load,startup"], 1_800_000],
    [["--quick", "--only", "load"], 120_000],
    [["--quick", "--only", "edge"], 720_000],
    [["--only", "export"], 2_700_000],
  ])("gives %j a time limit of %d ms unless --timeout says otherwise", (args, timeoutMs) => {
    expect(parseRunOptions(args, FOLDERS).timeoutMs).toBe(timeoutMs);
  });
});
