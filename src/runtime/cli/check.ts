import { join } from "node:path";
import { ConfigError, parseConfig } from "../../config.ts";
import { SeedLibrary, SeedsFolderError } from "../node/seed-library.ts";

/**
 * `feed-publisher check [DIR]` (`npm run check`): reads DIR, or SEEDS_DIR without one, exactly
 * as the server does and prints one `path:line: message` line per broken seed; exits 1 when
 * there is any.
 */
export async function check(folder: string | undefined): Promise<number> {
  let library: SeedLibrary;
  let seedsDir: string;
  try {
    const config = parseConfig(
      folder === undefined ? process.env : { ...process.env, SEEDS_DIR: folder },
    );
    seedsDir = config.seedsDir;
    library = await SeedLibrary.open(seedsDir, config);
  } catch (error) {
    if (!(error instanceof SeedsFolderError || error instanceof ConfigError)) throw error;
    console.error(error.message);
    return 1;
  }
  const { articles, problems } = library.input;
  for (const problem of problems) console.log(join(seedsDir, problem.message));
  console.error(`${articles.length} valid, ${problems.length} invalid`);
  return problems.length === 0 ? 0 : 1;
}
