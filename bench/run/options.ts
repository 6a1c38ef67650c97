import { join } from "node:path";
import { parseArgs } from "node:util";
import { FEED_FORMATS, MAIN_FEED, paths } from "../../src/urls.ts";

/** The options of `npm run bench`, and what `--quick` changes. */

export const BENCH_USAGE =
  "usage: npm run bench -- [--quick] [--only load,startup,edge,export] [--sizes 1000,10000] [--seed S] [--duration SECONDS] [--repeat N] [--timeout SECONDS]";

/** The parts of a run `--only` can choose; all of them without it. */
export const SECTIONS = ["load", "startup", "edge", "export"] as const;
export type Section = (typeof SECTIONS)[number];

/** How many requests follow the cold one on each fresh wrangler dev. */
const EDGE_WARM_REQUESTS = 5;

export interface RunOptions {
  readonly isQuick: boolean;
  /** What this run measures (`--only`). */
  readonly sections: ReadonlySet<Section>;
  /** Fresh wrangler dev starts per corpus size and route kind (`--repeat`, else 3; 1 quick). */
  readonly edgeRuns: number;
  /** Cold-and-warm export pairs per corpus size (`--repeat`, else 3; 1 quick). */
  readonly exportRuns: number;
  readonly edgeWarmRequests: number;
  readonly loadArticles: number;
  readonly sizes: readonly number[];
  readonly seed: number;
  readonly wrkSeconds: number;
  /** How often each server, path and request is measured (in turns across the servers). */
  readonly repetitions: number;
  readonly warmupSeconds: number;
  /** How long, in all, the run may wait for other processes to leave the two cores alone. */
  readonly quietBudget: { remainingMs: number };
  readonly paths: readonly string[];
  readonly timeoutMs: number;
  readonly startupRuns: (articles: number) => number;
  readonly resultsDir: string;
}

/** Where a run keeps its corpora and smoke results, and where a full run writes its figures. */
export interface BenchFolders {
  readonly workDir: string;
  readonly benchDir: string;
}

/** An option the user gave is not one the bench accepts. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/**
 * The run's options from its command-line arguments.
 * @throws {UsageError} when a number is out of range.
 * @throws {TypeError} (from parseArgs) on an unknown option.
 */
export function parseRunOptions(args: readonly string[], folders: BenchFolders): RunOptions {
  const { values } = parseArgs({
    args: [...args],
    options: {
      quick: { type: "boolean", default: false },
      only: { type: "string" },
      sizes: { type: "string" },
      seed: { type: "string", default: "1" },
      duration: { type: "string" },
      repeat: { type: "string" },
      timeout: { type: "string" },
    },
  });
  const isQuick = values.quick === true;
  const sizes = (values.sizes ?? (isQuick ? "1000" : "1000,10000,100000"))
    .split(",")
    .map((size) => Number(size.trim()));
  if (sizes.some((size) => !Number.isInteger(size) || size < 1 || size > 1_000_000)) {
    throw new UsageError("--sizes must be whole numbers from 1 to 1000000, such as 1000,10000");
  }
  const seed = Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new UsageError("--seed must be a whole number from 0 to 4294967295");
  }
  // Shorter runs, repeated: three 5 s runs in turns say more on a shared machine than one of 15 s.
  const wrkSeconds = Number(values.duration ?? (isQuick ? 1 : 5));
  if (!Number.isInteger(wrkSeconds) || wrkSeconds < 1 || wrkSeconds > 120) {
    throw new UsageError("--duration must be whole seconds from 1 to 120");
  }
  const repetitions = Number(values.repeat ?? (isQuick ? 2 : 3));
  if (!Number.isInteger(repetitions) || repetitions < 1 || repetitions > 20) {
    throw new UsageError("--repeat must be a whole number from 1 to 20");
  }
  const only = (values.only ?? SECTIONS.join(",")).split(",").map((name) => name.trim());
  const unknown = only.filter((name) => !(SECTIONS as readonly string[]).includes(name));
  if (unknown.length > 0 || only.length === 0) {
    throw new UsageError(`--only takes some of ${SECTIONS.join(",")}; got ${unknown.join(",")}`);
  }
  const sections = new Set(only as Section[]);
  // The edge section starts a wrangler dev per size, route kind and run; the export writes
  // every page of every corpus twice: both add to the time limit when they are chosen.
  const defaultTimeout =
    (isQuick ? 120 : 1800) +
    (sections.has("edge") ? (isQuick ? 600 : 3600) : 0) +
    (sections.has("export") ? (isQuick ? 300 : 900) : 0);
  const timeoutSeconds = Number(values.timeout ?? defaultTimeout);
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 10) {
    throw new UsageError("--timeout must be whole seconds, at least 10");
  }
  const feeds = FEED_FORMATS.map((format) => paths.feed(MAIN_FEED, format));
  return {
    isQuick,
    sections,
    edgeRuns: values.repeat === undefined ? (isQuick ? 1 : 3) : repetitions,
    exportRuns: values.repeat === undefined ? (isQuick ? 1 : 3) : repetitions,
    edgeWarmRequests: EDGE_WARM_REQUESTS,
    loadArticles: isQuick ? 200 : 1000,
    sizes: [...new Set(sizes)].sort((a, b) => a - b),
    seed,
    wrkSeconds,
    repetitions,
    warmupSeconds: isQuick ? 0 : 2,
    quietBudget: { remainingMs: isQuick ? 3_000 : 180_000 },
    paths: isQuick ? feeds.slice(0, 1) : feeds,
    timeoutMs: timeoutSeconds * 1000,
    // The median of three runs at every size: one run of a 100k first start varied by seconds
    // with what of the corpus the page cache still held.
    startupRuns: () => (isQuick ? 1 : 3),
    // A smoke run must not overwrite the figures of a full run.
    resultsDir: isQuick ? join(folders.workDir, "quick") : folders.benchDir,
  };
}
