import { loadArticles } from "../articles/load.ts";
import { parseConfig } from "../config.ts";
import { readSeedsFolder } from "./read-seeds.ts";

/** `npm run check`: one `path:line: message` line per broken seed; exit 1 when there is any. */
async function main(): Promise<number> {
  const config = parseConfig(process.env);
  const loaded = loadArticles(await readSeedsFolder(config.seedsDir), config);
  for (const problem of loaded.problems) console.log(`${config.seedsDir}/${problem.message}`);
  console.error(`${loaded.articles.length} valid, ${loaded.problems.length} invalid`);
  return loaded.problems.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
