import { join } from "node:path";
import { creditMarkerLines, creditMarkerSummary } from "../../articles/credit-report.ts";
import { ConfigError, parseConfig } from "../../config.ts";
import { catalogueWarning } from "../../i18n/catalogue.ts";
import { SeedLibrary, SeedsFolderError } from "../node/seed-library.ts";

/**
 * `feed-publisher check [DIR]` (`npm run check`): reads DIR, or SEEDS_DIR without one, exactly
 * as the server does and prints one `path:line: message` line per broken seed; exits 1 when
 * there is any. It then says how many seeds each CREDIT_MARKERS word started a credit in;
 * `--verbose` names them seed by seed.
 */
export async function check(
  folder: string | undefined,
  options: { readonly isVerbose: boolean } = { isVerbose: false },
): Promise<number> {
  let library: SeedLibrary;
  let config: ReturnType<typeof parseConfig>;
  try {
    config = parseConfig(
      folder === undefined ? process.env : { ...process.env, SEEDS_DIR: folder },
    );
    const warning = catalogueWarning(config.language);
    if (warning !== undefined) console.error(warning);
    library = await SeedLibrary.open(config.seedsDir, config);
  } catch (error) {
    if (!(error instanceof SeedsFolderError || error instanceof ConfigError)) throw error;
    console.error(error.message);
    return 1;
  }
  const { articles, problems } = library.input;
  for (const problem of problems) console.log(join(config.seedsDir, problem.message));
  if (options.isVerbose) {
    for (const line of creditMarkerLines(articles)) console.log(join(config.seedsDir, line));
  }
  console.error(`${articles.length} valid, ${problems.length} invalid`);
  console.error(creditMarkerSummary(articles, config.creditMarkers));
  return problems.length === 0 ? 0 : 1;
}
