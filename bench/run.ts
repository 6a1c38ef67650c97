import { cpus } from "node:os";
import { killAllNow, stopAll } from "../harness/child.ts";
import { runBench } from "./run/bench.ts";
import { Cleanups } from "./run/cleanups.ts";
import { FOLDERS, findTools } from "./run/environment.ts";
import { BENCH_USAGE, parseRunOptions, UsageError } from "./run/options.ts";

/**
 * `npm run bench`: measures the Node server against nginx serving the same feed bytes (req/s,
 * latency and CPU per request, plain, gzip and 304, on pinned cores), its start-up time and
 * memory per corpus size, and how fast one changed seed reaches /feed.xml; for issue 11, the
 * Worker's CPU per route kind on a fresh `wrangler dev` and the static export's time (`--only`
 * picks sections). Loopback only, bounded in time, installs nothing; writes results.json,
 * results.md and chart.svg.
 */

const cleanups = new Cleanups();

function abort(reason: string, code: number): never {
  console.error(`bench: ${reason}; stopping every child process`);
  killAllNow();
  cleanups.runAll();
  process.exit(code);
}

const HELP = `${BENCH_USAGE}

Measures the compiled server against bare node:http and nginx (CPU per request, req/s, latency),
start-up cold and warm at 1 to 100,000 articles, the Worker's CPU per route kind under wrangler
dev, and the static export. Writes bench/results.md, results.json and chart.svg; --quick is a
smoke run written to bench/.work/quick. Details: bench/README.md.`;

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h")) {
    console.log(HELP);
    return 0;
  }
  let options: ReturnType<typeof parseRunOptions>;
  try {
    options = parseRunOptions(args, FOLDERS);
  } catch (error) {
    // A mistake in the command line: one line saying what, the usage, exit 2.
    console.error(`bench: ${error instanceof Error ? error.message : error} (${BENCH_USAGE})`);
    return 2;
  }
  // wrk and nginx serve the load section, taskset the start-up one; edge and export need none.
  const needsTools = options.sections.has("load") || options.sections.has("startup");
  const tools = needsTools ? findTools() : undefined;
  if (needsTools && tools === undefined) return 1;
  if (cpus().length < 2) {
    console.error("bench: needs two CPU cores (server on core 0, wrk on core 1)");
    return 1;
  }
  const hardTimer = setTimeout(
    () => abort(`hard timeout: the run took longer than ${options.timeoutMs / 1000} s`, 2),
    options.timeoutMs,
  );
  process.once("SIGINT", () => abort("interrupted", 130));
  process.once("SIGTERM", () => abort("terminated", 143));
  try {
    await runBench(options, tools, cleanups);
    return 0;
  } finally {
    await stopAll();
    cleanups.runAll();
    clearTimeout(hardTimer);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error(
      error instanceof UsageError ? `bench: ${message}\n${BENCH_USAGE}` : `bench: ${message}`,
    );
    killAllNow();
    cleanups.runAll();
    process.exit(1);
  },
);
