import { experimental_readRawConfig } from "wrangler";
import { type Config, ConfigError, parseConfig } from "../../config.ts";
import { ExportError } from "../../site/headers-file.ts";
import { SeedsFolderError } from "../node/seed-library.ts";
import { StylesheetError } from "../node/stylesheet-file.ts";
import { WORKER_PLANS, WorkerAssetsError, type WorkerPlan } from "../node/worker-assets.ts";
import { UsageError } from "./args.ts";

export const WRANGLER_CONFIG = "wrangler.toml";

/** A build-time problem that ends the build (or the deploy) with one line. */
export class BuildError extends Error {
  override readonly name = "BuildError";
}

/**
 * Ends a Worker build command (build:worker, dev:worker): its exit code, or one line and 2 for a
 * wrong argument, one line and 1 for the operator's mistake, the whole error for our bug.
 */
export function exitWith(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof UsageError) {
        console.error(error.message);
        process.exit(2);
      }
      console.error(isBuildProblem(error) ? error.message : error);
      process.exit(1);
    },
  );
}

/** The operator's mistakes in a Worker build: reported in one line, exit code 1. */
export function isBuildProblem(error: unknown): error is Error {
  return [BuildError, ExportError, SeedsFolderError, StylesheetError, WorkerAssetsError].some(
    (type) => error instanceof type,
  );
}

/**
 * WORKER_PLAN (free, the default, or paid): the limits a Worker build plans for.
 * @throws {BuildError} naming any other value.
 */
export function readWorkerPlan(): WorkerPlan {
  const plan = process.env.WORKER_PLAN?.trim() || "free";
  if (!(plan in WORKER_PLANS)) {
    throw new BuildError(`invalid setting WORKER_PLAN: must be free or paid, not ${plan}`);
  }
  return plan as WorkerPlan;
}

/**
 * The Worker's settings: wrangler.toml's [vars], validated by the same schema as Node's
 * environment; SEEDS_DIR and STYLESHEET come from the environment when set (they are only read
 * here, at build time).
 * @throws {BuildError} naming the invalid setting.
 */
export function readWorkerConfig(file = WRANGLER_CONFIG): Config {
  let vars: Record<string, unknown>;
  try {
    vars = { ...experimental_readRawConfig({ config: file }).rawConfig.vars };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new BuildError(`cannot read ${file}: ${message.split("\n")[0]}`);
  }
  try {
    parseConfig(vars);
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new BuildError(`${file} [vars]: ${error.message}`);
    }
    throw error;
  }
  try {
    return parseConfig({
      ...vars,
      SEEDS_DIR: process.env.SEEDS_DIR ?? vars.SEEDS_DIR,
      STYLESHEET: process.env.STYLESHEET ?? vars.STYLESHEET,
    });
  } catch (error) {
    if (error instanceof ConfigError) throw new BuildError(error.message);
    throw error;
  }
}
