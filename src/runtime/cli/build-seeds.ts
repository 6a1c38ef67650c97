import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { parseArgs } from "node:util";
import { experimental_readRawConfig } from "wrangler";
import { sortByFile } from "../../articles/errors.ts";
import { type Config, ConfigError, parseConfig } from "../../config.ts";
import { catalogueWarning } from "../../i18n/catalogue.ts";
import { SeedsFolderError } from "../node/seed-library.ts";
import { readBundledSeeds, renderSeedsModule } from "../node/seeds-module.ts";
import {
  readStylesheet,
  renderStylesheetModule,
  StylesheetError,
} from "../node/stylesheet-file.ts";
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
  const warning = catalogueWarning(config.language);
  if (warning !== undefined) console.error(warning);
  // The Worker has no files: STYLESHEET's text is bundled beside the seeds.
  let stylesheet: string | undefined;
  try {
    stylesheet = await readStylesheet(config.stylesheetPath);
  } catch (error) {
    if (error instanceof StylesheetError) throw new BuildError(error.message);
    throw error;
  }
  await writeIfChanged(
    join(dirname(out), "stylesheet.ts"),
    renderStylesheetModule(config.stylesheetPath, stylesheet),
  );

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
  const isSame = !(await writeIfChanged(out, source));
  console.error(
    `bundled ${bundle.files.length} seeds from ${config.seedsDir} into ${out}: ` +
      `${input.articles.length} valid, ${problems.length} invalid` +
      (isSame ? " (unchanged)" : ""),
  );
}

/** Writes `source` to `path` unless it holds exactly that; true when it wrote. */
async function writeIfChanged(path: string, source: string): Promise<boolean> {
  const isSame = await readFile(path, "utf8").then(
    (existing) => existing === source,
    () => false,
  );
  if (isSame) return false;
  await mkdir(dirname(path), { recursive: true });
  // Written aside and renamed: a typecheck or test running meanwhile never reads half a file.
  const partial = `${path}.${process.pid}.partial`;
  await writeFile(partial, source);
  await rename(partial, path);
  return true;
}

/**
 * The Worker's settings: wrangler.toml's [vars], validated by the same schema as Node's
 * environment; SEEDS_DIR and STYLESHEET come from the environment when set (they are only read
 * here).
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

main().catch((error: unknown) => {
  console.error(error instanceof BuildError ? error.message : error);
  process.exit(1);
});
