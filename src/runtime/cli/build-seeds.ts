import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { sortByFile } from "../../articles/errors.ts";
import { catalogueWarning } from "../../i18n/catalogue.ts";
import { SeedsFolderError } from "../node/seed-library.ts";
import { readBundledSeeds, renderSeedsModule } from "../node/seeds-module.ts";
import {
  readStylesheet,
  renderStylesheetModule,
  StylesheetError,
} from "../node/stylesheet-file.ts";
import { siteInputFromBundle } from "../worker/bundled-seeds.ts";
import { type CommandSpec, commandHelp, parseCommand, UsageError } from "./args.ts";
import { BuildError, readWorkerConfig } from "./worker-config.ts";

const DEFAULT_OUT = "src/generated/seeds.ts";

const SPEC: CommandSpec = {
  name: "build:seeds",
  program: "npm run build:seeds --",
  synopsis: "[--out FILE]",
  brief: "build:seeds",
  summary: "bundle SEEDS_DIR for the Worker",
  description: [
    "Bundles SEEDS_DIR (default seeds) into the module the Worker imports, with wrangler.toml's",
    "[vars] as its settings. Broken seeds are listed like `npm run check` and skipped.",
  ].join("\n"),
  options: {
    out: {
      type: "string",
      value: "FILE",
      default: DEFAULT_OUT,
      description: "the module to write",
    },
  },
};

/**
 * `npm run build:seeds`: bundles SEEDS_DIR into the module the Worker imports. Broken seeds are
 * reported with the same `path:line: message` lines as `npm run check` and skipped, as the Worker
 * will skip them; they never fail the build. An invalid setting in wrangler.toml does.
 */
async function main(): Promise<void> {
  const parsed = parseCommand(SPEC, process.argv.slice(2));
  if (parsed.isHelp) {
    process.stdout.write(commandHelp(SPEC));
    return;
  }
  const out = typeof parsed.values.out === "string" ? parsed.values.out : DEFAULT_OUT;
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

main().catch((error: unknown) => {
  console.error(error instanceof BuildError || error instanceof UsageError ? error.message : error);
  process.exit(error instanceof UsageError ? 2 : 1);
});
