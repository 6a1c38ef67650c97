import { join } from "node:path";
import { parseArgs } from "node:util";
import { creditMarkerLines, creditMarkerSummary } from "../../articles/credit-report.ts";
import { parseConfig } from "../../config.ts";
import { catalogueWarning } from "../../i18n/catalogue.ts";
import { describeError } from "../describe-error.ts";
import { SeedLibrary, SeedsFolderError } from "../node/seed-library.ts";

/**
 * `npm run check`: reads the seeds folder exactly as the server does and prints one
 * `path:line: message` line per broken seed; exits 1 when there is any. It then says how many
 * seeds each CREDIT_MARKERS word started a credit in; `--verbose` names them seed by seed.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({ options: { verbose: { type: "boolean", short: "v" } } });
  const config = parseConfig(process.env);
  const warning = catalogueWarning(config.language);
  if (warning !== undefined) console.error(warning);
  let library: SeedLibrary;
  try {
    library = await SeedLibrary.open(config.seedsDir, config);
  } catch (error) {
    if (!(error instanceof SeedsFolderError)) throw error;
    console.error(error.message);
    return 1;
  }
  const { articles, problems } = library.input;
  for (const problem of problems) console.log(join(config.seedsDir, problem.message));
  if (values.verbose === true) {
    for (const line of creditMarkerLines(articles)) console.log(join(config.seedsDir, line));
  }
  console.error(`${articles.length} valid, ${problems.length} invalid`);
  console.error(creditMarkerSummary(articles, config.creditMarkers));
  return problems.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(describeError(error));
    process.exit(1);
  },
);
