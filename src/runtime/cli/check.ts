import { join } from "node:path";
import { parseConfig } from "../../config.ts";
import { describeError } from "../describe-error.ts";
import { SeedLibrary, SeedsFolderError } from "../node/seed-library.ts";

/**
 * `npm run check`: reads the seeds folder exactly as the server does and prints one
 * `path:line: message` line per broken seed; exits 1 when there is any.
 */
async function main(): Promise<number> {
  const config = parseConfig(process.env);
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
  console.error(`${articles.length} valid, ${problems.length} invalid`);
  return problems.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(describeError(error));
    process.exit(1);
  },
);
