import { existsSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { startChild } from "../../harness/child.ts";
import { REPO_ROOT } from "../../harness/server.ts";
import { WRANGLER, wranglerEnv } from "../../harness/wrangler-dev.ts";
import { BenchError } from "../run/bench-error.ts";
import { PROBE_PATH } from "./routes.ts";

/**
 * Building the Worker site the edge bench measures: the ONE place that knows the build command.
 * Two designs: with src/runtime/cli/build-worker.ts the site is rendered into an assets folder
 * and the Worker script into dist/worker; before it, the seeds are bundled into the script
 * (`build:seeds`) and the assets folder holds only the probe file.
 */

const BUILD_WORKER = "src/runtime/cli/build-worker.ts";
const BUILD_SEEDS = "src/runtime/cli/build-seeds.ts";
const BUILD_TIMEOUT_MS = 30 * 60_000;
/** The line build-worker prints at the end: `worker build: 10964 asset files (…), script …, 12.3 s`. */
const BUILD_LINE = /^worker build: /u;

export type WorkerDesign = "assets" | "bundled seeds";

/** A built site, ready for `wrangler dev` from the repository root. */
export interface WorkerSite {
  readonly design: WorkerDesign;
  /** What to pass after `wrangler dev --ip … --port …`. */
  readonly extraArgs: readonly string[];
  /** The environment wrangler dev needs beside its quiet settings. */
  readonly env: Readonly<Record<string, string>>;
  readonly assetsDir: string;
  /** The Worker script as it would be uploaded, for its gzip size. */
  readonly scriptPath: string;
  /** Wall time of the build command(s). */
  readonly buildMs: number;
  /** build-worker's summary line, when it printed one. */
  readonly buildLine: string | undefined;
}

/** Which design the checked-out code has. */
export function workerDesign(): WorkerDesign {
  return existsSync(join(REPO_ROOT, BUILD_WORKER)) ? "assets" : "bundled seeds";
}

/**
 * Runs one build command to its end with wrangler's quiet settings and `env`.
 * @throws {BenchError} when it fails or takes longer than BUILD_TIMEOUT_MS.
 */
async function runBuildStep(
  name: string,
  command: string,
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<string[]> {
  const child = startChild(name, command, args, { cwd: REPO_ROOT, env: wranglerEnv(env) });
  const timer = setTimeout(() => void child.stop(), BUILD_TIMEOUT_MS);
  const code = await child.exited;
  clearTimeout(timer);
  if (code !== 0) {
    throw new BenchError(`${name} ended with ${code}: ${child.lines.slice(-10).join("\n  ")}`);
  }
  return child.lines;
}

/**
 * Builds the Worker site of `corpusDir` with `assetsDir` as its assets folder (emptied first).
 * `scratchDir` holds what only the old design needs (its script for the size).
 * @throws {BenchError} when a build step fails.
 */
export async function buildWorkerSite(
  corpusDir: string,
  assetsDir: string,
  scratchDir: string,
): Promise<WorkerSite> {
  await rm(assetsDir, { recursive: true, force: true });
  const env = { SEEDS_DIR: corpusDir };
  const node = [process.execPath, "--import", "tsx"];
  const started = performance.now();
  if (workerDesign() === "assets") {
    const lines = await runBuildStep(
      "build-worker",
      process.execPath,
      [...node.slice(1), BUILD_WORKER, "--assets", assetsDir, "--skip-check"],
      env,
    );
    return {
      design: "assets",
      extraArgs: ["--assets", assetsDir],
      env,
      assetsDir,
      scriptPath: join(REPO_ROOT, "dist", "worker", "worker.js"),
      buildMs: performance.now() - started,
      buildLine: lines.find((line) => BUILD_LINE.test(line)),
    };
  }
  // The old design: the seeds bundled into the script; what `npm run build:worker` does.
  await runBuildStep("build:seeds", process.execPath, [...node.slice(1), BUILD_SEEDS], env);
  const scriptDir = join(scratchDir, "worker-script");
  await rm(scriptDir, { recursive: true, force: true });
  await runBuildStep(
    "wrangler deploy --dry-run",
    WRANGLER,
    ["deploy", "--dry-run", "--outdir", scriptDir],
    env,
  );
  const buildMs = performance.now() - started;
  // Only the probe: assets are served before the Worker runs, so nothing else may be one.
  await mkdir(assetsDir, { recursive: true });
  await writeFile(join(assetsDir, PROBE_PATH.slice(1)), "User-agent: *\nAllow: /\n");
  return {
    design: "bundled seeds",
    extraArgs: ["--assets", assetsDir],
    env,
    assetsDir,
    scriptPath: join(scriptDir, "worker.js"),
    buildMs,
    buildLine: undefined,
  };
}
