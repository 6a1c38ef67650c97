import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, parseConfig } from "../../src/config.ts";
import { openSeedCache } from "../../src/runtime/node/open-seed-cache.ts";
import { SeedLibrary, SeedsFolderError } from "../../src/runtime/node/seed-library.ts";

/**
 * A first start's scan alone, timed: `npx tsx bench/startup/scan-probe.ts SEEDS_DIR
 * [--no-read-ahead] [--drop-page-cache]`. Opens an empty cache in a temporary folder, scans the
 * seeds as the server's first start does, and prints the scan's wall time, the time to finish
 * writing the cache, and the process's peak RSS. `--drop-page-cache` (root only) first asks the
 * kernel to drop its page cache (`sync; echo 1 > /proc/sys/vm/drop_caches`), so the seeds are read
 * from the disk; `--no-read-ahead` scans without the read-ahead thread, to compare. Runs the
 * TypeScript source through tsx, so its times are a little longer than the compiled server's.
 */

const USAGE =
  "usage: npx tsx bench/startup/scan-probe.ts SEEDS_DIR [--no-read-ahead] [--drop-page-cache]";
const FLAGS = new Set(["--no-read-ahead", "--drop-page-cache"]);

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h")) {
    console.log(
      `${USAGE}\n\nTimes a first start's scan of SEEDS_DIR on an empty cache. Details: bench/README.md.`,
    );
    return 0;
  }
  const folders = args.filter((arg) => !arg.startsWith("-"));
  const unknown = args.filter((arg) => arg.startsWith("-") && !FLAGS.has(arg));
  if (folders.length !== 1 || unknown.length > 0) {
    console.error(
      `scan-probe: ${unknown.length > 0 ? `unknown option ${unknown[0]}` : "give one seeds folder"} (${USAGE})`,
    );
    return 2;
  }
  const [seedsDir = ""] = folders;
  if (args.includes("--drop-page-cache")) {
    try {
      execFileSync("sync"); // dirty pages are not dropped
      writeFileSync("/proc/sys/vm/drop_caches", "1\n");
    } catch (error) {
      console.error(
        `scan-probe: cannot drop the page cache (${(error as Error).message}); run it as root`,
      );
      return 1;
    }
  }
  const cacheDir = await mkdtemp(join(tmpdir(), "scan-probe-"));
  try {
    const config = parseConfig({
      SEEDS_DIR: seedsDir,
      CACHE_DIR: cacheDir,
      BASE_URL: "http://probe.invalid",
    });
    const cache = openSeedCache(config, { warn: (message) => console.error(message) });
    const started = performance.now();
    const library = await SeedLibrary.open(seedsDir, config, undefined, {
      ...(cache === undefined ? {} : { cache }),
      ...(args.includes("--no-read-ahead") ? { readAheadMin: Number.POSITIVE_INFINITY } : {}),
    });
    const scanned = performance.now();
    await cache?.settled();
    const settled = performance.now();
    cache?.close();
    const peakMiB = process.resourceUsage().maxRSS / 1024;
    console.log(
      `scan-probe: ${library.input.articles.length} articles, ${library.input.problems.length} problems; ` +
        `scan ${((scanned - started) / 1000).toFixed(2)} s, cache written ${((settled - scanned) / 1000).toFixed(2)} s later; ` +
        `peak RSS ${peakMiB.toFixed(0)} MiB (read-ahead ${args.includes("--no-read-ahead") ? "off" : "on"})`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof SeedsFolderError || error instanceof ConfigError)) throw error;
    console.error(`scan-probe: ${error.message}`);
    return 1;
  } finally {
    await rm(cacheDir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
