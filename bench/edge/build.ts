import { rm } from "node:fs/promises";
import { join } from "node:path";
import { startChild } from "../../harness/child.ts";
import { REPO_ROOT } from "../../harness/server.ts";
import { wranglerEnv } from "../../harness/wrangler-dev.ts";
import { BenchError } from "../run/bench-error.ts";

/**
 * Building the Worker site the edge bench measures: the ONE place that knows the build command.
 * `npm run build:worker`'s program renders the site into an assets folder and bundles the
 * Worker script into dist/worker, as a deploy would.
 */

const BUILD_WORKER = "src/runtime/cli/build-worker.ts";
const BUILD_TIMEOUT_MS = 30 * 60_000;
/** The line build-worker prints at the end: `worker build: 10964 asset files (…), script …, 12.3 s`. */
const BUILD_LINE = /^worker build: /u;

/** A built site, ready for `wrangler dev` from the repository root. */
export interface WorkerSite {
  /** What to pass after `wrangler dev --ip … --port …`. */
  readonly extraArgs: readonly string[];
  /** The environment wrangler dev needs beside its quiet settings. */
  readonly env: Readonly<Record<string, string>>;
  readonly assetsDir: string;
  /** The Worker script as it would be uploaded, for its gzip size. */
  readonly scriptPath: string;
  /** Wall time of the build command. */
  readonly buildMs: number;
  /** build-worker's summary line. */
  readonly buildLine: string | undefined;
  /** How the article pages are kept, from that line: `files` or `10441 shards`. */
  readonly articlePages: string;
}

/**
 * Builds the Worker site of `corpusDir` with `assetsDir` as its assets folder (emptied first).
 * @throws {BenchError} when the build fails or takes longer than BUILD_TIMEOUT_MS.
 */
export async function buildWorkerSite(corpusDir: string, assetsDir: string): Promise<WorkerSite> {
  await rm(assetsDir, { recursive: true, force: true });
  const env = { SEEDS_DIR: corpusDir };
  const started = performance.now();
  const child = startChild(
    "build-worker",
    process.execPath,
    ["--import", "tsx", BUILD_WORKER, "--assets", assetsDir],
    { cwd: REPO_ROOT, env: wranglerEnv(env) },
  );
  const timer = setTimeout(() => void child.stop(), BUILD_TIMEOUT_MS);
  const code = await child.exited;
  clearTimeout(timer);
  if (code !== 0) {
    throw new BenchError(`build-worker ended with ${code}: ${child.lines.slice(-10).join("\n  ")}`);
  }
  const buildLine = child.lines.find((line) => BUILD_LINE.test(line));
  return {
    extraArgs: ["--assets", assetsDir],
    env,
    assetsDir,
    scriptPath: join(REPO_ROOT, "dist", "worker", "worker.js"),
    buildMs: performance.now() - started,
    buildLine,
    articlePages: /article pages as (.+)$/u.exec(buildLine ?? "")?.[1] ?? "unknown",
  };
}
