import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { parseArgs } from "node:util";
import { experimental_readRawConfig } from "wrangler";
import { sortByFile } from "../../articles/errors.ts";
import { type Config, ConfigError, parseConfig } from "../../config.ts";
import { SeedsFolderError } from "../node/seed-library.ts";
import { readBundledSeeds, renderSeedsModule } from "../node/seeds-module.ts";
import { siteInputFromBundle } from "../worker/bundled-seeds.ts";

const DEFAULT_OUT = "src/generated/seeds.ts";
const WRANGLER_CONFIG = "wrangler.toml";

/** A build-time problem that ends the build with one line. */
class BuildError extends Error {
  override readonly name = "BuildError";
}

/**
 * `npm run build:seeds`: bundles SEEDS_DIR into the module the Worker imports. Broken seeds are
 * reported with the same `path:line: message` lines as `npm run check` and skipped, as the Worker
 * will skip them; they never fail the build. An invalid setting in wrangler.toml does.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: "string", default: DEFAULT_OUT } } });
  const out = values.out;
  const config = readWorkerConfig();

  let read: Awaited<ReturnType<typeof readBundledSeeds>>;
  try {
    read = await readBundledSeeds(config.seedsDir);
  } catch (error) {
    throw new BuildError(new SeedsFolderError(config.seedsDir, error).message);
  }
  const { bundle, unreadable } = read;
  // The Worker's own code decides what it will skip, so this report is exactly what it does.
  const input = siteInputFromBundle(bundle, config);
  const problems = sortByFile([...unreadable, ...input.problems]);
  for (const problem of problems) console.log(join(config.seedsDir, problem.message));

  const typeImport = relative(dirname(out), "src/runtime/worker/bundled-seeds.ts").replaceAll(
    "\\",
    "/",
  );
  const source = renderSeedsModule(
    bundle,
    typeImport.startsWith(".") ? typeImport : `./${typeImport}`,
  );
  const isSame = await readFile(out, "utf8").then(
    (existing) => existing === source,
    () => false,
  );
  if (!isSame) {
    await mkdir(dirname(out), { recursive: true });
    // Written aside and renamed: a typecheck or test running meanwhile never reads half a file.
    const partial = `${out}.${process.pid}.partial`;
    await writeFile(partial, source);
    await rename(partial, out);
  }
  console.error(
    `bundled ${bundle.files.length} seeds from ${config.seedsDir} into ${out}: ` +
      `${input.articles.length} valid, ${problems.length} invalid` +
      (isSame ? " (unchanged)" : ""),
  );
}

/**
 * The Worker's settings: wrangler.toml's [vars], validated by the same schema as Node's
 * environment; SEEDS_DIR comes from the environment when set (it is only read here).
 * @throws {BuildError} naming the invalid setting.
 */
function readWorkerConfig(): Config {
  let vars: Record<string, unknown>;
  try {
    vars = { ...experimental_readRawConfig({ config: WRANGLER_CONFIG }).rawConfig.vars };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new BuildError(`cannot read ${WRANGLER_CONFIG}: ${message.split("\n")[0]}`);
  }
  try {
    parseConfig(vars);
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new BuildError(`${WRANGLER_CONFIG} [vars]: ${error.message}`);
    }
    throw error;
  }
  try {
    return parseConfig({ ...vars, SEEDS_DIR: process.env.SEEDS_DIR ?? vars.SEEDS_DIR });
  } catch (error) {
    if (error instanceof ConfigError) throw new BuildError(error.message);
    throw error;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof BuildError ? error.message : error);
  process.exit(1);
});
